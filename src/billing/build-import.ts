import { hash } from 'node:crypto';
import type { SiteAssignment } from '../domain/billing-records';
import type { SiteRole } from '../domain/roles';
import { buildAccounts, buildPeople, buildSites } from './aggregate-records';
import { BillingImportError, type Hint } from './import-error';
import type { BillingImport, BillingRow, ImportWarning, RowError, RowProblem } from './import-result';
import type { CanonicalField, ColumnMapping } from './mapping';
import { cleanText, displayValue, isValidEmail, normaliseEmail, parseDate, parseDecimal } from './normalise';
import type { RawTable } from './raw-table';

export type { BillingImport, BillingRow, ImportStats, ImportWarning, RowError, RowProblem, WarningCode } from './import-result';

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
  const file = table.file;
  const col = resolveColumns(table, mapping);
  const records = table.records.filter((r) => r.values.some((v) => v.trim() !== ''));
  if (records.length === 0) {
    throw new BillingImportError('The file has a header but no rows (a truncated export?)', {
      reason: 'HEADER_ONLY',
      file,
      line: table.headerLine,
      hint: {
        fi: 'Vienti näyttää katkenneen. Ota laskutusjärjestelmästä uusi vienti; mitään ei muutettu.',
        en: 'The export looks truncated. Take a fresh export from the billing system; nothing was changed.',
      },
    });
  }

  const truthy = new Set(mapping.values.nationalTrue.map((v) => v.trim().toLowerCase()));
  const warnings: ImportWarning[] = [];
  const rowErrors: RowError[] = [];
  const rows: BillingRow[] = [];
  const seen = new Map<string, number>();
  let duplicateRows = 0;
  let skippedRows = 0;
  const errorLines = new Set<number>();
  const same = sharedValues(mapping.values.dateFormat);

  for (const [i, rec] of records.entries()) {
    // consumeTable: each raw row is let go once read, so the raw table and the built rows never
    // both exist in full (the owner of the table, importBilling, never reads it again).
    if (options.consumeTable && i > 0) records[i - 1]!.values = [];
    // a digest, not the joined row, so a 200,000-row file does not keep a second copy of itself
    const key = hash('sha1', rec.values.join('\u0001'), 'base64');
    const first = seen.get(key);
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
    seen.set(key, rec.line);

    const err = (field: CanonicalField | null, problem: RowProblem, raw: string, message: string, rowSkipped = false) => {
      const idx = field ? col.get(field) : undefined;
      rowErrors.push({
        line: rec.line,
        field,
        column: idx !== undefined ? table.headers[idx]! : null,
        columnIndex: idx !== undefined ? idx + 1 : null,
        value: displayValue(raw),
        problem,
        rowSkipped,
        message,
      });
      errorLines.add(rec.line);
    };

    // A different field count means cells may have shifted into the wrong columns: trust nothing in the row.
    if (rec.values.length !== table.headers.length) {
      err(null, 'FIELD_COUNT', '', `Row has ${rec.values.length} fields but the header has ${table.headers.length}; row skipped`, true);
      skippedRows++;
      continue;
    }
    const raw = (f: CanonicalField) => {
      const i = col.get(f);
      return i === undefined ? '' : (rec.values[i] ?? '');
    };
    const text = (f: CanonicalField) => (REPEATING.has(f) ? same.text(raw(f)) : cleanText(raw(f)));

    const customerId = text('customerId');
    const siteId = text('siteId');
    if (!customerId || !siteId) {
      err(
        customerId ? 'siteId' : 'customerId',
        'MISSING_VALUE',
        raw(customerId ? 'siteId' : 'customerId'),
        'Customer id and site id are required; row skipped',
        true,
      );
      skippedRows++;
      continue;
    }

    const people: SiteAssignment[] = [];
    for (const [role, f] of Object.entries(ROLE_FIELDS) as [SiteRole, (typeof ROLE_FIELDS)[SiteRole]][]) {
      if (!col.has(f.email)) continue;
      const email = same.email(raw(f.email));
      if (email === '') {
        if (role === 'supervisor') err(f.email, 'MISSING_VALUE', raw(f.email), 'Supervisor email is empty');
        continue;
      }
      if (!isValidEmail(email)) {
        err(f.email, 'INVALID_EMAIL', raw(f.email), `Not a valid email address for ${role.replace('_', ' ')}`);
        continue;
      }
      people.push({ role, email, name: text(f.name), line: rec.line });
    }

    let keyAccountDirector: BillingRow['keyAccountDirector'];
    const kadRaw = raw('keyAccountDirectorEmail');
    const kad = same.email(kadRaw);
    if (kad !== '') {
      if (isValidEmail(kad)) keyAccountDirector = { email: kad, name: text('keyAccountDirectorName') };
      else err('keyAccountDirectorEmail', 'INVALID_EMAIL', kadRaw, 'Not a valid email address for the key account director');
    }

    const date = (f: CanonicalField) => {
      const v = text(f);
      if (v === '') return undefined;
      const iso = same.date(v);
      if (iso === null) err(f, 'BAD_DATE', raw(f), `Not a date in the format ${mapping.values.dateFormat}`);
      return iso ?? undefined;
    };
    const billingText = text('monthlyBillingEur');
    let monthlyBillingEur: number | undefined;
    if (billingText !== '') {
      const n = parseDecimal(billingText, mapping.values.decimalSeparator);
      if (n === null)
        err(
          'monthlyBillingEur',
          'BAD_NUMBER',
          raw('monthlyBillingEur'),
          `Not a number with decimal separator "${mapping.values.decimalSeparator}"`,
        );
      else monthlyBillingEur = n;
    }

    rows.push({
      line: rec.line,
      customerId,
      customerName: text('customerName'),
      nationalFlag: truthy.has(text('nationalAccount').toLowerCase()),
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
    });
  }

  const sites = buildSites(rows, table, col, warnings);
  const accounts = buildAccounts(rows, mapping, warnings);
  const people = buildPeople(rows);
  const nationalAccounts = [...accounts.values()].filter((a) => a.national).length;
  return {
    source: { file, format: table.format, encoding: table.encoding, delimiter: table.delimiter, mapping: mapping.name },
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
      rowsWithErrors: errorLines.size,
      accounts: accounts.size,
      nationalAccounts,
      sites: sites.size,
      people: people.size,
    },
  };
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
