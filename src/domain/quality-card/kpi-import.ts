import { z } from 'zod';
import { KPI_DEFINITIONS, KPI_KEYS, type KpiKey } from './kpi';
import { parseKpiPeriod } from './kpi-period';
import { parseKpiValue } from './parse-kpi-value';
import type { Period } from './period';

/*
 * KPI values from other systems (quality system, service book, CRM): one row per customer, month and
 * KPI. A mapping names the export's headers; this module turns the rows into values or per-row problems.
 * Reading bytes into rows is the billing import's job (encoding and delimiter detection).
 */

export interface Bilingual {
  fi: string;
  en: string;
}

const header = z.string().trim().min(1).max(200);

export const kpiMappingSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).max(100).optional(),
    description: z.string().max(2000).optional(),
    /** our field -> header in the export (matched trimmed, case-insensitively). */
    columns: z
      .object({
        customerId: header,
        period: header,
        kpi: header,
        value: header,
        target: header.optional(),
        comment: header.optional(),
      })
      .strict(),
    /** The source system's names for our KPIs (case-insensitive). Our keys and Finnish/English labels always work. */
    kpiNames: z.record(z.string().trim().min(1), z.enum(KPI_KEYS)).default({}),
    values: z
      .object({ decimalSeparator: z.enum([',', '.']).default(',') })
      .strict()
      .default({ decimalSeparator: ',' }),
  })
  .strict();
export type KpiMapping = z.output<typeof kpiMappingSchema>;
type Field = keyof KpiMapping['columns'];

/** Rows as the billing reader gives them: `line` is 1-based in the source file. */
export interface KpiTableInput {
  file: string;
  headers: string[];
  headerLine: number;
  records: { line: number; values: string[] }[];
}

export type KpiStructuralReason = 'BAD_MAPPING' | 'MISSING_COLUMN' | 'DUPLICATE_COLUMN' | 'HEADER_ONLY';
export interface KpiStructuralProblem {
  reason: KpiStructuralReason;
  file: string;
  line?: number;
  column?: string;
  columnIndex?: number;
  message: Bilingual;
  hint: Bilingual;
}

export type KpiRowReason =
  | 'UNKNOWN_CUSTOMER'
  | 'UNKNOWN_KPI'
  | 'BAD_PERIOD'
  | 'MISSING_VALUE'
  | 'BAD_NUMBER'
  | 'OUT_OF_RANGE'
  | 'NOT_A_PERCENT'
  | 'DUPLICATE_ROW'
  | 'TOO_LONG';
export interface KpiRowProblem {
  line: number;
  column: string;
  columnIndex: number;
  /** The offending cell, cut to 100 characters. */
  value: string;
  reason: KpiRowReason;
  message: Bilingual;
  hint: Bilingual;
}

export interface KpiImportRow {
  line: number;
  customerId: string;
  period: Period;
  kpi: KpiKey;
  value: number;
  /** null = keep the stored target (or the product default). */
  target: number | null;
  /** null = keep the stored comment. */
  comment: string | null;
}

export type KpiTableResult =
  { ok: false; problem: KpiStructuralProblem } | { ok: true; rows: KpiImportRow[]; problems: KpiRowProblem[]; dataRows: number };

const FIX_MAPPING: Bilingual = {
  fi: 'Korjaa sarakemäärittely (mallina mappings/kpi-quality-system.json) tai vientiä niin, että sarakkeiden nimet vastaavat toisiaan.',
  en: 'Fix the column mapping (see mappings/kpi-quality-system.json) or the export so that the column names match.',
};

/** Validates a mapping object; a problem names every offending key. */
export function parseKpiMapping(
  raw: unknown,
  file = '(mapping)',
): { ok: true; mapping: KpiMapping } | { ok: false; problem: KpiStructuralProblem } {
  const r = kpiMappingSchema.safeParse(raw);
  if (r.success) return { ok: true, mapping: r.data };
  const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return {
    ok: false,
    problem: {
      reason: 'BAD_MAPPING',
      file,
      message: { fi: `Sarakemäärittely ei kelpaa: ${issues}`, en: `The column mapping is not valid: ${issues}` },
      hint: FIX_MAPPING,
    },
  };
}

const norm = (s: string) => s.trim().toLocaleLowerCase('fi').replace(/\s+/g, ' ');

