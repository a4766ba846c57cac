import { hash } from 'node:crypto';
import type { SiteAssignment } from '../domain/billing-records';
import type { SiteRole } from '../domain/roles';
import { buildAccounts, buildPeople, buildSites } from './aggregate-records';
import { BillingImportError, type Hint } from './import-error';
import type { BillingImport, BillingRow, ImportWarning, RowError, RowProblem } from './import-result';
import type { CanonicalField, ColumnMapping } from './mapping';
import { cleanText, displayValue, isValidEmail, normaliseEmail, parseDate, parseDecimal } from './normalise';
import type { RawTable } from './raw-table';

export type { BillingImport } from './import-result';

const ROLE_FIELDS: Record<SiteRole, { email: CanonicalField; name: CanonicalField }> = {
  supervisor: { email: 'supervisorEmail', name: 'supervisorName' },
  regional_director: { email: 'regionalDirectorEmail', name: 'regionalDirectorName' },
  manager: { email: 'managerEmail', name: 'managerName' },
  sales_manager: { email: 'salesManagerEmail', name: 'salesManagerName' },
};

const BASE_REQUIRED: CanonicalField[] = ['customerId', 'customerName', 'siteId', 'supervisorEmail', 'keyAccountDirectorEmail'];

const HINT_COLUMNS: Hint = {
  fi: 'Vientitiedoston sarakeotsikot eivät vastaa sarakemäärittelyä. Ota vienti oikealla pohjalla tai korjaa määrittely (BILLING_MAPPING).',
  en: "The export's column headers do not match the column mapping. Export with the right layout or fix the mapping (BILLING_MAPPING).",
};

/** Fields whose values repeat across rows (people, customers, places, dates); see sharedValues. */
const REPEATING = new Set<CanonicalField>([
  'customerId',
  'customerName',
  'nationalAccount',
  'postalCode',
  'city',
  'region',
  'supervisorEmployeeId',
  'supervisorName',
  'regionalDirectorName',
  'managerName',
  'salesManagerName',
  'keyAccountDirectorName',
]);

/**
 * Cleaning a repeated value once and sharing the result: cleanText and normaliseEmail return a new
 * string for any non-ASCII or mixed-case value, so the same 600 people would otherwise be held as
 * ~130,000 separate strings for a 27,000-row export, in the rows, sites and desired state alike.
 */
function sharedValues(dateFormat: ColumnMapping['values']['dateFormat']) {
  const memo = <T>(fn: (v: string) => T) => {
    const seen = new Map<string, T>();
    return (v: string): T => {
      let out = seen.get(v);
      if (out === undefined && !seen.has(v)) seen.set(v, (out = fn(v)));
      return out as T;
    };
  };
  return { text: memo(cleanText), email: memo(normaliseEmail), date: memo((v) => parseDate(v, dateFormat)) };
}

export const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .normalize('NFC')
    .toLowerCase();

/** Applies the mapping and the validation rules to a raw table. Throws BillingImportError on structural problems. */
export function buildBillingImport(table: RawTable, mapping: ColumnMapping, options: { consumeTable?: boolean } = {}): BillingImport {
  const col = resolveColumns(table, mapping);
  const records = table.records.filter((r) => r.values.some((v) => v.trim() !== ''));
  if (records.length === 0) throw headerOnlyError(table);

  const ctx: RowContext = {
    table,
    mapping,
    col,
    truthy: new Set(mapping.values.nationalTrue.map((v) => v.trim().toLowerCase())),
    same: sharedValues(mapping.values.dateFormat),
  };
  const warnings: ImportWarning[] = [];
  const rowErrors: RowError[] = [];
  const rows: BillingRow[] = [];
  const seen = new Map<string, number>();
  let duplicateRows = 0;
  let skippedRows = 0;
  for (const [i, rec] of records.entries()) {
    // consumeTable: each raw row is let go once read, so the raw table and the built rows never
    // both exist in full (the owner of the table, importBilling, never reads it again).
    if (options.consumeTable && i > 0) records[i - 1]!.values = [];
    const first = firstLineOfSameRow(seen, rec);
    if (first !== undefined) {
      duplicateRows++;
      warnings.push({
        code: 'DUPLICATE_ROW',
        message: `Line ${rec.line} repeats line ${first} exactly; counted once`,
        line: rec.line,
        otherLine: first,
      });
      continue;
    }
    const row = readRow(ctx, rec, rowErrorReporter(ctx, rec, rowErrors));
    if (row) rows.push(row);
    else skippedRows++;
  }

  const sites = buildSites(rows, table, col, warnings);
  const accounts = buildAccounts(rows, mapping, warnings);
  const people = buildPeople(rows);
  return {
    source: { file: table.file, format: table.format, encoding: table.encoding, delimiter: table.delimiter, mapping: mapping.name },
    rows,
    accounts,
    sites,
    people,
    warnings,
    rowErrors,
    stats: {
      rows: records.length,
      acceptedRows: rows.length,
      duplicateRows,
      skippedRows,
      rowsWithErrors: new Set(rowErrors.map((e) => e.line)).size,
      accounts: accounts.size,
      nationalAccounts: [...accounts.values()].filter((a) => a.national).length,
      sites: sites.size,
      people: people.size,
    },
  };
}

