import { RRule, Weekday } from 'rrule';
import type { AnnualEvent, Occurrence, Recurrence, WeekdayCode } from './event';
import {
  addDays,
  addMonths,
  assertTimeZone,
  daysBetween,
  formatLocalDate,
  fromUtcMidnight,
  parseLocalDate,
  toUtcMidnight,
  type LocalDate,
} from './local-date';

// Guards against runaway expansion from a bad request (e.g. year 1 to 9999).
const MAX_RANGE_DAYS = 366 * 30;

const RRULE_WEEKDAY: Record<WeekdayCode, Weekday> = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
};

/**
 * Day 29..31 means "that day, or the month's last day if shorter" (a monthly rule on the 31st still
 * fires in April; a yearly rule on Feb 29 fires on Feb 28 in common years). Plain RFC 5545 would skip
 * those months, which users read as a bug. Encoded as BYMONTHDAY=28..d;BYSETPOS=-1.
 */
function dayRule(day: number): { bymonthday: number[]; bysetpos?: number[] } {
  if (day === -1) return { bymonthday: [-1] };
  if (day <= 28) return { bymonthday: [day] };
  const days: number[] = [];
  for (let d = 28; d <= day; d++) days.push(d);
  return { bymonthday: days, bysetpos: [-1] };
}

function toRRule(recurrence: Recurrence, start: LocalDate): RRule | null {
  const s = parseLocalDate(start);
  const dtstart = toUtcMidnight(start);
  switch (recurrence.kind) {
    case 'monthly':
      return new RRule({ freq: RRule.MONTHLY, dtstart, interval: recurrence.interval ?? 1, ...dayRule(recurrence.dayOfMonth ?? s.day) });
    case 'quarterly':
      return new RRule({ freq: RRule.MONTHLY, dtstart, interval: 3, ...dayRule(s.day) });
    case 'yearly':
      return new RRule({ freq: RRule.YEARLY, dtstart, bymonth: [s.month], ...dayRule(recurrence.dayOfMonth ?? s.day) });
    case 'nthWeekday':
      return new RRule({
        freq: RRule.MONTHLY,
        dtstart,
        byweekday: [RRULE_WEEKDAY[recurrence.weekday].nth(recurrence.n)],
        ...(recurrence.months ? { bymonth: [...recurrence.months] } : {}),
      });
    case 'once':
    case 'dates':
      return null;
  }
}

/**
 * Occurrence dates of `event` with from <= date <= to (all `YYYY-MM-DD`, inclusive), sorted.
 * Dates are wall-calendar dates; no time zone is involved, so every server computes the same list.
 */
export function occurrencesBetween(
  event: Pick<AnnualEvent, 'start' | 'recurrence' | 'until'>,
  from: LocalDate,
  to: LocalDate,
): LocalDate[] {
  const lo = from > event.start ? from : event.start;
  const hi = event.until !== undefined && event.until < to ? event.until : to;
  if (lo > hi) return [];
  if (daysBetween(lo, hi) > MAX_RANGE_DAYS) throw new RangeError(`range too long: ${lo}..${hi}`);
  const r = event.recurrence;
  if (r.kind === 'once') return event.start >= from && event.start <= hi ? [event.start] : [];
  if (r.kind === 'dates') return [...new Set(r.dates)].filter((d) => d >= lo && d <= hi).sort();
  const rule = toRRule(r, event.start);
  if (!rule) return [];
  return rule.between(toUtcMidnight(lo), toUtcMidnight(hi), true).map(fromUtcMidnight);
}

export interface PlanningYear {
  /** 1..12; the wheel and the "year" start in this month (e.g. 8 for an August-July year). */
  yearStartMonth: number;
  /** Calendar year in which the planning year starts. */
  year: number;
  /** App time zone (APP_TIMEZONE); validated, and kept so callers state where "today" is. */
  timeZone: string;
}

export function planningYearRange(y: Pick<PlanningYear, 'yearStartMonth' | 'year'>): { from: LocalDate; to: LocalDate } {
  if (!Number.isInteger(y.yearStartMonth) || y.yearStartMonth < 1 || y.yearStartMonth > 12)
    throw new RangeError('yearStartMonth must be 1..12');
  const from = formatLocalDate(y.year, y.yearStartMonth, 1);
  return { from, to: addDays(addMonths(from, 12), -1) };
}

export function occurrencesInYear(event: Pick<AnnualEvent, 'start' | 'recurrence' | 'until'>, y: PlanningYear): LocalDate[] {
  assertTimeZone(y.timeZone);
  const { from, to } = planningYearRange(y);
  return occurrencesBetween(event, from, to);
}

/** First occurrence on or after `today`, or null when the series has ended. */
export function nextOccurrence(event: Pick<AnnualEvent, 'start' | 'recurrence' | 'until'>, today: LocalDate): LocalDate | null {
  const r = event.recurrence;
  if (r.kind === 'once' || r.kind === 'dates') {
    const dates = r.kind === 'once' ? [event.start] : r.dates;
    const later = dates.filter((d) => d >= today && d >= event.start && (event.until === undefined || d <= event.until)).sort();
    return later[0] ?? null;
  }
  // Two-year windows up to 30 years: the sparsest rule (5th Monday of February) recurs within 28.
  let from = today;
  for (let i = 0; i < 15; i++) {
    const to = addDays(addMonths(from, 24), -1);
    const found = occurrencesBetween(event, from, to);
    if (found.length > 0) return found[0];
    if (event.until !== undefined && event.until <= to) return null;
    from = addDays(to, 1);
  }
  return null;
}

export function sortOccurrences<T extends Occurrence>(list: T[]): T[] {
  return list.sort((a, b) => (a.date === b.date ? a.eventId.localeCompare(b.eventId) : a.date < b.date ? -1 : 1));
}

/** All occurrences of `events` in from..to, by date: the agenda/list view and the ICS export. */
export function agenda(events: readonly AnnualEvent[], from: LocalDate, to: LocalDate): Occurrence[] {
  return sortOccurrences(events.flatMap((e) => occurrencesBetween(e, from, to).map((date) => ({ eventId: e.id, date }))));
}