/** Every name that means a KPI: our keys, our labels (with and without the "(1–5)" suffix) and the mapping's names. */
function kpiLookup(mapping: KpiMapping): Map<string, KpiKey> {
  const m = new Map<string, KpiKey>();
  for (const key of KPI_KEYS) {
    m.set(norm(key), key);
    for (const label of [KPI_DEFINITIONS[key].label.fi, KPI_DEFINITIONS[key].label.en]) {
      m.set(norm(label), key);
      m.set(norm(label.replace(/\s*\(.*\)\s*$/, '')), key);
    }
  }
  for (const [name, key] of Object.entries(mapping.kpiNames)) m.set(norm(name), key);
  return m;
}

const cut = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

/**
 * Maps a table with the mapping. Structural problems (a mapped column missing or twice, no data rows)
 * reject the whole table; everything else is a problem of one row, and the other rows still count.
 * Within the file the first row for a customer, month and KPI wins; later ones are reported.
 */
export function mapKpiTable(table: KpiTableInput, mapping: KpiMapping, isKnownCustomer: (customerId: string) => boolean): KpiTableResult {
  const columns = resolveColumns(table, mapping);
  if (!columns.ok) return columns;
  const records = table.records.filter((r) => r.values.some((v) => v.trim() !== ''));
  if (records.length === 0) return { ok: false, problem: headerOnlyProblem(table) };

  const ctx: RowContext = {
    table,
    mapping,
    index: columns.index,
    kpis: kpiLookup(mapping),
    locale: mapping.values.decimalSeparator === ',' ? 'fi' : 'en',
    isKnownCustomer,
  };
  const rows: KpiImportRow[] = [];
  const problems: KpiRowProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const rec of records) {
    const read = readRecord(ctx, rec);
    if (read.row) {
      const key = `${read.row.customerId}|${read.row.period}|${read.row.kpi}`;
      const earlier = firstLine.get(key);
      if (earlier === undefined) {
        firstLine.set(key, rec.line);
        rows.push(read.row);
      } else read.report('kpi', 'DUPLICATE_ROW', ...duplicateRowTexts(earlier));
    }
    problems.push(...read.problems);
  }
  return { ok: true, rows, problems, dataRows: records.length };
}

interface RowContext {
  table: KpiTableInput;
  mapping: KpiMapping;
  index: Record<Field, number>;
  kpis: Map<string, KpiKey>;
  locale: 'fi' | 'en';
  isKnownCustomer: (customerId: string) => boolean;
}

type Report = (f: Field, reason: KpiRowReason, message: Bilingual, hint: Bilingual) => void;
type TableRecord = KpiTableInput['records'][number];

/** Finds each mapped column on the header line; a missing or doubled column rejects the table. */
function resolveColumns(
  table: KpiTableInput,
  mapping: KpiMapping,
): { ok: true; index: Record<Field, number> } | { ok: false; problem: KpiStructuralProblem } {
  const headers = table.headers.map(norm);
  const index = {} as Record<Field, number>;
  for (const [field, name] of Object.entries(mapping.columns) as [Field, string | undefined][]) {
    if (name === undefined) continue;
    const found = headers.flatMap((h, i) => (h === norm(name) ? [i] : []));
    // Target and comment may be left out of an export; the stored ones are then kept.
    if (found.length === 0 && (field === 'target' || field === 'comment')) continue;
    if (found.length === 0) return { ok: false, problem: missingColumnProblem(table, name) };
    if (found.length > 1) return { ok: false, problem: duplicateColumnProblem(table, name, found[1]! + 1) };
    index[field] = found[0]!;
  }
  return { ok: true, index };
}

function missingColumnProblem(table: KpiTableInput, name: string): KpiStructuralProblem {
  const seen = table.headers.filter(Boolean).slice(0, 20).join(', ');
  return {
    reason: 'MISSING_COLUMN',
    file: table.file,
    line: table.headerLine,
    column: name,
    message: {
      fi: `Sarake "${name}" puuttuu otsikkoriviltä (löytyi: ${seen})`,
      en: `Column "${name}" is missing from the header line (found: ${seen})`,
    },
    hint: FIX_MAPPING,
  };
}

