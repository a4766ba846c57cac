import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeExport } from '../billing/decode-text';
import { isBillingImportError, type BillingRejectReason } from '../billing/import-error';
import { DEFAULT_LIMITS, parseDelimited, rejectLongFields, type BillingLimits, type RawTable } from '../billing/raw-table';
import { parseXlsx } from '../billing/read-xlsx';
import {
  mapKpiTable,
  mergeImportedKpi,
  parseKpiMapping,
  type Bilingual,
  type KpiImportRow,
  type KpiMapping,
  type KpiRowProblem,
} from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import { repoPath } from '../config/repo-root';
import type { Clock } from '../ports/clock';
import type { KpiValue, Store } from '../store';

/** The shipped mapping (the sample format in samples/kpi/), used when none is given. */
export const DEFAULT_KPI_MAPPING = repoPath('mappings', 'kpi-quality-system.json');

/** KPI files are small: a year of six KPIs for a thousand accounts is 72,000 rows. */
// A KPI workbook is a few hundred rows: 64 MB unpacked is generous, and caps a zip bomb early.
const KPI_LIMITS: BillingLimits = {
  ...DEFAULT_LIMITS,
  maxFileBytes: 20 * 1024 * 1024,
  maxRows: 100_000,
  maxUnzippedBytes: 64 * 1024 * 1024,
};

export interface KpiImportError {
  reason: string;
  file: string;
  line?: number;
  column?: string;
  columnIndex?: number;
  message: Bilingual;
  hint: Bilingual;
}

function where(e: KpiImportError, locale: 'fi' | 'en'): string {
  const w = locale === 'fi' ? { file: 'tiedosto', line: 'rivi', column: 'sarake' } : { file: 'file', line: 'line', column: 'column' };
  return [`${w.file} ${e.file}`, e.line !== undefined ? `${w.line} ${e.line}` : '', e.column ? `${w.column} "${e.column}"` : '']
    .filter(Boolean)
    .join(', ');
}

/** A whole import refused (nothing applied): BAD_INPUT with where and what to do, in Finnish and English. */
/** "What (where). What to do." in one language. */
export function kpiImportText(e: KpiImportError, l: 'fi' | 'en'): string {
  return `${e.message[l]} (${where(e, l)}). ${e.hint[l]}`;
}

function kpiImportError(e: KpiImportError, cause?: unknown): AppError {
  const text = (l: 'fi' | 'en') => kpiImportText(e, l);
  return new AppError('BAD_INPUT', text('en'), { details: { kpiImport: e }, cause, userMessage: `${text('fi')} / ${text('en')}` });
}

export function kpiImportErrorOf(err: AppError): KpiImportError | undefined {
  return err.details?.kpiImport as KpiImportError | undefined;
}

// The billing reader's reasons, told for a KPI file rather than a billing export.
const READ_TEXT: Partial<Record<BillingRejectReason, { message: Bilingual; hint: Bilingual }>> = {
  NOT_FOUND: {
    message: { fi: 'Tiedostoa ei voi avata', en: 'The file cannot be opened' },
    hint: { fi: 'Tarkista tiedoston polku (--source).', en: 'Check the file path (--source).' },
  },
  EMPTY: {
    message: { fi: 'Tiedosto on tyhjä', en: 'The file is empty' },
    hint: { fi: 'Ota lähdejärjestelmästä uusi vienti.', en: 'Take a fresh export from the source system.' },
  },
  BINARY: {
    message: { fi: 'Tiedosto ei ole luettavaa CSV-tekstiä', en: 'The file is not readable CSV text' },
    hint: {
      fi: 'Tallenna vienti CSV-muodossa (UTF-8 tai Excelin CSV) tai .xlsx-tiedostona.',
      en: 'Save the export as CSV (UTF-8 or Excel CSV) or as an .xlsx workbook.',
    },
  },
  UNTERMINATED_QUOTE: {
    message: { fi: 'Lainausmerkki jää sulkematta', en: 'A quoted field is not closed' },
    hint: {
      fi: 'Korjaa rivin lainausmerkit tai ota uusi vienti; mitään ei tuotu.',
      en: 'Fix the quotation marks on the line or take a fresh export; nothing was imported.',
    },
  },
  MALFORMED_CSV: {
    message: { fi: 'Tiedosto ei ole kelvollista CSV:tä', en: 'The file is not valid CSV' },
    hint: { fi: 'Ota lähdejärjestelmästä uusi vienti.', en: 'Take a fresh export from the source system.' },
  },
  LINE_TOO_LONG: {
    message: { fi: 'Rivi on liian pitkä', en: 'A line is too long' },
    hint: { fi: 'Tarkista, että tiedosto on mittarivienti.', en: 'Check that the file is a KPI export.' },
  },
  FIELD_TOO_LONG: {
    message: { fi: 'Kenttä on liian pitkä', en: 'A field is too long' },
    hint: { fi: 'Tarkista, että tiedosto on mittarivienti.', en: 'Check that the file is a KPI export.' },
  },
  TOO_LARGE: {
    message: { fi: 'Tiedosto on liian suuri', en: 'The file is too large' },
    hint: { fi: 'Tarkista, että tiedosto on mittarivienti.', en: 'Check that the file is a KPI export.' },
  },
  TOO_MANY_ROWS: {
    message: { fi: `Tiedostossa on yli ${KPI_LIMITS.maxRows} riviä`, en: `The file has more than ${KPI_LIMITS.maxRows} rows` },
    hint: { fi: 'Jaa vienti osiin.', en: 'Split the export.' },
  },
};

