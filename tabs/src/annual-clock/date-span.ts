import { addDays } from '../../../src/domain/annual-clock/local-date';
import { formatDate } from '../shared/i18n';
import type { Locale } from '../shared/teams';

/** "10.6." or, for an occurrence lasting several days, "10.6.–14.6." (`full`: with the year). */
export function dateSpan(date: string, durationDays: number | null | undefined, locale: Locale, full = false): string {
  const opts: Intl.DateTimeFormatOptions | undefined = full ? undefined : { day: 'numeric', month: 'numeric' };
  const first = formatDate(date, locale, opts);
  if (!durationDays || durationDays < 2) return first;
  return `${first}\u2013${formatDate(addDays(date, durationDays - 1), locale, opts)}`;
}
