import { formatPeriod, type Period } from './period';

export type ParsedPeriod = { ok: true; period: Period } | { ok: false; reason: string };

const FORMS: { re: RegExp; year: number; month: number }[] = [
  { re: /^(\d{4})-(\d{1,2})$/, year: 1, month: 2 }, // 2026-10
  { re: /^(\d{4})-(\d{1,2})-\d{1,2}$/, year: 1, month: 2 }, // 2026-10-01 (a date cell from Excel)
  { re: /^(\d{1,2})\/(\d{4})$/, year: 2, month: 1 }, // 10/2026, the Finnish way
  { re: /^(\d{1,2})\.(\d{4})$/, year: 2, month: 1 }, // 10.2026
  { re: /^\d{1,2}\.(\d{1,2})\.(\d{4})$/, year: 2, month: 1 }, // 1.10.2026
];

/**
 * Reads the reporting month of a KPI row from another system: `2026-10`, `10/2026`, `10.2026`, or a
 * date in that month (`2026-10-01`, `1.10.2026`). A range such as "1–8/2020" is refused: one month per row.
 */
export function parseKpiPeriod(text: string): ParsedPeriod {
  const s = text.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (/[–—]|\d\s*-\s*\d+\//.test(s)) return { ok: false, reason: 'a range, not one month' };
  for (const f of FORMS) {
    const m = f.re.exec(s);
    if (!m) continue;
    const year = Number(m[f.year]);
    const month = Number(m[f.month]);
    if (month < 1 || month > 12) return { ok: false, reason: 'month must be 1–12' };
    if (year < 2000 || year > 2099) return { ok: false, reason: 'year must be 2000–2099' };
    return { ok: true, period: formatPeriod(year, month) };
  }
  return { ok: false, reason: 'not a month' };
}
