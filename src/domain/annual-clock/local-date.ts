/**
 * All-day calendar dates as `YYYY-MM-DD` strings. Arithmetic runs on UTC midnights so that the
 * server's own time zone (TZ) can never shift a date by a day; only `localDateInZone` looks at a
 * real instant and needs the app time zone.
 */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parseLocalDate(s: LocalDate): { year: number; month: number; day: number } {
  if (!isLocalDate(s)) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
  return { year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)), day: Number(s.slice(8, 10)) };
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The UTC-midnight instant rrule works with ("floating" dates). */
export function toUtcMidnight(d: LocalDate): Date {
  const { year, month, day } = parseLocalDate(d);
  return new Date(Date.UTC(year, month - 1, day));
}

export function fromUtcMidnight(d: Date): LocalDate {
  return formatLocalDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(d: LocalDate, days: number): LocalDate {
  const t = toUtcMidnight(d);
  t.setUTCDate(t.getUTCDate() + days);
  return fromUtcMidnight(t);
}

/** Adds months keeping the day, clamped to the target month's last day (Jan 31 + 1 -> Feb 28/29). */
export function addMonths(d: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseLocalDate(d);
  const idx = year * 12 + (month - 1) + months;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return formatLocalDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMidnight(to).getTime() - toUtcMidnight(from).getTime()) / 86_400_000);
}

/** ISO weekday 1 = Monday .. 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const wd = toUtcMidnight(d).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Today's date on the wall calendar of `timeZone` (an IANA name such as Europe/Helsinki). */
// Building a formatter for a time zone is slow (about a millisecond); one per zone is kept.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

export function localDateInZone(now: Date, timeZone: string): LocalDate {
  let fmt = zoneFormats.get(timeZone);
  if (!fmt)
    zoneFormats.set(timeZone, (fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = fmt.formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return formatLocalDate(get('year'), get('month'), get('day'));
}

/** Throws on an unknown zone so a typo in APP_TIMEZONE fails loudly instead of silently using UTC. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch (cause) {
    throw new RangeError(`unknown time zone: ${timeZone}`, { cause });
  }
}
