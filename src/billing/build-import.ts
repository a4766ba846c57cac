import type { AccountRecord, PersonRecord, SiteAssignment, SiteRecord, SiteRole } from '../domain/billing-records';
import { BillingImportError, type Hint } from './import-error';
import type { CanonicalField, ColumnMapping } from './mapping';
import { cleanText, displayValue, isValidEmail, normaliseEmail, parseDate, parseDecimal } from './normalise';
import type { RawTable } from './raw-table';

export interface BillingRow {
  line: number;
  customerId: string;
  customerName: string;
  nationalFlag: boolean;
  siteId: string;
  siteName: string;
  streetAddress: string;
  postalCode: string;
  city: string;
  supervisorEmployeeId?: string;
  people: SiteAssignment[];
  keyAccountDirector?: { email: string; name: string };
  contractStart?: string;
  contractEnd?: string;
  monthlyBillingEur?: number;
}

export type RowProblem = 'INVALID_EMAIL' | 'MISSING_VALUE' | 'BAD_DATE' | 'BAD_NUMBER' | 'FIELD_COUNT';

/** A problem in one row. The row's other valid data still counts unless `rowSkipped`. */
export interface RowError {
  line: number;
  field: CanonicalField | null;
  column: string | null;
  columnIndex: number | null;
  /** The offending cell, JSON-quoted and capped: safe to print. */
  value: string;
  problem: RowProblem;
  rowSkipped: boolean;
  message: string;
}

export type WarningCode =
  | 'DUPLICATE_ROW'
  | 'SITE_REPEATED'
  | 'NAME_MISMATCH'
  | 'FLAG_MISMATCH'
  | 'OWNER_MISMATCH'
  | 'NO_OWNER'
  | 'UNKNOWN_NATIONAL_ID';

export interface ImportWarning {
  code: WarningCode;
  message: string;
  line?: number;
  otherLine?: number;
  customerId?: string;
  siteId?: string;
}

export interface ImportStats {
  /** Data rows in the source (blank rows not counted). The sync compares this with the last accepted run. */
  rows: number;
  /** Rows whose data was used (duplicates and skipped rows excluded). */
  acceptedRows: number;
  duplicateRows: number;
  skippedRows: number;
  rowsWithErrors: number;
  accounts: number;
  nationalAccounts: number;
  sites: number;
  people: number;
}

export interface BillingImport {
  source: { file: string; format: RawTable['format']; encoding?: string; delimiter?: string; mapping?: string };
  rows: BillingRow[];
  accounts: Map<string, AccountRecord>;
  sites: Map<string, SiteRecord>;
  /** Keyed by normalised email. */
  people: Map<string, PersonRecord>;
  warnings: ImportWarning[];
  rowErrors: RowError[];
  stats: ImportStats;
}

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

const headerKey = (h: string) => h.replace(/^\uFEFF/, '').trim().normalize('NFC').toLowerCase();

