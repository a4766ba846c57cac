import { formatDate } from '../shared/i18n';
import { dateSpan } from './date-span';
import type { Locale } from '../shared/teams';
import { RING_COLORS, type ClockEventDto, type ClockView, type Status } from './types';

export interface PrintAgendaProps {
  view: ClockView;
  /** The occurrences on the visible rings, in date order. */
  occurrences: { eventId: string; date: string; status: Status; title?: string }[];
  events: Map<string, ClockEventDto>;
  ringLabel(id: string): string;
  statusText(s: Status): string;
  heading: string;
  ringsHeading: string;
  ownerLabel: string;
  locale: Locale;
}

/** The whole year as text under the printed wheel: every month, done or not, no controls. */
export function PrintAgenda({
  view,
  occurrences,
  events,
  ringLabel,
  statusText,
  heading,
  ringsHeading,
  ownerLabel,
  locale,
}: PrintAgendaProps) {
  const byMonth = new Map<string, typeof occurrences>();
  for (const o of occurrences) byMonth.set(o.date.slice(0, 7), [...(byMonth.get(o.date.slice(0, 7)) ?? []), o]);
  const rings = view.rings
    .map((r, i) => ({ ...r, color: RING_COLORS[i % RING_COLORS.length] }))
    .filter((r) => occurrences.some((o) => events.get(o.eventId)?.ring === r.id));
  return (
    <section className="print-only print-agenda" data-testid="print-agenda" aria-label={heading}>
      <p>
        {ringsHeading}:{' '}
        {rings.map((r) => (
          <span key={r.id} style={{ marginRight: '4mm' }}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                width: 8,
                height: 8,
                borderRadius: 4,
                background: r.color,
                marginRight: 4,
                printColorAdjust: 'exact',
                WebkitPrintColorAdjust: 'exact',
              }}
            />
            {r.label[locale]}
          </span>
        ))}
      </p>
      {[...byMonth].map(([month, list]) => (
        <div key={month}>
          <h2>{formatDate(`${month}-01`, locale, { month: 'long', year: 'numeric' })}</h2>
          <ul>
            {list.map((o) => {
              const e = events.get(o.eventId);
              return (
                <li key={`${o.eventId}@${o.date}`}>
                  <span className="date">{dateSpan(o.date, e?.durationDays, locale)}</span> <strong>{o.title ?? e?.title}</strong>
                  <br />
                  <span className="meta">
                    {ringLabel(e?.ring ?? '')} · {ownerLabel}: {e?.ownerName ?? e?.ownerEmail} · {statusText(o.status)}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
