import { npsFromCounts, type NpsCounts } from './kpi';
import type { Bilingual } from './kpi-import';

/** A survey export as cells: header names and data rows with their 1-based line in the file. */
export interface NpsAnswerTable {
  file: string;
  headers: string[];
  records: { line: number; values: string[] }[];
}

export interface NpsAnswerProblem {
  file: string;
  line: number;
  column: string;
  /** 1-based, as a spreadsheet shows it; 0 when the column itself is missing. */
  columnIndex: number;
  value: string;
  message: Bilingual;
}

export interface NpsAccountResult extends NpsCounts {
  customerId: string;
  answers: number;
  nps: number | null;
}

export type NpsAnswersResult = { ok: true; accounts: NpsAccountResult[]; answers: number } | { ok: false; problems: NpsAnswerProblem[] };

/** Header names a Webropol (or hand-made) export uses for the two columns, compared case-insensitively. */
const NPS_COLUMNS = {
  customer: ['asiakasnro', 'asiakasnumero', 'asiakas id', 'customer id', 'customerid', 'customer'],
  score: ['suositteluhalukkuus', 'nps', 'vastaus', 'arvosana', 'score', 'answer', 'rating', '0-10', '0–10'],
} as const;

const norm = (s: string) => s.trim().toLocaleLowerCase('fi').replace(/\s+/g, ' ');
const MAX_PROBLEMS = 50;

/**
 * Counts 0–10 answers per account (9–10 promoters, 7–8 passives, 0–6 detractors). Every problem is
 * reported with its file, line and column; one bad row rejects the whole file, because an NPS from
 * part of the answers would look right and be wrong.
 */
export function countNpsAnswers(table: NpsAnswerTable, isKnownCustomer: (customerId: string) => boolean): NpsAnswersResult {
  const problems: NpsAnswerProblem[] = [];
  const find = (names: readonly string[]) => table.headers.findIndex((h) => names.includes(norm(h)));
  const cols = { customer: find(NPS_COLUMNS.customer), score: find(NPS_COLUMNS.score) };
  for (const [key, idx] of Object.entries(cols)) {
    if (idx >= 0) continue;
    const name = key === 'customer' ? 'Asiakasnro' : 'Suositteluhalukkuus';
    problems.push({
      file: table.file,
      line: 1,
      column: name,
      columnIndex: 0,
      value: '',
      message: {
        fi: `Sarake "${name}" puuttuu otsikkoriviltä (kelpaa myös: ${NPS_COLUMNS[key as 'customer'].join(', ')})`,
        en: `The header row has no "${name}" column (also accepted: ${NPS_COLUMNS[key as 'customer'].join(', ')})`,
      },
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (table.records.length === 0)
    return {
      ok: false,
      problems: [
        {
          file: table.file,
          line: 1,
          column: '',
          columnIndex: 0,
          value: '',
          message: { fi: 'Tiedostossa ei ole vastauksia', en: 'The file has no answers' },
        },
      ],
    };

  const counts = new Map<string, NpsCounts>();
  for (const r of table.records) {
    if (problems.length >= MAX_PROBLEMS) break;
    const id = (r.values[cols.customer] ?? '').trim();
    const raw = (r.values[cols.score] ?? '').trim();
    const at = (col: 'customer' | 'score', value: string, message: Bilingual): NpsAnswerProblem => ({
      file: table.file,
      line: r.line,
      column: table.headers[cols[col]],
      columnIndex: cols[col] + 1,
      value: value.slice(0, 100),
      message,
    });
    if (r.values.every((v) => v.trim() === '')) continue;
    if (!id) problems.push(at('customer', id, { fi: 'Asiakasnumero puuttuu', en: 'The customer id is missing' }));
    else if (!isKnownCustomer(id))
      problems.push(
        at('customer', id, { fi: `Asiakasta ${id} ei ole asiakkuuksien joukossa`, en: `Customer ${id} is not among the accounts` }),
      );
    const score = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (!(score >= 0 && score <= 10))
      problems.push(at('score', raw, { fi: 'Vastauksen pitää olla kokonaisluku 0–10', en: 'The answer must be a whole number 0–10' }));
    if (problems.length > 0) continue;
    const c = counts.get(id) ?? { promoters: 0, passives: 0, detractors: 0 };
    if (score >= 9) c.promoters++;
    else if (score >= 7) c.passives++;
    else c.detractors++;
    counts.set(id, c);
  }
  if (problems.length > 0) return { ok: false, problems };
  const accounts = [...counts].map(([customerId, c]) => ({
    customerId,
    ...c,
    answers: c.promoters + c.passives + c.detractors,
    nps: npsFromCounts(c),
  }));
  return { ok: true, accounts, answers: accounts.reduce((n, a) => n + a.answers, 0) };
}

/** One NPS over several accounts' answers (each answer counts once, not each account). */
export function overallNps(results: readonly NpsCounts[]): { nps: number | null; answers: number } {
  const sum = results.reduce(
    (s, r) => ({ promoters: s.promoters + r.promoters, passives: s.passives + r.passives, detractors: s.detractors + r.detractors }),
    { promoters: 0, passives: 0, detractors: 0 },
  );
  return { nps: npsFromCounts(sum), answers: sum.promoters + sum.passives + sum.detractors };
}
