import type { Locale } from './teams';

export type Dict = Record<string, { fi: string; en: string }>;

export const common = {
  openInTeams: { fi: 'Avaa tämä välilehti Teamsissa.', en: 'Open this tab in Teams.' },
  openInTeamsBody: {
    fi: 'Tämä sivu on Microsoft Teamsin välilehti, eikä se toimi yksinään selaimessa.',
    en: 'This page is a Microsoft Teams tab and does not work on its own in a browser.',
  },
  loading: { fi: 'Ladataan…', en: 'Loading…' },
  error: { fi: 'Virhe', en: 'Error' },
  retry: { fi: 'Yritä uudelleen', en: 'Try again' },
  noAccount: { fi: 'Tälle kanavalle ei löytynyt asiakkuutta.', en: 'No account was found for this channel.' },
  forbidden: { fi: 'Sinulla ei ole oikeutta tämän asiakkuuden tietoihin.', en: 'You may not see this account’s data.' },
  save: { fi: 'Tallenna', en: 'Save' },
  cancel: { fi: 'Peruuta', en: 'Cancel' },
  saved: { fi: 'Tallennettu.', en: 'Saved.' },
  search: { fi: 'Hae', en: 'Search' },
  print: { fi: 'Tulosta / PDF', en: 'Print / PDF' },
  edit: { fi: 'Muokkaa', en: 'Edit' },
  add: { fi: 'Lisää', en: 'Add' },
  remove: { fi: 'Poista', en: 'Remove' },
  close: { fi: 'Sulje', en: 'Close' },
  updated: { fi: 'Päivitetty', en: 'Updated' },
} satisfies Dict;

export type Translate<D extends Dict> = (key: keyof D | keyof typeof common) => string;

export function translator<D extends Dict>(dict: D, locale: Locale): Translate<D> {
  const all: Dict = { ...common, ...dict };
  return (key) => all[key as string]?.[locale] ?? String(key);
}

// Building an Intl formatter costs far more than using one (a table of dates builds hundreds), so each is made once.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatDate(
  d: string,
  locale: Locale,
  opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'numeric', year: 'numeric' },
): string {
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  const key = `${locale} ${JSON.stringify(opts)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale === 'fi' ? 'fi-FI' : 'en-GB', { ...opts, timeZone: 'UTC' })));
  return f.format(new Date(Date.UTC(y, m - 1, day)));
}

export function formatNumber(n: number | null | undefined, locale: Locale, digits = 1): string {
  if (n === null || n === undefined) return '–';
  const key = `${locale} ${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale === 'fi' ? 'fi-FI' : 'en-GB', { maximumFractionDigits: digits })));
  return f.format(n);
}
