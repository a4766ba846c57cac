import { addDays, fromUtcMidnight, localDateInZone, toUtcMidnight, type LocalDate } from '../domain/annual-clock';
import { AppError } from '../errors/app-error';

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** ISO 8601 week of a local date, e.g. "2026-W48" (the week's Thursday decides the year). */
function isoWeekOf(date: LocalDate): string {
  const d = toUtcMidnight(date);
  const day = d.getUTCDay() || 7;
  const thursday = new Date(d.getTime() + (4 - day) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function isIsoWeek(s: string): boolean {
  const m = WEEK_RE.exec(s);
  if (!m) return false;
  return isoWeekOf(isoWeekMonday(s)) === s;
}

/** Monday of an ISO week. */
export function isoWeekMonday(week: string): LocalDate {
  const m = WEEK_RE.exec(week);
  if (!m) throw new AppError('BAD_INPUT', `not an ISO week: ${week}`);
  const year = Number(m[1]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayWeek1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000;
  return fromUtcMidnight(new Date(mondayWeek1 + (Number(m[2]) - 1) * 7 * 86_400_000));
}

export function addWeeks(week: string, n: number): string {
  return isoWeekOf(addDays(isoWeekMonday(week), 7 * n));
}

export function currentIsoWeek(now: Date, timeZone: string): string {
  return isoWeekOf(localDateInZone(now, timeZone));
}
