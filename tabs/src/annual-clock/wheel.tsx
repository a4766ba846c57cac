import { useMemo } from 'react';
import { tokens } from '@fluentui/react-components';
import { arcPath, polarToCartesian, wheelLayout } from '../../../src/domain/annual-clock/wheel-layout';
import { BASELINE_EM } from '../../../src/domain/annual-clock/wheel-labels';
import { completionIndex } from '../../../src/domain/annual-clock/completion';
import type { Locale } from '../shared/teams';
import { RING_COLORS, type ClockView, type Selected, type SelectedGroup } from './types';

/** Annulus sector between two radii and two angles (degrees clockwise from 12 o'clock). */
function sectorPath(cx: number, cy: number, r0: number, r1: number, a0: number, a1: number): string {
  const p = (r: number, a: number) => polarToCartesian(cx, cy, r, a);
  const f = (n: number) => n.toFixed(2);
  const [o0, o1, i1, i0] = [p(r1, a0), p(r1, a1), p(r0, a1), p(r0, a0)];
  const large = a1 - a0 > 180 ? 1 : 0;
  return `M${f(o0.x)} ${f(o0.y)}A${f(r1)} ${f(r1)} 0 ${large} 1 ${f(o1.x)} ${f(o1.y)}L${f(i1.x)} ${f(i1.y)}A${f(r0)} ${f(r0)} 0 ${large} 0 ${f(i0.x)} ${f(i0.y)}Z`;
}

export interface WheelProps {
  view: ClockView;
  visibleRings: string[];
  size: number;
  locale: Locale;
  selected: Selected | null;
  onSelect(s: Selected): void;
  /** A group label ("3 tapahtumaa") was tapped: list its events. */
  onSelectGroup?(g: SelectedGroup): void;
  selectedGroup?: SelectedGroup | null;
  describe(eventId: string, date: string): string;
  /** Prefix of the label path ids, so a second wheel (the print copy) does not reuse the first one's. */
  idPrefix?: string;
}