/** Turns the billing reader's structural errors into KPI import errors; anything else passes through. */
function rethrowRead(err: unknown, line?: number): never {
  if (!isBillingImportError(err)) throw err;
  const d = {
    ...err.details,
    line: line !== undefined && (err.details.line === undefined || line < err.details.line) ? line : err.details.line,
  };
  const known = READ_TEXT[d.reason];
  const raw = err.message.replace(/ \([^)]*\)$/, '');
  throw kpiImportError(
    {
      reason: d.reason,
      file: d.file,
      line: d.line,
      column: d.column,
      columnIndex: d.columnIndex,
      message: known?.message ?? { fi: raw, en: raw },
      hint: known?.hint ?? { fi: d.hint.fi, en: d.hint.en },
    },
    err,
  );
}

/**
 * csv-parse notices an unclosed quote only at the end of the file; the line where the quote opened is
 * the one to fix. Quotes toggle the quoted state (a doubled "" toggles twice), so the last opening wins.
 */
function openQuoteLine(text: string): number | undefined {
  let quoted = false;
  let line = 1;
  let opened = 0;
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch === '"') {
      quoted = !quoted;
      if (quoted) opened = line;
    } else if (ch === '\n') line++;
  }
  return quoted ? opened : undefined;
}

/** Reads uploaded bytes (CSV in any of the billing reader's encodings and delimiters, or XLSX). */
export async function readKpiBytes(bytes: Buffer, file: string): Promise<RawTable> {
  let text: string | undefined;
  try {
    if (bytes.length > KPI_LIMITS.maxFileBytes) throw kpiImportError({ reason: 'TOO_LARGE', file, ...READ_TEXT.TOO_LARGE! });
    let table: RawTable;
    if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) table = await parseXlsx(bytes, file, KPI_LIMITS);
    else {
      const decoded = decodeExport(bytes);
      if ('failure' in decoded)
        throw kpiImportError({
          reason: decoded.failure === 'empty' ? 'EMPTY' : 'BINARY',
          file,
          line: decoded.failure === 'empty' ? undefined : 1,
          ...READ_TEXT[decoded.failure === 'empty' ? 'EMPTY' : 'BINARY']!,
        });
      text = decoded.text;
      table = parseDelimited(decoded.text, file, KPI_LIMITS, decoded.encoding);
    }
    rejectLongFields(table, KPI_LIMITS);
    return table;
  } catch (err) {
    const opened =
      isBillingImportError(err) && err.details.reason === 'UNTERMINATED_QUOTE' && text !== undefined ? openQuoteLine(text) : undefined;
    return rethrowRead(err, opened);
  }
}

/** Reads a CSV/TXT/XLSX file; KPI files are small, so it is read whole (after a size check). */
export async function readKpiFile(file: string): Promise<RawTable> {
  let bytes: Buffer;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new AppError('BAD_INPUT', 'not a regular file');
    if (st.size > KPI_LIMITS.maxFileBytes) throw kpiImportError({ reason: 'TOO_LARGE', file, ...READ_TEXT.TOO_LARGE! });
    bytes = await readFile(file);
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw kpiImportError({ reason: 'NOT_FOUND', file, ...READ_TEXT.NOT_FOUND! }, cause);
  }
  return readKpiBytes(bytes, file);
}

