import type { AccountRecord, PersonRecord, SiteRecord } from '../domain/billing-records';
import { BillingImportError } from './import-error';
import { regionOfMunicipality } from '../domain/regions/municipality-regions';
import type { BillingRow, ImportWarning } from './import-result';
import type { CanonicalField, ColumnMapping } from './mapping';
import type { RawTable } from './raw-table';

/** Sites by id; the same site under two customers rejects the import (naming both lines). */
export function buildSites(
  rows: BillingRow[],
  table: RawTable,
  col: Map<CanonicalField, number>,
  warnings: ImportWarning[],
): Map<string, SiteRecord> {
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
        region: r.region || regionOfMunicipality(r.city) || undefined,
        line: r.line,
        people: [...r.people],
        monthlyBillingEur: r.monthlyBillingEur,
      });
      continue;
    }
    if (existing.customerId !== r.customerId) {
      conflicts.push({
        siteId: r.siteId,
        line: r.line,
        otherLine: existing.line,
        customerId: r.customerId,
        otherCustomerId: existing.customerId,
      });
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
          en: "The same site is under two customers. Fix the site's customer in the billing system and export again.",
        },
      },
    );
  }
  return sites;
}

/** Customers by id, with the national decision, key account director and contract dates. */
export function buildAccounts(rows: BillingRow[], mapping: ColumnMapping, warnings: ImportWarning[]): Map<string, AccountRecord> {
  const listed = new Set(mapping.nationalAccountIds);
  const out = new Map<string, AccountRecord>();
  for (const [id, a] of collectAccounts(rows, warnings)) out.set(id, finishAccount(a, listed, warnings));
  for (const id of listed) {
    if (!out.has(id))
      warnings.push({ code: 'UNKNOWN_NATIONAL_ID', message: `Configured national account ${id} is not in the export`, customerId: id });
  }
  return out;
}

/** What the rows of one customer say, before the national and owner decisions. */
interface AccountDraft {
  rec: AccountRecord;
  siteSet: Set<string>;
  flags: Set<boolean>;
  kads: Map<string, { n: number; name: string }>;
  openEnded: boolean;
  ends: string[];
}

function collectAccounts(rows: BillingRow[], warnings: ImportWarning[]): Map<string, AccountDraft> {
  const acc = new Map<string, AccountDraft>();
  for (const r of rows) {
    let a = acc.get(r.customerId);
    if (!a) {
      a = {
        rec: { customerId: r.customerId, name: r.customerName, national: false, nationalBy: null, siteIds: [], firstLine: r.line },
        siteSet: new Set(),
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
    addRow(a, r);
  }
  return acc;
}

function addRow(a: AccountDraft, r: BillingRow): void {
  if (!a.siteSet.has(r.siteId)) {
    a.siteSet.add(r.siteId);
    a.rec.siteIds.push(r.siteId);
  }
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

function finishAccount(a: AccountDraft, listed: Set<string>, warnings: ImportWarning[]): AccountRecord {
  const rec = a.rec;
  const id = rec.customerId;
  const byFlag = a.flags.has(true);
  rec.national = byFlag || listed.has(id);
  rec.nationalBy = byFlag ? 'flag' : listed.has(id) ? 'list' : null;
  if (a.flags.size > 1) {
    warnings.push({
      code: 'FLAG_MISMATCH',
      message: `Customer ${id} is flagged national on some rows only; treated as national`,
      customerId: id,
      line: rec.firstLine,
    });
  }
  // An open-ended row keeps the contract running: never archive on a partial end date.
  if (!a.openEnded && a.ends.length > 0) rec.contractEnd = a.ends.sort().at(-1);
  chooseOwner(rec, a.kads, warnings);
  return rec;
}

/** The key account director named on most rows owns the account. */
function chooseOwner(rec: AccountRecord, named: AccountDraft['kads'], warnings: ImportWarning[]): void {
  const id = rec.customerId;
  const kads = [...named.entries()].sort((x, y) => y[1].n - x[1].n);
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
    warnings.push({
      code: 'NO_OWNER',
      message: `National account ${id} has no valid key account director email`,
      customerId: id,
      line: rec.firstLine,
    });
  }
}

/** Everyone named in the export, by normalised email. */
export function buildPeople(rows: BillingRow[]): Map<string, PersonRecord> {
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