export function Wheel(props: WheelProps) {
  const { view, visibleRings, size, locale, selected, onSelect, onSelectGroup, selectedGroup, describe, idPrefix = 'lp' } = props;
  const fontSize = Math.max(10, size * 0.022);
  const nameFont = Math.max(9, fontSize * 0.8);
  const ringName = (id: string) => view.rings.find((x) => x.id === id)?.label[locale] ?? id;
  const nameWidth = (id: string) => Array.from(ringName(id)).length * nameFont * 0.58 + 10;
  const layout = useMemo(() => {
    const events = new Map(view.events.map((e) => [e.id, e]));
    // One wheel item per event and title: a renamed occurrence is labelled with its own title.
    const items = new Map<string, { event: { id: string; title: string; ring: string; durationDays?: number }; occurrences: string[] }>();
    for (const o of view.occurrences) {
      const e = events.get(o.eventId);
      if (!e || !visibleRings.includes(e.ring)) continue;
      const title = o.title ?? e.title;
      const key = `${e.id}\u0000${title}`;
      const item = items.get(key) ?? {
        event: { id: e.id, title, ring: e.ring, ...(e.durationDays ? { durationDays: e.durationDays } : {}) },
        occurrences: [],
      };
      item.occurrences.push(o.date);
      items.set(key, item);
    }
    const done = completionIndex(view.occurrences.filter((o) => o.status === 'done').map((o) => ({ eventId: o.eventId, date: o.date })));
    return wheelLayout({
      yearStartMonth: view.yearStartMonth,
      year: view.year,
      rings: visibleRings,
      items: [...items.values()],
      size,
      today: view.today,
      done,
      fontSize,
      locale,
      ringNameWidths: Object.fromEntries(visibleRings.map((id) => [id, nameWidth(id)])),
    });
    // nameWidth reads only view, locale and fontSize.
  }, [view, visibleRings, size, fontSize, locale]);

  const { center: c } = layout;
  const ringColor = (id: string) =>
    RING_COLORS[
      Math.max(
        0,
        view.rings.findIndex((r) => r.id === id),
      ) % RING_COLORS.length
    ];
  const hole = layout.rings.length ? layout.rings[layout.rings.length - 1].innerRadius : layout.monthBand.innerRadius * 0.25;
  const fg = tokens.colorNeutralForeground1;

  return (
    <svg
      className="wheel-svg"
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      role="group"
      aria-label={`${view.account.name} ${view.year}`}
      style={{ fontFamily: tokens.fontFamilyBase }}
    >
      {layout.months.map((m, i) => (
        <path
          key={`m${i}`}
          aria-hidden="true"
          d={sectorPath(c.x, c.y, layout.monthBand.innerRadius, layout.monthBand.outerRadius, m.startAngle, m.endAngle)}
          fill={i % 2 ? tokens.colorNeutralBackground4 : tokens.colorNeutralBackground3}
          stroke={tokens.colorNeutralStroke1}
        />
      ))}
      {layout.rings.map((r, i) => (
        <g key={r.id} aria-hidden="true">
          <circle
            cx={c.x}
            cy={c.y}
            r={(r.innerRadius + r.outerRadius) / 2}
            fill="none"
            stroke={i % 2 ? tokens.colorNeutralBackground2 : tokens.colorNeutralBackground3}
            strokeWidth={r.outerRadius - r.innerRadius}
          />
          <circle cx={c.x} cy={c.y} r={r.outerRadius} fill="none" stroke={tokens.colorNeutralStroke2} />
        </g>
      ))}
      {layout.months.map((m, i) => {
        const a = polarToCartesian(c.x, c.y, hole, m.startAngle);
        const b = polarToCartesian(c.x, c.y, layout.monthBand.innerRadius, m.startAngle);
        return <line key={`s${i}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={tokens.colorNeutralStroke2} aria-hidden="true" />;
      })}
      {layout.todayAngle !== null &&
        (() => {
          const a = polarToCartesian(c.x, c.y, hole, layout.todayAngle);
          const b = polarToCartesian(c.x, c.y, layout.monthBand.outerRadius, layout.todayAngle);
          return (
            <line
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
              stroke={tokens.colorPaletteRedBorderActive}
              strokeWidth={3}
              strokeDasharray="6 3"
              data-testid="today-marker"
              aria-hidden="true"
            />
          );
        })()}
      <text x={c.x} y={c.y} dy="0.35em" textAnchor="middle" fontSize={fontSize * 1.6} fontWeight={700} fill={fg} aria-hidden="true">
        {view.yearStartMonth === 1 ? view.year : `${view.year}–${String(view.year + 1).slice(2)}`}
      </text>
      {/* Each label's tap target: its band from its first marker to the text's end (≥ 44 px along the ring), under the markers' own buttons. */}
      {layout.labels.map((l, i) => {
        const band = layout.rings.find((r) => r.id === l.ring)!;
        const d = sectorPath(c.x, c.y, band.innerRadius, band.outerRadius, l.hitStartAngle, l.hitEndAngle);
        const first = l.members[0];
        if (l.members.length === 1)
          return (
            <path
              key={`h${i}`}
              aria-hidden="true"
              d={d}
              fill="transparent"
              style={{ cursor: 'pointer' }}
              onClick={() => onSelect({ eventId: first.eventId, date: first.date })}
            />
          );
        const key = `${first.eventId}@${first.date}`;
        const isSel = selectedGroup?.key === key;
        const choose = () => onSelectGroup?.({ key, text: l.text, members: l.members });
        return (
          <path
            key={`h${i}`}
            className={`label-group${isSel ? ' selected' : ''}`}
            role="button"
            tabIndex={0}
            aria-pressed={isSel}
            aria-label={`${l.text}: ${l.members.map((m) => describe(m.eventId, m.date)).join('; ')}`}
            data-group={key}
            data-ring={l.ring}
            data-count={l.members.length}
            d={d}
            fill={ringColor(l.ring)}
            fillOpacity={isSel ? 0.28 : 0.1}
            stroke={isSel ? fg : 'none'}
            style={{ cursor: 'pointer' }}
            onClick={choose}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                choose();
              }
            }}
          />
        );
      })}
      {layout.markers.map((m) => {
        const band = layout.rings.find((r) => r.id === m.ring)!;
        const dotR = band.dotRadius;
        const isSel = selected?.eventId === m.eventId && selected.date === m.date;
        const grouped = layout.labels[m.group].members.length > 1;
        const color = ringColor(m.ring);
        const choose = () => onSelect({ eventId: m.eventId, date: m.date });
        return (
          <g key={`${m.eventId}@${m.date}`}>
            <g
              className={`marker${isSel ? ' selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-pressed={isSel}
              aria-label={describe(m.eventId, m.date)}
              data-event={m.eventId}
              data-date={m.date}
              onClick={choose}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose();
                }
              }}
            >
              {/* An event that lasts several days: a tinted arc along its ring from its first to its last day, under its label. */}
              {m.endAngle !== null && m.endAngle > m.angle && (
                <path
                  className="duration-arc"
                  data-testid={`arc-${m.eventId}-${m.date}`}
                  d={arcPath(c.x, c.y, m.radius, m.angle, m.endAngle)}
                  fill="none"
                  stroke={color}
                  strokeOpacity={isSel ? 0.55 : 0.3}
                  strokeWidth={Math.max(dotR * 2, Math.min(fontSize * 1.7, (band.outerRadius - band.innerRadius) * 0.6))}
                  strokeLinecap="round"
                />
              )}
              {/* The tap target: 44 px across where the band is wide enough (WCAG 2.5.5), never wider than its band.
                  A grouped marker's neighbours are too close for that: its group (the band around it) is the big target. */}
              <circle
                cx={m.x}
                cy={m.y}
                r={grouped ? dotR + 4 : Math.max(dotR + 6, Math.min(22, (band.outerRadius - band.innerRadius) / 2))}
                fill="transparent"
              />
              <circle
                cx={m.x}
                cy={m.y}
                r={dotR}
                fill={m.done ? tokens.colorNeutralBackground1 : color}
                stroke={isSel ? fg : color}
                strokeWidth={m.done ? 2.5 : 1}
              />
              {m.done && (
                <path
                  d={`M${m.x - dotR * 0.5} ${m.y}l${dotR * 0.35} ${dotR * 0.4}l${dotR * 0.6} -${dotR * 0.8}`}
                  fill="none"
                  stroke={color}
                  strokeWidth={2}
                />
              )}
            </g>
          </g>
        );
      })}
      {layout.labels.map((l, i) => {
        const pathId = `${idPrefix}-l${i}`;
        const first = l.members[0];
        // The text is a visual hint only: each marker's button (and the group's) carries the full names.
        return (
          <path
            key={pathId}
            id={pathId}
            aria-hidden="true"
            d={arcPath(c.x, c.y, l.radius - fontSize * BASELINE_EM, l.textStartAngle, Math.max(l.pathEndAngle, l.textEndAngle))}
            fill="none"
            data-first={`${first.eventId}@${first.date}`}
          />
        );
      })}
      {layout.labels.map((l, i) => (
        <text
          key={`t${i}`}
          className={`wheel-label${l.members.length > 1 ? ' group' : ''}`}
          data-ring={l.ring}
          data-path={`${idPrefix}-l${i}`}
          data-group={l.members.length > 1 ? `${l.members[0].eventId}@${l.members[0].date}` : undefined}
          aria-hidden="true"
          fontSize={fontSize}
          fill={fg}
          style={{ pointerEvents: 'none' }}
        >
          <textPath href={`#${idPrefix}-l${i}`}>{l.text}</textPath>
        </text>
      ))}
      {/* Ring names on the wheel itself, at 12 o'clock where each band starts its year, above the markers' labels. */}
      {layout.rings.map((r) => {
        const name = ringName(r.id);
        const fs = nameFont;
        const w = nameWidth(r.id);
        const y = c.y - r.midRadius;
        return (
          <g key={`rn-${r.id}`} className="ring-name" aria-hidden="true">
            <rect
              x={c.x - w / 2}
              y={y - fs * 0.75}
              width={w}
              height={fs * 1.5}
              rx={fs * 0.75}
              fill={tokens.colorNeutralBackground1}
              stroke={ringColor(r.id)}
            />
            <text x={c.x} y={y} dy="0.35em" textAnchor="middle" fontSize={fs} fill={fg}>
              {name}
            </text>
          </g>
        );
      })}
      {/* Month names last, so no sector or ring band paints over a long name. */}
      {layout.months.map((m, i) => {
        const p = polarToCartesian(c.x, c.y, (layout.monthBand.innerRadius + layout.monthBand.outerRadius) / 2, m.midAngle);
        return (
          <text
            key={`ml${i}`}
            x={p.x}
            y={p.y}
            dy="0.35em"
            textAnchor="middle"
            fontSize={fontSize * 1.05}
            fontWeight={600}
            fill={fg}
            aria-hidden="true"
          >
            {locale === 'fi' ? m.label.fiShort : m.label.enShort}
          </text>
        );
      })}
    </svg>
  );
}
