import type { AnnualEvent } from './event';
import { daysBetween, type LocalDate } from './local-date';
import { occurrencesBetween } from './recurrence';
import { parseShareId } from './site-shares';

/*
 * One occurrence of a series changed on its own: moved to another day, renamed, or cancelled, while the
 * series stays as it is. The occurrence keeps its series date as its identity (completion, reminder
 * marker, ICS UID), so ticking it before or after a move is the same tick and a re-imported calendar
 * updates the event instead of duplicating it.
 */
export interface OccurrenceException {
  eventId: string;
  /** The date the series gives this occurrence. */
  seriesDate: LocalDate;
  /** The day it happens instead; absent = its series date. */
  movedTo?: LocalDate;
  title?: string;
  titleEn?: string;
  cancelled?: boolean;
}

/** How far an occurrence may move from its series date (a year either way keeps expansion bounded). */
const MAX_MOVE_DAYS = 366;

/** One occurrence as shown: `date` is when it happens, `seriesDate` what the series says. */
export interface ResolvedOccurrence {
  date: LocalDate;
  seriesDate: LocalDate;
  title?: string;
  titleEn?: string;
  cancelled: boolean;
}

export type ExceptionIndex = ReadonlyMap<string, ReadonlyMap<LocalDate, OccurrenceException>>;

export function exceptionIndex(list: Iterable<OccurrenceException>): ExceptionIndex {
  const byEvent = new Map<string, Map<LocalDate, OccurrenceException>>();
  for (const x of list) {
    const m = byEvent.get(x.eventId) ?? new Map<LocalDate, OccurrenceException>();
    m.set(x.seriesDate, x);
    byEvent.set(x.eventId, m);
  }
  return byEvent;
}

/** Stored rows (nulls for "as the series") to an index. */
export function exceptionIndexOfStored(
  rows: Iterable<{
    eventId: string;
    seriesDate: string;
    movedTo: string | null;
    title: string | null;
    titleEn: string | null;
    cancelled: boolean;
  }>,
): ExceptionIndex {
  const list: OccurrenceException[] = [];
  for (const r of rows)
    list.push({
      eventId: r.eventId,
      seriesDate: r.seriesDate,
      ...(r.movedTo ? { movedTo: r.movedTo } : {}),
      ...(r.title ? { title: r.title } : {}),
      ...(r.titleEn ? { titleEn: r.titleEn } : {}),
      cancelled: r.cancelled,
    });
  return exceptionIndex(list);
}

/** A site share's exceptions are its event's (one move moves every site's visit). */
function exceptionsOf(index: ExceptionIndex | undefined, eventId: string): ReadonlyMap<LocalDate, OccurrenceException> | undefined {
  return index?.get(parseShareId(eventId).eventId);
}

/** Whether `seriesDate` is a real occurrence of the series (what an exception may be stored against). */
export function isSeriesDate(event: Pick<AnnualEvent, 'start' | 'recurrence' | 'until'>, seriesDate: LocalDate): boolean {
  return occurrencesBetween(event, seriesDate, seriesDate).length === 1;
}

/**
 * Occurrences that happen in from..to (inclusive) after the event's exceptions: moved ones by their new
 * day (also when the series date lies outside the range), cancelled ones kept with `cancelled` only
 * when `withCancelled` (the tab lists them so they can be restored). Sorted by date.
 */
export function resolvedOccurrences(
  event: Pick<AnnualEvent, 'id' | 'start' | 'recurrence' | 'until'>,
  from: LocalDate,
  to: LocalDate,
  index: ExceptionIndex | undefined,
  withCancelled = false,
): ResolvedOccurrence[] {
  const own = exceptionsOf(index, event.id);
  if (!own || own.size === 0) return occurrencesBetween(event, from, to).map((d) => ({ date: d, seriesDate: d, cancelled: false }));
  const out: ResolvedOccurrence[] = [];
  const seen = new Set<LocalDate>();
  for (const d of occurrencesBetween(event, from, to)) {
    seen.add(d);
    const x = own.get(d);
    if (!x) {
      out.push({ date: d, seriesDate: d, cancelled: false });
      continue;
    }
    const r = resolve(d, x);
    if ((r.cancelled && !withCancelled) || r.date < from || r.date > to) continue;
    out.push(r);
  }
  // Occurrences moved into the range from outside it.
  for (const x of own.values()) {
    if (seen.has(x.seriesDate) || !x.movedTo || x.movedTo < from || x.movedTo > to) continue;
    if (x.cancelled && !withCancelled) continue;
    if (isSeriesDate(event, x.seriesDate)) out.push(resolve(x.seriesDate, x));
  }
  return out.sort((a, b) => (a.date === b.date ? (a.seriesDate < b.seriesDate ? -1 : 1) : a.date < b.date ? -1 : 1));
}

function resolve(seriesDate: LocalDate, x: OccurrenceException): ResolvedOccurrence {
  return {
    date: x.movedTo ?? seriesDate,
    seriesDate,
    ...(x.title ? { title: x.title } : {}),
    ...(x.titleEn ? { titleEn: x.titleEn } : {}),
    cancelled: x.cancelled === true,
  };
}

/** A move must stay within MAX_MOVE_DAYS of the series date. */
export function moveAllowed(seriesDate: LocalDate, movedTo: LocalDate): boolean {
  return Math.abs(daysBetween(seriesDate, movedTo)) <= MAX_MOVE_DAYS;
}