/** Applies the mapping and the validation rules to a raw table. Throws BillingImportError on structural problems. */
export function buildBillingImport(table: RawTable, mapping: ColumnMapping): BillingImport {
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

  for (const rec of records) {
    const key = rec.values.join('\u0001');
    const first = seen.get(key);
    if (first !== undefined) {
      duplicateRows++;
      warnings.push({ code: 'DUPLICATE_ROW', message: `Line ${rec.line} repeats line ${first} exactly; counted once`, line: rec.line, otherLine: first });
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
      return i === undefined ? '' : rec.values[i] ?? '';
    };
    const text = (f: CanonicalField) => cleanText(raw(f));

    const customerId = text('customerId');
    const siteId = text('siteId');
    if (!customerId || !siteId) {
      err(customerId ? 'siteId' : 'customerId', 'MISSING_VALUE', raw(customerId ? 'siteId' : 'customerId'), 'Customer id and site id are required; row skipped', true);
      skippedRows++;
      continue;
    }

    const people: SiteAssignment[] = [];
    for (const [role, f] of Object.entries(ROLE_FIELDS) as [SiteRole, (typeof ROLE_FIELDS)[SiteRole]][]) {
      if (!col.has(f.email)) continue;
      const email = normaliseEmail(raw(f.email));
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
    const kad = normaliseEmail(kadRaw);
    if (kad !== '') {
      if (isValidEmail(kad)) keyAccountDirector = { email: kad, name: text('keyAccountDirectorName') };
      else err('keyAccountDirectorEmail', 'INVALID_EMAIL', kadRaw, 'Not a valid email address for the key account director');
    }

    const date = (f: CanonicalField) => {
      const v = text(f);
      if (v === '') return undefined;
      const iso = parseDate(v, mapping.values.dateFormat);
      if (iso === null) err(f, 'BAD_DATE', raw(f), `Not a date in the format ${mapping.values.dateFormat}`);
      return iso ?? undefined;
    };
    const billingText = text('monthlyBillingEur');
    let monthlyBillingEur: number | undefined;
    if (billingText !== '') {
      const n = parseDecimal(billingText, mapping.values.decimalSeparator);
      if (n === null) err('monthlyBillingEur', 'BAD_NUMBER', raw('monthlyBillingEur'), `Not a number with decimal separator "${mapping.values.decimalSeparator}"`);
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
        hint: { fi: 'Lisää sarake määrittelyyn tai poista rooli memberRoles-listasta.', en: 'Map the column or remove the role from memberRoles.' },
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
      hint: HINT_COLUMNS,
    });
  }
  return col;
}

function buildSites(rows: BillingRow[], table: RawTable, col: Map<CanonicalField, number>, warnings: ImportWarning[]): Map<string, SiteRecord> {
  const sites = new Map<string, SiteRecord>();
  const conflicts: { siteId: string; line: number; otherLine: number; customerId: string; otherCustomerId: string }[] = [];
  for (const r of rows) {
    const existing = sites.get(r.siteId);
    if (!existing) {
      sites.set(r.siteId, {
        siteId: r.siteId,
        customerId: r.customerId,
        name: r.siteName,
        streetAddress: r.streetAddress,
        postalCode: r.postalCode,
        city: r.city,
        line: r.line,
        people: [...r.people],
        monthlyBillingEur: r.monthlyBillingEur,
      });
      continue;
    }
    if (existing.customerId !== r.customerId) {
      conflicts.push({ siteId: r.siteId, line: r.line, otherLine: existing.line, customerId: r.customerId, otherCustomerId: existing.customerId });
      continue;
    }
    warnings.push({
      code: 'SITE_REPEATED',
      message: `Site ${r.siteId} appears again on line ${r.line} (first on line ${existing.line}); the people of both rows count`,
      line: r.line,
      otherLine: existing.line,
      siteId: r.siteId,
      customerId: r.customerId,
    });
    existing.people.push(...r.people);
  }
  if (conflicts.length > 0) {
    const c = conflicts[0]!;
    const idx = col.get('siteId')!;
    throw new BillingImportError(
      `Site ${c.siteId} belongs to customer ${c.otherCustomerId} on line ${c.otherLine} and to customer ${c.customerId} on line ${c.line}` +
        (conflicts.length > 1 ? ` (and ${conflicts.length - 1} more conflicts)` : ''),
      {
        reason: 'SITE_CONFLICT',
        file: table.file,
        line: c.line,
        otherLine: c.otherLine,
        column: table.headers[idx],
        columnIndex: idx + 1,
        conflicts: conflicts.slice(0, 50),
        hint: {
          fi: 'Sama kohde on kahdella asiakkaalla. Korjaa kohteen asiakas laskutusjärjestelmässä ja ota uusi vienti.',
          en: 'The same site is under two customers. Fix the site\'s customer in the billing system and export again.',
        },
      },
    );
  }
  return sites;
}

