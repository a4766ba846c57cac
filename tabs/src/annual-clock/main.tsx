import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Link,
  Select,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Title2,
  Text,
  ToggleButton,
  Label,
} from '@fluentui/react-components';
import { mountTab, useTabEnv, ErrorBar } from '../shared/shell';
import { api, resolveCustomerId } from '../shared/api';
import { formatDate, translator } from '../shared/i18n';
import { openExternal } from '../shared/teams';
import { useLoad } from '../shared/use-load';
import { MONTH_NAMES } from '../../../src/domain/annual-clock/wheel-layout';
import { addDays } from '../../../src/domain/annual-clock/local-date';
import { downloadBlob, fileSlug, wheelToPng } from './export-png';
import { PrintAgenda } from './print-agenda';
import './print.css';
import { dict } from './dict';
import { Wheel } from './wheel';
import { eventText, RING_COLORS, type ClockView, type CompletionInput, type Occurrence, type Selected, type SelectedGroup } from './types';
import { SiteTicks } from './site-ticks';
import { dateSpan } from './date-span';

// The event dialog (Fluent Dialog, Field, Textarea…) is not needed for the first view: its code loads after the wheel shows.
const EventDialog = lazy(() => import('./event-dialog').then((m) => ({ default: m.EventDialog })));

function useViewport(): { width: number; height: number } {
  const [v, setV] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const on = () => setV({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return v;
}

function AnnualClockTab() {
  const env = useTabEnv();
  const { locale } = env;
  const t = translator(dict, locale);
  const { width, height } = useViewport();
  const [mode, setMode] = useState<'wheel' | 'list'>(() => (window.innerWidth < 600 ? 'list' : 'wheel'));
  const [year, setYear] = useState<number | undefined>();
  const [yearStart, setYearStart] = useState<number>(() => Number(localStorage.getItem('annual-clock.yearStart') ?? '1') || 1);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Selected | null>(null);
  const [group, setGroup] = useState<SelectedGroup | null>(null);
  // Another year is another wheel: a listed group belongs to the old one.
  useEffect(() => setGroup(null), [year, yearStart]);
  const [actionError, setActionError] = useState<unknown>();
  const [showPast, setShowPast] = useState(false);
  const wheelRef = useRef<HTMLDivElement>(null);

  const account = useLoad(() => resolveCustomerId(env.context.channel?.id), [env.context.channel?.id]);
  const customerId = account.data;
  const clock = useLoad(
    async () =>
      customerId
        ? api.get<ClockView>(`/accounts/${encodeURIComponent(customerId)}/clock?yearStart=${yearStart}${year ? `&year=${year}` : ''}`)
        : undefined,
    [customerId, year, yearStart],
  );
  const loaded = clock.data;
  // Everything on screen reads the events in the tab's language; the edit dialog gets both languages.
  const view = useMemo(
    () =>
      loaded && {
        ...loaded,
        events: loaded.events.map((e) => ({ ...e, ...eventText(e, locale) })),
        // A renamed occurrence reads its own title (its English one, or its Finnish one when it has none).
        occurrences: loaded.occurrences.map((o) => {
          const title = locale === 'en' ? o.titleEn || o.title : o.title;
          return title ? { ...o, title } : o;
        }),
      },
    [loaded, locale],
  );
  // An event lasting several days that began last year may still run at this year's start: the previous
  // year's view brings those occurrences, which the wheel draws from 12 o'clock (the layout clamps them).
  const arcs = (loaded?.events ?? []).some((e) => (e.durationDays ?? 1) > 1);
  const previous = useLoad(
    async () =>
      customerId && loaded && arcs
        ? api.get<ClockView>(`/accounts/${encodeURIComponent(customerId)}/clock?yearStart=${yearStart}&year=${loaded.year - 1}`)
        : undefined,
    [customerId, loaded?.year, yearStart, arcs],
  );
  const carried = useMemo(() => {
    if (!loaded || !previous.data) return [];
    const days = new Map(loaded.events.map((e) => [e.id, e.durationDays ?? 1]));
    return previous.data.occurrences
      .filter((o) => !o.cancelled && (days.get(o.eventId) ?? 1) > 1 && addDays(o.date, (days.get(o.eventId) ?? 1) - 1) >= loaded.from)
      .map((o) => {
        const title = locale === 'en' ? o.titleEn || o.title : o.title;
        return title ? { ...o, title } : o;
      });
  }, [loaded, previous.data, locale]);
  const original = useMemo(() => new Map((loaded?.events ?? []).map((e) => [e.id, e])), [loaded]);

  const events = useMemo(() => new Map((view?.events ?? []).map((e) => [e.id, e])), [view]);
  // The print agenda (the whole year as text, hidden on screen) renders in a task of its own just
  // after the first view with data, so that view does not wait for it.
  const [printReady, setPrintReady] = useState(false);
  useEffect(() => {
    if (!view || printReady) return;
    const id = setTimeout(() => setPrintReady(true), 0);
    return () => clearTimeout(id);
  }, [view, printReady]);
  const ringLabel = (id: string) => view?.rings.find((r) => r.id === id)?.label[locale] ?? id;
  const visibleRings = (view?.rings ?? []).map((r) => r.id).filter((id) => !hidden.has(id));
  const statusText = (s: string) => t(s as 'done');
  const occurrenceOf = (eventId: string, date: string) =>
    view?.occurrences.find((x) => x.eventId === eventId && x.date === date) ??
    carried.find((x) => x.eventId === eventId && x.date === date);
  const titleOf = (eventId: string, date: string) => occurrenceOf(eventId, date)?.title ?? events.get(eventId)?.title ?? '';
  const describe = (eventId: string, date: string) => {
    const e = events.get(eventId);
    const o = occurrenceOf(eventId, date);
    return `${titleOf(eventId, date)}, ${formatDate(date, locale)}, ${ringLabel(e?.ring ?? '')}, ${o ? statusText(o.status) : ''}`;
  };
  const mayTick = (eventId: string) => !!view && (view.canWrite || events.get(eventId)?.ownerEmail.toLowerCase() === view.me);

  async function tick(eventId: string, date: string, done: boolean, siteId?: string) {
    if (!view || !loaded) return;
    // Optimistic: the tick shows at once; the reload below brings the server's status (or the error reverts it).
    const mark = (o: Occurrence): Occurrence =>
      siteId
        ? { ...o, sites: o.sites?.map((s) => (s.siteId === siteId ? { ...s, done } : s)) }
        : { ...o, status: done ? 'done' : date < view.today ? 'overdue' : date === view.today ? 'today' : 'upcoming' };
    // A tick addresses the occurrence by its series date, which a move leaves as it was.
    const seriesDate = occurrenceOf(eventId, date)?.seriesDate ?? date;
    clock.setData({ ...loaded, occurrences: loaded.occurrences.map((o) => (o.eventId === eventId && o.date === date ? mark(o) : o)) });
    try {
      const body: CompletionInput = { eventId, date: seriesDate, done, ...(siteId ? { siteId } : {}) };
      await api.post(`/accounts/${encodeURIComponent(view.account.id)}/clock/completions`, body);
      setActionError(undefined);
      await clock.reload();
    } catch (e) {
      setActionError(e);
      await clock.reload();
    }
  }

  async function downloadPng() {
    const svg = wheelRef.current?.querySelector<SVGSVGElement>('svg.wheel-svg');
    if (!view || !svg) return;
    const yearText = view.yearStartMonth === 1 ? String(view.year) : `${view.year}-${view.year + 1}`;
    try {
      const blob = await wheelToPng(svg, {
        title: `${t('title')} – ${view.account.name} ${yearText.replace('-', '–')}`,
        legend: view.rings.flatMap((r, i) =>
          visibleRings.includes(r.id) ? [{ label: r.label[locale], color: RING_COLORS[i % RING_COLORS.length] }] : [],
        ),
      });
      downloadBlob(blob, `vuosikello-${fileSlug(view.account.name) || fileSlug(view.account.id) || 'tili'}-${yearText}.png`);
      setActionError(undefined);
    } catch (e) {
      setActionError(e);
    }
  }

  async function removeEvent(eventId: string) {
    if (!view) return;
    try {
      await api.del(`/accounts/${encodeURIComponent(view.account.id)}/clock/events/${encodeURIComponent(eventId)}`);
      setSelected(null);
      await clock.reload();
    } catch (e) {
      setActionError(e);
    }
  }

  if (account.loading && customerId === undefined) return <Spinner label={t('loading')} />;
  if (account.data === null)
    return (
      <main className="tab-main">
        <Text>{t('noAccount')}</Text>
      </main>
    );

  const listed = (view?.occurrences ?? []).filter((o) => visibleRings.includes(events.get(o.eventId)?.ring ?? ''));
  // Cancelled occurrences stay on the list (struck through, to restore) but leave the wheel and the print.
  const shown = listed.filter((o) => !o.cancelled);
  const wheelView = view && { ...view, occurrences: [...carried, ...view.occurrences.filter((o) => !o.cancelled)] };
  const byMonth = new Map<string, typeof shown>();
  // On the list, months before this one fold away (people on the move want what is next).
  const thisMonth = view && view.today >= view.from && view.today <= view.to ? view.today.slice(0, 7) : null;
  const pastCount = thisMonth ? listed.filter((o) => o.date.slice(0, 7) < thisMonth).length : 0;
  for (const o of listed)
    if (showPast || !thisMonth || o.date.slice(0, 7) >= thisMonth)
      byMonth.set(o.date.slice(0, 7), [...(byMonth.get(o.date.slice(0, 7)) ?? []), o]);
  const sel = selected && occurrenceOf(selected.eventId, selected.date);
  const selEvent = selected ? events.get(selected.eventId) : undefined;
  // The whole wheel fits the tab's frame (header and toolbars take ~150 px), so its bottom is never cut off.
  const wheelSize = Math.max(300, Math.min(720, width - 40, height - 150));

  const tickBox = (eventId: string, date: string, status: string) => {
    const o = view?.occurrences.find((x) => x.eventId === eventId && x.date === date);
    if (o?.sites && view)
      return (
        <SiteTicks
          occurrence={o}
          title={titleOf(eventId, date)}
          canWrite={view.canWrite}
          me={view.me}
          t={t}
          locale={locale}
          onTick={(siteId, done) => void tick(eventId, date, done, siteId)}
        />
      );
    return plainTick(eventId, date, status);
  };
  const plainTick = (eventId: string, date: string, status: string) => (
    <Checkbox
      checked={status === 'done'}
      disabled={!mayTick(eventId)}
      label={t('done')}
      aria-label={`${t('done')}: ${titleOf(eventId, date)} ${formatDate(date, locale)}`}
      onChange={(_, d) => void tick(eventId, date, d.checked === true)}
      data-testid={`tick-${eventId}-${date}`}
    />
  );

  return (
    <main className="tab-main">
      <Title2 as="h1">
        {t('title')}
        {view ? ` – ${view.account.name}` : ''}
        {/* The year picker is not printed, so the printed title carries the year. */}
        {view && <span className="print-only"> {view.yearStartMonth === 1 ? view.year : `${view.year}–${view.year + 1}`}</span>}
      </Title2>
      <div className="toolbar no-print">
        <TabList selectedValue={mode} onTabSelect={(_, d) => setMode(d.value as 'wheel' | 'list')} aria-label={t('view')} size="small">
          <Tab value="wheel">{t('wheel')}</Tab>
          <Tab value="list">{t('list')}</Tab>
        </TabList>
        <Button size="small" onClick={() => setYear((view?.year ?? new Date().getFullYear()) - 1)} aria-label={t('prevYear')}>
          ‹
        </Button>
        <Subtitle2 aria-live="polite">{view ? (view.yearStartMonth === 1 ? view.year : `${view.year}–${view.year + 1}`) : ''}</Subtitle2>
        <Button size="small" onClick={() => setYear((view?.year ?? new Date().getFullYear()) + 1)} aria-label={t('nextYear')}>
          ›
        </Button>
        <Label htmlFor="year-start">{t('yearStart')}</Label>
        <Select
          id="year-start"
          size="small"
          value={String(yearStart)}
          onChange={(_, d) => {
            setYearStart(Number(d.value));
            localStorage.setItem('annual-clock.yearStart', d.value);
            setYear(undefined);
          }}
        >
          {MONTH_NAMES[locale].map((m, i) => (
            <option key={m} value={i + 1}>
              {m}
            </option>
          ))}
        </Select>
        <span className="spacer" />
        {view && (
          <Button
            size="small"
            onClick={() =>
              void api
                .download(
                  `/accounts/${encodeURIComponent(view.account.id)}/clock.ics?year=${view.year}&yearStart=${view.yearStartMonth}&lang=${locale}`,
                  `vuosikello-${view.year}.ics`,
                )
                .catch(setActionError)
            }
          >
            {t('ics')}
          </Button>
        )}
        {view && mode === 'wheel' && (
          <Button size="small" onClick={() => void downloadPng()}>
            {t('png')}
          </Button>
        )}
        <Button size="small" onClick={() => window.print()}>
          {t('print')}
        </Button>
        {view?.canWrite && (
          <Suspense fallback={null}>
            <EventDialog view={view} t={t} locale={locale} onSaved={() => void clock.reload()} />
          </Suspense>
        )}
      </div>
      {view && (
        <div className="toolbar no-print" role="group" aria-label={t('rings')}>
          <Caption1>{t('rings')}:</Caption1>
          {view.rings.map((r, i) => (
            <ToggleButton
              key={r.id}
              size="small"
              checked={!hidden.has(r.id)}
              onClick={() =>
                setHidden((h) => {
                  const n = new Set(h);
                  if (n.has(r.id)) n.delete(r.id);
                  else n.add(r.id);
                  return n;
                })
              }
              icon={
                <span
                  aria-hidden="true"
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    borderRadius: 5,
                    background: RING_COLORS[i % RING_COLORS.length],
                  }}
                />
              }
            >
              {r.label[locale]}
            </ToggleButton>
          ))}
        </div>
      )}
      <ErrorBar error={clock.error ?? actionError} />
      {clock.loading && !view && <Spinner label={t('loading')} />}
      {view && wheelView && mode === 'wheel' && (
        <div className="wheel-wrap" ref={wheelRef}>
          <Wheel
            view={wheelView}
            visibleRings={visibleRings}
            size={wheelSize}
            locale={locale}
            selected={selected}
            onSelect={(s) => {
              setGroup(null);
              setSelected(s);
            }}
            selectedGroup={group}
            onSelectGroup={(g) => {
              setSelected(null);
              setGroup(g);
            }}
            describe={describe}
          />
          {/* Looks like a Fluent Card (tab.css .details); the Card component itself (and the focus manager it starts) is not needed for a static panel. */}
          <div role="group" className="details details-card no-print" aria-live="polite" aria-label={t('details')}>
            {sel && selEvent ? (
              <>
                <Subtitle2 as="h2">{sel.title ?? selEvent.title}</Subtitle2>
                <Text>
                  {dateSpan(sel.date, selEvent.durationDays, locale, true)} · {ringLabel(selEvent.ring)}
                </Text>
                {sel.movedFrom && <Caption1>{t('movedFrom').replace('{date}', formatDate(sel.movedFrom, locale))}</Caption1>}
                <Badge appearance="tint" color={sel.status === 'done' ? 'success' : sel.status === 'overdue' ? 'danger' : 'informative'}>
                  {statusText(sel.status)}
                </Badge>
                <Text className="break-words">
                  {selEvent.assignee === 'site-supervisor'
                    ? `${t('assignee')}: ${t('assigneeSites').toLowerCase()}`
                    : `${t('owner')}: ${selEvent.ownerName ?? selEvent.ownerEmail}`}
                </Text>
                {selEvent.description && <Text>{selEvent.description}</Text>}
                {selEvent.link && (
                  <Link
                    href={selEvent.link}
                    onClick={(e) => {
                      e.preventDefault();
                      openExternal(selEvent.link!);
                    }}
                  >
                    {selEvent.link}
                  </Link>
                )}
                {tickBox(sel.eventId, sel.date, sel.status)}
                {view.canWrite && (
                  <Suspense fallback={null}>
                    <EventDialog
                      key={selEvent.id}
                      view={view}
                      t={t}
                      locale={locale}
                      event={original.get(selEvent.id) ?? selEvent}
                      occurrence={loaded?.occurrences.find((o) => o.eventId === sel.eventId && o.date === sel.date) ?? sel}
                      onSaved={() => {
                        setSelected(null);
                        void clock.reload();
                      }}
                    />
                  </Suspense>
                )}
                {view.canWrite && (
                  <Button size="small" onClick={() => void removeEvent(selEvent.id)}>
                    {t('deleteEvent')}
                  </Button>
                )}
                <Button size="small" appearance="subtle" onClick={() => setSelected(null)}>
                  {t('close')}
                </Button>
              </>
            ) : group ? (
              <>
                <Subtitle2 as="h2">{group.text}</Subtitle2>
                {/* A group label stands for events that had no room for their own: each opens as a marker does. */}
                <ul className="group-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {group.members.map((m) => (
                    <li key={`${m.eventId}@${m.date}`}>
                      <Button size="small" appearance="subtle" data-event={m.eventId} data-date={m.date} onClick={() => setSelected(m)}>
                        {formatDate(m.date, locale)} · {titleOf(m.eventId, m.date)}
                      </Button>
                    </li>
                  ))}
                </ul>
                <Button size="small" appearance="subtle" onClick={() => setGroup(null)}>
                  {t('close')}
                </Button>
              </>
            ) : (
              <Text>{t('tapHint')}</Text>
            )}
          </div>
        </div>
      )}
      {view && mode === 'list' && (
        <section aria-label={t('list')} className="no-print">
          {shown.length === 0 && <p>{t('nothing')}</p>}
          {pastCount > 0 && (
            <Button
              className="no-print"
              size="small"
              appearance="secondary"
              onClick={() => setShowPast((v) => !v)}
              aria-expanded={showPast}
            >
              {showPast ? t('hidePast') : `${t('showPast')} (${pastCount})`}
            </Button>
          )}
          {[...byMonth].map(([month, list]) => (
            <div key={month}>
              <h2 className="agenda-month">{formatDate(`${month}-01`, locale, { month: 'long', year: 'numeric' })}</h2>
              <ul className="agenda-list">
                {list.map((o) => {
                  const e = events.get(o.eventId)!;
                  return (
                    <li
                      className={`agenda-item${o.cancelled ? ' cancelled' : ''}`}
                      key={`${o.eventId}@${o.date}`}
                      data-event={o.eventId}
                      data-date={o.date}
                    >
                      <span className="date">{dateSpan(o.date, e.durationDays, locale)}</span>
                      <span className="title">
                        <Text weight="semibold" strikethrough={o.cancelled}>
                          {o.title ?? e.title}
                        </Text>
                        <br />
                        <Caption1>
                          {ringLabel(e.ring)} · {e.ownerName ?? e.ownerEmail}
                          {o.movedFrom ? ` · ${t('movedFrom').replace('{date}', formatDate(o.movedFrom, locale))}` : ''}
                        </Caption1>
                      </span>
                      {o.cancelled && (
                        <Badge appearance="tint" color="subtle">
                          {t('cancelled')}
                        </Badge>
                      )}
                      {!o.cancelled && o.status !== 'done' && o.status !== 'upcoming' && (
                        <Badge appearance="tint" color={o.status === 'overdue' ? 'danger' : 'important'}>
                          {statusText(o.status)}
                        </Badge>
                      )}
                      {!o.cancelled && tickBox(o.eventId, o.date, o.status)}
                      {view.canWrite && (
                        <Suspense fallback={null}>
                          <EventDialog
                            view={view}
                            t={t}
                            locale={locale}
                            event={original.get(e.id) ?? e}
                            occurrence={loaded?.occurrences.find((x) => x.eventId === o.eventId && x.date === o.date) ?? o}
                            onSaved={() => void clock.reload()}
                          />
                        </Suspense>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </section>
      )}
      {wheelView && mode === 'list' && (
        <div className="print-only" aria-hidden="true">
          <Wheel
            view={wheelView}
            visibleRings={visibleRings}
            size={680}
            locale={locale}
            selected={null}
            onSelect={() => undefined}
            describe={describe}
            idPrefix="pw"
          />
        </div>
      )}
      {view && printReady && (
        <PrintAgenda
          view={view}
          occurrences={shown}
          events={events}
          ringLabel={ringLabel}
          statusText={statusText}
          heading={t('agenda')}
          ringsHeading={t('rings')}
          ownerLabel={t('owner')}
          locale={locale}
        />
      )}
    </main>
  );
}

mountTab(() => <AnnualClockTab />);
