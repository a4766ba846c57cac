import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BillingImport } from '../../src/billing';
import { canonical, desired, fiExcel, importBilling, readJson, SAMPLES, summarise } from './helpers';

type Expected = Record<string, { customer_name: string; owner: string; members: string[]; sites: number }>;

describe('sample billing exports', () => {
  let month1: BillingImport;
  let month2: BillingImport;
  let finnish: BillingImport;

  beforeAll(async () => {
    [month1, month2, finnish] = await Promise.all([
      importBilling(join(SAMPLES, 'supervisors.csv'), canonical()),
      importBilling(join(SAMPLES, 'supervisors-next-month.csv'), canonical()),
      importBilling(join(SAMPLES, 'supervisors-fi-excel.csv'), fiExcel()),
    ]);
  });

  it('gives exactly expected.json: every national account with owner, members and site count, nothing more', () => {
    const expected = readJson<{ accounts: Expected }>(join(SAMPLES, 'expected.json')).accounts;
    expect(summarise(desired(month1))).toEqual(expected);
    expect(month1.rowErrors).toEqual([]);
    expect(month1.warnings).toEqual([]);
  });

  it('keeps the reason that grants access: site id and role', () => {
    const state = desired(month1);
    const [id, acc] = [...state.accounts][0]!;
    const row = month1.rows.find((r) => r.customerId === id)!;
    const sup = row.people.find((p) => p.role === 'supervisor')!;
    const member = acc.members.find((m) => m.email === sup.email)!;
    expect(member.reasons).toContainEqual(
      expect.objectContaining({ kind: 'site', siteId: row.siteId, role: 'supervisor', line: row.line }),
    );
    expect(acc.owners[0]!.reasons).toEqual([expect.objectContaining({ kind: 'key_account_director' })]);
  });

  it('next month: new accounts appear, the ended account is gone, leavers lose access', () => {
    const file = readJson<{
      accounts: Expected;
      changes: { supervisors_left: { left: string; replaced_by: string }[]; ended_accounts: string[]; new_accounts: string[] };
    }>(join(SAMPLES, 'expected-next-month.json'));
    const state = desired(month2);
    expect(summarise(state)).toEqual(file.accounts);
    for (const id of file.changes.new_accounts) {
      expect(state.accounts.get(id)).toBeDefined();
      expect(desired(month1).accounts.has(id)).toBe(false);
    }
    // the ended customer is absent from the export, so it has no desired state (the sync archives it)
    for (const id of file.changes.ended_accounts) expect(state.accounts.has(id)).toBe(false);
    const everyone = new Set([...state.accounts.values()].flatMap((a) => [...a.members, ...a.owners].map((p) => p.email)));
    const before = new Set([...desired(month1).accounts.values()].flatMap((a) => a.members.map((p) => p.email)));
    const leaversWithAccess = file.changes.supervisors_left.filter((l) => before.has(l.left));
    expect(leaversWithAccess.length).toBeGreaterThan(0);
    for (const l of file.changes.supervisors_left) expect(everyone.has(l.left)).toBe(false);
    for (const l of leaversWithAccess) expect(everyone.has(l.replaced_by)).toBe(true);
  });

  it('the Finnish Excel export (cp1252, ";", d.m.yyyy, decimal comma) gives the same state as the canonical one', () => {
    expect(finnish.source).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(finnish.rowErrors).toEqual([]);
    expect(summarise(desired(finnish, fiExcel()))).toEqual(summarise(desired(month1)));
    const a = month1.accounts.get('100016')!;
    expect(finnish.accounts.get('100016')).toEqual(a);
    const row = (imp: BillingImport) => imp.rows.find((r) => r.siteId === '5000008')!;
    expect(row(finnish).monthlyBillingEur).toBe(row(month1).monthlyBillingEur);
    expect(row(finnish).contractStart).toBe('2015-04-01');
  });

  it('the truncated export parses; stats.rows lets the sync see it is short', async () => {
    const path = join(SAMPLES, 'supervisors-truncated.csv');
    const imp = await importBilling(path, canonical());
    const dataLines = readFileSync(path, 'utf8').trimEnd().split('\n').length - 1;
    expect(imp.stats.rows).toBe(dataLines);
    expect(imp.stats.rows).toBeLessThan(month1.stats.rows * 0.5);
  });

  it('flags accounts whose contract ended before today', () => {
    const withEnd = [...month1.accounts.values()].find((a) => a.national && a.contractEnd)!;
    const dayAfter = new Date(Date.parse(withEnd.contractEnd!) + 86_400_000).toISOString().slice(0, 10);
    expect(desired(month1, canonical(), withEnd.contractEnd).accounts.get(withEnd.customerId)!.ended).toBe(false);
    expect(desired(month1, canonical(), dayAfter).accounts.get(withEnd.customerId)!.ended).toBe(true);
    const openEnded = [...month1.accounts.values()].find((a) => a.national && !a.contractEnd)!;
    expect(desired(month1, canonical(), '2999-01-01').accounts.get(openEnded.customerId)!.ended).toBe(false);
  });
});