interface RowContext {
  table: RawTable;
  mapping: ColumnMapping;
  col: Map<CanonicalField, number>;
  truthy: Set<string>;
  same: ReturnType<typeof sharedValues>;
}

type RecordOf = RawTable['records'][number];
type ReportRowError = (field: CanonicalField | null, problem: RowProblem, raw: string, message: string, rowSkipped?: boolean) => void;

function headerOnlyError(table: RawTable): BillingImportError {
  return new BillingImportError('The file has a header but no rows (a truncated export?)', {
    reason: 'HEADER_ONLY',
    file: table.file,
    line: table.headerLine,
    hint: {
      fi: 'Vienti näyttää katkenneen. Ota laskutusjärjestelmästä uusi vienti; mitään ei muutettu.',
      en: 'The export looks truncated. Take a fresh export from the billing system; nothing was changed.',
    },
  });
}

/** The line an identical row was first seen on, or undefined (and the row is remembered). */
function firstLineOfSameRow(seen: Map<string, number>, rec: RecordOf): number | undefined {
  // a digest, not the joined row, so a 200,000-row file does not keep a second copy of itself
  const key = hash('sha1', rec.values.join('\u0001'), 'base64');
  const first = seen.get(key);
  if (first === undefined) seen.set(key, rec.line);
  return first;
}

function rowErrorReporter(ctx: RowContext, rec: RecordOf, rowErrors: RowError[]): ReportRowError {
  return (field, problem, raw, message, rowSkipped = false) => {
    const idx = field ? ctx.col.get(field) : undefined;
    rowErrors.push({
      line: rec.line,
      field,
      column: idx !== undefined ? ctx.table.headers[idx]! : null,
      columnIndex: idx !== undefined ? idx + 1 : null,
      value: displayValue(raw),
      problem,
      rowSkipped,
      message,
    });
  };
}

/** One billing row, or undefined when the row is skipped (its error is reported). */
function readRow(ctx: RowContext, rec: RecordOf, err: ReportRowError): BillingRow | undefined {
  const { table, col, same } = ctx;
  // A different field count means cells may have shifted into the wrong columns: trust nothing in the row.
  if (rec.values.length !== table.headers.length) {
    err(null, 'FIELD_COUNT', '', `Row has ${rec.values.length} fields but the header has ${table.headers.length}; row skipped`, true);
    return undefined;
  }
  const raw = (f: CanonicalField) => {
    const i = col.get(f);
    return i === undefined ? '' : (rec.values[i] ?? '');
  };
  const text = (f: CanonicalField) => (REPEATING.has(f) ? same.text(raw(f)) : cleanText(raw(f)));

  const customerId = text('customerId');
  const siteId = text('siteId');
  if (!customerId || !siteId) {
    const missing = customerId ? 'siteId' : 'customerId';
    err(missing, 'MISSING_VALUE', raw(missing), 'Customer id and site id are required; row skipped', true);
    return undefined;
  }
  const date = (f: CanonicalField) => {
    const v = text(f);
    if (v === '') return undefined;
    const iso = same.date(v);
    if (iso === null) err(f, 'BAD_DATE', raw(f), `Not a date in the format ${ctx.mapping.values.dateFormat}`);
    return iso ?? undefined;
  };
  // A row's errors are reported in this order: people, key account director, billing, dates.
  const people = readPeople(ctx, rec.line, raw, text, err);
  const keyAccountDirector = readKeyAccountDirector(ctx, raw, text, err);
  const monthlyBillingEur = readBilling(ctx, raw, text, err);
  return {
    line: rec.line,
    customerId,
    customerName: text('customerName'),
    nationalFlag: ctx.truthy.has(text('nationalAccount').toLowerCase()),
    siteId,
    siteName: text('siteName'),
    streetAddress: text('streetAddress'),
    postalCode: text('postalCode'),
    city: text('city'),
    region: text('region') || undefined,
    supervisorEmployeeId: text('supervisorEmployeeId') || undefined,
    people,
    keyAccountDirector,
    contractStart: date('contractStart'),
    contractEnd: date('contractEnd'),
    monthlyBillingEur,
  };
}