export function loadKpiMapping(file: string = DEFAULT_KPI_MAPPING): KpiMapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw kpiImportError(
      {
        reason: 'BAD_MAPPING',
        file,
        message: { fi: 'Sarakemäärittelyä ei voi lukea JSON-muodossa', en: 'The column mapping cannot be read as JSON' },
        hint: { fi: 'Tarkista polku (--mapping) ja JSON-muoto.', en: 'Check the path (--mapping) and the JSON syntax.' },
      },
      cause,
    );
  }
  const r = parseKpiMapping(json, file);
  if (!r.ok) throw kpiImportError(r.problem);
  return r.mapping;
}

export type RowChange = 'new' | 'updated' | 'unchanged';

export interface KpiImportReport {
  file: string;
  mapping: string;
  encoding: string | null;
  delimiter: string | null;
  dryRun: boolean;
  importedBy: string;
  importedAt: string;
  counts: { dataRows: number; valid: number; new: number; updated: number; unchanged: number; rowsWithErrors: number };
  /** Accounts and months that got values (or would, on a dry run). */
  accounts: string[];
  periods: string[];
  /** Names of the accounts in `rows`, for the report. */
  accountNames: Record<string, string>;
  /** Valid rows, in file order, with what they change. */
  rows: (KpiImportRow & { change: RowChange; previous: number | null })[];
  /** Row problems, in file order; a line may have several. Those rows were not imported. */
  problems: KpiRowProblem[];
}

export interface KpiImportOptions {
  mapping: KpiMapping;
  mappingName: string;
  /** Who imports (email, or cli:<user>); stored with every value. */
  by: string;
  dryRun?: boolean;
}

/**
 * Maps the table and writes its valid rows in one transaction (or only reports on a dry run).
 * Structural problems throw before anything is written; row problems are reported and skipped.
 */
export async function importKpiTable(deps: { store: Store; clock: Clock }, table: RawTable, o: KpiImportOptions): Promise<KpiImportReport> {
  const accounts = await deps.store.accounts.list();
  const known = new Set(accounts.map((a) => a.customerId));
  const mapped = mapKpiTable(table, o.mapping, (id) => known.has(id));
  if (!mapped.ok) throw kpiImportError(mapped.problem);
  const periods = [...new Set(mapped.rows.map((r) => r.period))].sort();
  const source = `import:${path.basename(table.file)}`.slice(0, 200);

  const plan = async (store: Store) => {
    const stored = new Map<string, KpiValue>();
    for (const v of await store.qualityCard.listKpisForPeriods(periods)) stored.set(`${v.customerId}|${v.period}|${v.kpiKey}`, v);
    return mapped.rows.map((row) => {
      const before = stored.get(`${row.customerId}|${row.period}|${row.kpi}`);
      return { row, before, next: mergeImportedKpi(row, before) };
    });
  };
  // Read and write in one transaction, so a KAD's edit between the two is not overwritten blindly.
  const run = async (store: Store) => {
    const planned = await plan(store);
    if (o.dryRun) return planned;
    const groups = new Map<string, typeof planned>();
    for (const p of planned) {
      if (p.next.change === 'unchanged') continue;
      const key = `${p.row.customerId}|${p.row.period}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    for (const list of groups.values()) {
      const { customerId, period } = list[0]!.row;
      await store.qualityCard.saveKpis(
        customerId,
        period,
        list.map((p) => ({
          kpiKey: p.row.kpi,
          value: p.next.value,
          target: p.next.target,
          light: p.next.light as KpiValue['light'],
          comment: p.next.comment,
        })),
        o.by,
        source,
      );
    }
    return planned;
  };
  const planned = o.dryRun ? await run(deps.store) : await deps.store.transaction(run);

  const count = (c: RowChange) => planned.filter((p) => p.next.change === c).length;
  const changed = planned.filter((p) => p.next.change !== 'unchanged');
  const inRows = new Set(planned.map((p) => p.row.customerId));
  return {
    file: table.file,
    mapping: o.mappingName,
    encoding: table.encoding ?? null,
    delimiter: table.delimiter ?? null,
    dryRun: o.dryRun ?? false,
    importedBy: o.by,
    importedAt: deps.clock.now().toISOString(),
    counts: {
      dataRows: mapped.dataRows,
      valid: mapped.rows.length,
      new: count('new'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rowsWithErrors: new Set(mapped.problems.map((p) => p.line)).size,
    },
    accounts: [...new Set(changed.map((p) => p.row.customerId))].sort(),
    periods: [...new Set(changed.map((p) => p.row.period))].sort(),
    accountNames: Object.fromEntries(accounts.filter((a) => inRows.has(a.customerId)).map((a) => [a.customerId, a.name])),
    rows: planned.map((p) => ({ ...p.row, change: p.next.change, previous: p.before?.value ?? null })),
    problems: mapped.problems,
  };
}