function duplicateColumnProblem(table: KpiTableInput, name: string, columnIndex: number): KpiStructuralProblem {
  return {
    reason: 'DUPLICATE_COLUMN',
    file: table.file,
    line: table.headerLine,
    column: name,
    columnIndex,
    message: { fi: `Sarake "${name}" on otsikkorivillä kahdesti`, en: `Column "${name}" appears twice on the header line` },
    hint: {
      fi: 'Poista tai nimeä uudelleen toinen sarakkeista ja tuo tiedosto uudelleen.',
      en: 'Remove or rename one of the columns and import the file again.',
    },
  };
}

function headerOnlyProblem(table: KpiTableInput): KpiStructuralProblem {
  return {
    reason: 'HEADER_ONLY',
    file: table.file,
    line: table.headerLine,
    message: { fi: 'Tiedostossa on vain otsikkorivi, ei yhtään mittariarvoa', en: 'The file has only a header line and no KPI values' },
    hint: {
      fi: 'Ota lähdejärjestelmästä vienti, jossa on rivejä, ja tuo se uudelleen.',
      en: 'Take an export with rows from the source system and import it again.',
    },
  };
}

function duplicateRowTexts(earlier: number): [Bilingual, Bilingual] {
  return [
    {
      fi: `Sama asiakas, kausi ja mittari on jo rivillä ${earlier}`,
      en: `The same customer, period and KPI are already on line ${earlier}`,
    },
    {
      fi: `Rivin ${earlier} arvo tuotiin; poista ylimääräinen rivi.`,
      en: `The value on line ${earlier} was imported; remove the extra row.`,
    },
  ];
}

/** Reads one record: every problem of the row is reported, and a row is returned only when it has none. */
function readRecord(ctx: RowContext, rec: TableRecord): { row?: KpiImportRow; problems: KpiRowProblem[]; report: Report } {
  const problems: KpiRowProblem[] = [];
  const cell = (f: Field) => (ctx.index[f] === undefined ? '' : (rec.values[ctx.index[f]] ?? '').trim());
  const report: Report = (f, reason, message, hint) =>
    problems.push({
      line: rec.line,
      column: ctx.table.headers[ctx.index[f]] ?? ctx.mapping.columns[f] ?? f,
      columnIndex: ctx.index[f] + 1,
      value: cut(cell(f)),
      reason,
      message,
      hint,
    });

  const customerId = cell('customerId');
  checkCustomer(customerId, ctx.isKnownCustomer, report);
  const period = readPeriod(cell('period'), report);
  const kpi = readKpi(cell('kpi'), ctx.kpis, report);
  const value = readNumber('value', cell('value'), kpi, ctx.locale, report);
  const target = readNumber('target', cell('target'), kpi, ctx.locale, report);
  const comment = cell('comment');
  if (comment.length > 1000)
    report(
      'comment',
      'TOO_LONG',
      { fi: 'Kommentti on yli 1000 merkkiä', en: 'The comment is longer than 1000 characters' },
      { fi: 'Lyhennä kommenttia.', en: 'Shorten the comment.' },
    );

  if (problems.length > 0 || !period || !kpi || value === undefined || value === null || target === undefined) {
    return { problems, report };
  }
  return { row: { line: rec.line, customerId, period, kpi, value, target, comment: comment === '' ? null : comment }, problems, report };
}

function checkCustomer(customerId: string, isKnownCustomer: (customerId: string) => boolean, report: Report): void {
  if (customerId && isKnownCustomer(customerId)) return;
  report(
    'customerId',
    'UNKNOWN_CUSTOMER',
    customerId
      ? { fi: `Asiakasta ${customerId} ei ole asiakkuuksien joukossa`, en: `Customer ${customerId} is not a known account` }
      : { fi: 'Asiakasnumero puuttuu', en: 'The customer id is missing' },
    {
      fi: 'Tarkista asiakasnumero; asiakkuudet tulevat laskutusjärjestelmästä synkronoinnissa.',
      en: 'Check the customer id; accounts come from the billing system through the sync.',
    },
  );
}

function readPeriod(text: string, report: Report): Period | undefined {
  const period = parseKpiPeriod(text);
  if (period.ok) return period.period;
  report(
    'period',
    'BAD_PERIOD',
    { fi: `Kausi "${cut(text)}" ei ole kuukausi (${period.reason})`, en: `Period "${cut(text)}" is not a month (${period.reason})` },
    { fi: 'Anna yksi kuukausi muodossa 10/2026 tai 2026-10.', en: 'Give one month as 10/2026 or 2026-10.' },
  );
  return undefined;
}