function buildAccounts(rows: BillingRow[], mapping: ColumnMapping, warnings: ImportWarning[]): Map<string, AccountRecord> {
  const listed = new Set(mapping.nationalAccountIds);
  const acc = new Map<string, { rec: AccountRecord; flags: Set<boolean>; kads: Map<string, { n: number; name: string }>; openEnded: boolean; ends: string[] }>();
  for (const r of rows) {
    let a = acc.get(r.customerId);
    if (!a) {
      a = {
        rec: { customerId: r.customerId, name: r.customerName, national: false, nationalBy: null, siteIds: [], firstLine: r.line },
        flags: new Set(),
        kads: new Map(),
        openEnded: false,
        ends: [],
      };
      acc.set(r.customerId, a);
    } else if (a.rec.name !== r.customerName) {
      warnings.push({
        code: 'NAME_MISMATCH',
        message: `Customer ${r.customerId} is named differently on line ${r.line} than on line ${a.rec.firstLine}; the first name is used`,
        line: r.line,
        otherLine: a.rec.firstLine,
        customerId: r.customerId,
      });
    }
    if (!a.rec.siteIds.includes(r.siteId)) a.rec.siteIds.push(r.siteId);
    a.flags.add(r.nationalFlag);
    if (r.keyAccountDirector) {
      const k = a.kads.get(r.keyAccountDirector.email) ?? { n: 0, name: r.keyAccountDirector.name };
      k.n++;
      a.kads.set(r.keyAccountDirector.email, k);
    }
    if (r.contractStart && (!a.rec.contractStart || r.contractStart < a.rec.contractStart)) a.rec.contractStart = r.contractStart;
    if (r.contractEnd) a.ends.push(r.contractEnd);
    else a.openEnded = true;
  }
  const out = new Map<string, AccountRecord>();
  for (const [id, a] of acc) {
    const rec = a.rec;
    const byFlag = a.flags.has(true);
    rec.national = byFlag || listed.has(id);
    rec.nationalBy = byFlag ? 'flag' : listed.has(id) ? 'list' : null;
    if (a.flags.size > 1) {
      warnings.push({ code: 'FLAG_MISMATCH', message: `Customer ${id} is flagged national on some rows only; treated as national`, customerId: id, line: rec.firstLine });
    }
    // An open-ended row keeps the contract running: never archive on a partial end date.
    if (!a.openEnded && a.ends.length > 0) rec.contractEnd = a.ends.sort().at(-1);
    const kads = [...a.kads.entries()].sort((x, y) => y[1].n - x[1].n);
    if (kads.length > 0) {
      rec.keyAccountDirectorEmail = kads[0]![0];
      rec.keyAccountDirectorName = kads[0]![1].name;
      if (kads.length > 1 && rec.national) {
        warnings.push({
          code: 'OWNER_MISMATCH',
          message: `Customer ${id} names ${kads.length} key account directors; ${kads[0]![0]} (most rows) is the owner`,
          customerId: id,
          line: rec.firstLine,
        });
      }
    } else if (rec.national) {
      warnings.push({ code: 'NO_OWNER', message: `National account ${id} has no valid key account director email`, customerId: id, line: rec.firstLine });
    }
    out.set(id, rec);
  }
  for (const id of listed) {
    if (!out.has(id)) warnings.push({ code: 'UNKNOWN_NATIONAL_ID', message: `Configured national account ${id} is not in the export`, customerId: id });
  }
  return out;
}

function buildPeople(rows: BillingRow[]): Map<string, PersonRecord> {
  const people = new Map<string, PersonRecord>();
  const add = (email: string, name: string, role: PersonRecord['roles'][number], employeeId?: string) => {
    let p = people.get(email);
    if (!p) {
      p = { email, name, roles: [] };
      people.set(email, p);
    }
    if (!p.name && name) p.name = name;
    if (employeeId && !p.employeeId) p.employeeId = employeeId;
    if (!p.roles.includes(role)) p.roles.push(role);
  };
  for (const r of rows) {
    for (const a of r.people) add(a.email, a.name, a.role, a.role === 'supervisor' ? r.supervisorEmployeeId : undefined);
    if (r.keyAccountDirector) add(r.keyAccountDirector.email, r.keyAccountDirector.name, 'key_account_director');
  }
  return people;
}
