import type { CardLocale } from './strings';

const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

export interface CardOptions {
  /** IANA zone for times shown on cards (APP_TIMEZONE); dates without a time are shown as given. */
  timeZone?: string;
}

const INTL_LOCALE: Record<CardLocale, string> = { fi: 'fi-FI', en: 'en-GB' };

// Building an Intl.DateTimeFormat costs far more than formatting with one; cards format many dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: CardLocale, kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat(INTL_LOCALE[locale], {
            day: 'numeric',
            month: locale === 'fi' ? 'numeric' : 'short',
            year: 'numeric',
            timeZone,
          })
        : new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: 'numeric', minute: '2-digit', timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "2026-12-01" → "1.12.2026" / "1 Dec 2026"; a full timestamp is shown as its date in the zone. */
export function formatDate(value: string | Date, locale: CardLocale, timeZone = DEFAULT_TIME_ZONE): string {
  const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = dateOnly ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return formatter(locale, 'date', dateOnly ? 'UTC' : timeZone).format(d);
}

/** "25.11.2026 klo 9.14" / "25 Nov 2026, 09:14" in the given zone. */
export function formatDateTime(value: string | Date, locale: CardLocale, timeZone = DEFAULT_TIME_ZONE): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const date = formatDate(d, locale, timeZone);
  const time = formatter(locale, 'time', timeZone).format(d);
  return locale === 'fi' ? `${date} klo ${time}` : `${date}, ${time}`;
}

/** Cuts raw user text before escaping, for list lines that must stay short. */
export function clip(value: string | undefined, max: number): string {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