function readKpi(text: string, kpis: Map<string, KpiKey>, report: Report): KpiKey | undefined {
  const kpi = kpis.get(norm(text));
  if (kpi) return kpi;
  report(
    'kpi',
    'UNKNOWN_KPI',
    { fi: `Tuntematon mittari "${cut(text)}"`, en: `Unknown KPI "${cut(text)}"` },
    {
      fi: `Käytä jotakin näistä tai lisää nimi sarakemäärittelyn kohtaan kpiNames: ${KPI_KEYS.map((k) => KPI_DEFINITIONS[k].label.fi).join(', ')}.`,
      en: `Use one of these or add the name to the mapping's kpiNames: ${KPI_KEYS.map((k) => KPI_DEFINITIONS[k].label.en).join(', ')}.`,
    },
  );
  return undefined;
}

/** A value or target: undefined when the cell has a problem, null for an empty target (the stored one is kept). */
function readNumber(
  f: 'value' | 'target',
  text: string,
  kpi: KpiKey | undefined,
  locale: 'fi' | 'en',
  report: Report,
): number | null | undefined {
  if (text === '') {
    if (f === 'target') return null;
    report(
      f,
      'MISSING_VALUE',
      { fi: 'Arvo puuttuu', en: 'The value is missing' },
      { fi: 'Anna luku tai poista rivi.', en: 'Give a number or remove the row.' },
    );
    return undefined;
  }
  const r = parseKpiValue(text, locale);
  if (!r.ok) {
    const why = r.reason === 'not a number' ? '' : ` (${r.reason})`;
    report(
      f,
      'BAD_NUMBER',
      { fi: `"${cut(text)}" ei ole luku${why}`, en: `"${cut(text)}" is not a number${why}` },
      {
        fi: 'Anna luku, desimaalierottimena pilkku (esim. 92,5).',
        en: 'Give a number, e.g. 92,5 or 92.5 (see the mapping’s decimalSeparator).',
      },
    );
    return undefined;
  }
  return kpi && !fitsKpi(f, text, r, kpi, report) ? undefined : r.value;
}

function fitsKpi(f: 'value' | 'target', text: string, r: { value: number; percent: boolean }, kpi: KpiKey, report: Report): boolean {
  const def = KPI_DEFINITIONS[kpi];
  if (r.percent && def.unit !== '%') {
    report(
      f,
      'NOT_A_PERCENT',
      { fi: `${def.label.fi} ei ole prosenttiluku`, en: `${def.label.en} is not a percentage` },
      { fi: 'Poista %-merkki.', en: 'Remove the % sign.' },
    );
    return false;
  }
  if (r.value >= def.min && r.value <= def.max) return true;
  report(
    f,
    'OUT_OF_RANGE',
    {
      fi: `${def.label.fi}: ${text} ei ole välillä ${def.min}–${def.max}`,
      en: `${def.label.en}: ${text} is not between ${def.min} and ${def.max}`,
    },
    { fi: 'Tarkista arvo ja sen yksikkö lähdejärjestelmästä.', en: 'Check the value and its unit in the source system.' },
  );
  return false;
}

export interface StoredKpi {
  value: number | null;
  target: number | null;
  light: string | null;
  comment: string | null;
}

/**
 * What an imported row leaves stored: the new value; the file's target and comment when it has them,
 * else what was there (a KAD's comment or manual light is not wiped by a monthly import).
 */
export function mergeImportedKpi(
  row: KpiImportRow,
  existing: StoredKpi | undefined,
): StoredKpi & { change: 'new' | 'updated' | 'unchanged' } {
  const next = {
    value: row.value,
    target: row.target ?? existing?.target ?? KPI_DEFINITIONS[row.kpi].defaultTarget,
    light: existing?.light ?? null,
    comment: row.comment ?? existing?.comment ?? null,
  };
  const change =
    !existing || existing.value === null
      ? 'new'
      : existing.value === next.value && existing.target === next.target && existing.comment === next.comment
        ? 'unchanged'
        : 'updated';
  return { ...next, change };
}