type Cell = (f: CanonicalField) => string;

function readPeople(ctx: RowContext, line: number, raw: Cell, text: Cell, err: ReportRowError): SiteAssignment[] {
  const people: SiteAssignment[] = [];
  for (const [role, f] of Object.entries(ROLE_FIELDS) as [SiteRole, (typeof ROLE_FIELDS)[SiteRole]][]) {
    if (!ctx.col.has(f.email)) continue;
    const email = ctx.same.email(raw(f.email));
    if (email === '') {
      if (role === 'supervisor') err(f.email, 'MISSING_VALUE', raw(f.email), 'Supervisor email is empty');
      continue;
    }
    if (!isValidEmail(email)) {
      err(f.email, 'INVALID_EMAIL', raw(f.email), `Not a valid email address for ${role.replace('_', ' ')}`);
      continue;
    }
    people.push({ role, email, name: text(f.name), line });
  }
  return people;
}

function readKeyAccountDirector(ctx: RowContext, raw: Cell, text: Cell, err: ReportRowError): BillingRow['keyAccountDirector'] {
  const kadRaw = raw('keyAccountDirectorEmail');
  const kad = ctx.same.email(kadRaw);
  if (kad === '') return undefined;
  if (isValidEmail(kad)) return { email: kad, name: text('keyAccountDirectorName') };
  err('keyAccountDirectorEmail', 'INVALID_EMAIL', kadRaw, 'Not a valid email address for the key account director');
  return undefined;
}

function readBilling(ctx: RowContext, raw: Cell, text: Cell, err: ReportRowError): number | undefined {
  const billingText = text('monthlyBillingEur');
  if (billingText === '') return undefined;
  const separator = ctx.mapping.values.decimalSeparator;
  const n = parseDecimal(billingText, separator);
  if (n !== null) return n;
  err('monthlyBillingEur', 'BAD_NUMBER', raw('monthlyBillingEur'), `Not a number with decimal separator "${separator}"`);
  return undefined;
}

function resolveColumns(table: RawTable, mapping: ColumnMapping): Map<CanonicalField, number> {
  const byHeader = new Map<string, number[]>();
  table.headers.forEach((h, i) => {
    const k = headerKey(h);
    byHeader.set(k, [...(byHeader.get(k) ?? []), i]);
  });
  const required = new Set<CanonicalField>(BASE_REQUIRED);
  if (mapping.columns.nationalAccount) required.add('nationalAccount');
  for (const role of mapping.memberRoles) {
    const f = ROLE_FIELDS[role].email;
    if (!mapping.columns[f]) {
      throw new BillingImportError(`The mapping counts ${role} as a member role but maps no column for ${f}`, {
        reason: 'BAD_MAPPING',
        file: table.file,
        hint: {
          fi: 'Lisää sarake määrittelyyn tai poista rooli memberRoles-listasta.',
          en: 'Map the column or remove the role from memberRoles.',
        },
      });
    }
    required.add(f);
  }
  const col = new Map<CanonicalField, number>();
  const missing: string[] = [];
  for (const [field, headerName] of Object.entries(mapping.columns) as [CanonicalField, string | undefined][]) {
    if (!headerName) continue;
    const found = byHeader.get(headerKey(headerName));
    if (!found) {
      if (required.has(field)) missing.push(headerName);
      continue;
    }
    if (found.length > 1) {
      throw new BillingImportError(`Column "${headerName}" appears ${found.length} times in the header`, {
        reason: 'DUPLICATE_COLUMN',
        file: table.file,
        line: table.headerLine,
        column: headerName,
        columnIndex: found[1]! + 1,
        hint: HINT_COLUMNS,
      });
    }
    col.set(field, found[0]!);
  }
  if (missing.length > 0) {
    throw new BillingImportError(`Required column${missing.length > 1 ? 's' : ''} missing: ${missing.map((m) => `"${m}"`).join(', ')}`, {
      reason: 'MISSING_COLUMN',
      file: table.file,
      line: table.headerLine,
      column: missing[0],
      missingColumns: missing,
      // The headers the file has, so the CLI can name a shipped mapping that fits them.
      foundHeaders: table.headers.slice(0, 200),
      hint: HINT_COLUMNS,
    });
  }
  return col;
}
