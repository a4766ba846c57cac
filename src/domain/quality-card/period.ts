import { z } from 'zod';

/** A reporting month, `YYYY-MM`. */
export type Period = string;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Quality cards and KPI values exist for these years; others (0000-01, 9999-12) are input errors. */
const PERIOD_YEARS = { min: 2000, max: 2100 } as const;

export const periodSchema = z
  .string()
  .regex(PERIOD_RE, 'must be a month YYYY-MM')
  .refine((p) => {
    const year = Number(p.slice(0, 4));
    return year >= PERIOD_YEARS.min && year <= PERIOD_YEARS.max;
  }, `must be a month between ${PERIOD_YEARS.min}-01 and ${PERIOD_YEARS.max}-12`);

function parsePeriod(p: Period): { year: number; month: number } {
  const m = PERIOD_RE.exec(p);
  if (!m) throw new RangeError(`not a YYYY-MM period: ${p}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatPeriod(year: number, month: number): Period {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addPeriods(p: Period, months: number): Period {
  const { year, month } = parsePeriod(p);
  const idx = year * 12 + month - 1 + months;
  return formatPeriod(Math.floor(idx / 12), (idx % 12) + 1);
}

export function previousPeriod(p: Period): Period {
  return addPeriods(p, -1);
}

/** Inclusive list of months, oldest first (for history and sparklines). */
export function periodsBetween(from: Period, to: Period): Period[] {
  if (from > to) throw new RangeError(`period range reversed: ${from}..${to}`);
  const out: Period[] = [];
  for (let p = from; p <= to && out.length < 1200; p = addPeriods(p, 1)) out.push(p);
  return out;
}

/**
 * The management team's way of naming a reporting period: "1–8/2020" (en dash) within one year,
 * "8/2020" for one month, "11/2019–2/2020" across a year end.
 */
export function periodLabel(from: Period, to: Period): string {
  const a = parsePeriod(from);
  const b = parsePeriod(to);
  if (from > to) throw new RangeError(`period range reversed: ${from}..${to}`);
  if (from === to) return `${a.month}/${a.year}`;
  if (a.year === b.year) return `${a.month}–${b.month}/${a.year}`;
  return `${a.month}/${a.year}–${b.month}/${b.year}`;
}

/** The months of the period's year so far, as the management team names them: 2020-08 → "1–8/2020". */
export function yearToDateLabel(p: Period): string {
  return periodLabel(`${p.slice(0, 4)}-01`, p);
}
