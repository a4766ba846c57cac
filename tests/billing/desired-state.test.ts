import { buildBillingImport, type RawTable } from '../../src/billing';
import { computeDesiredState, desiredStateOptionsFromMapping, isoDateIn, type DesiredStateOptions } from '../../src/membership';
import { canonical } from './helpers';

const H = [
  'customer_id',
  'customer_name',
  'national_account',
  'site_id',
  'site_name',
  'supervisor_name',
  'supervisor_email',
  'regional_director_email',
  'manager_email',
  'sales_manager_email',
  'key_account_director_email',
  'contract_end',
];
const row = (line: number, v: Partial<Record<string, string>>) => ({ line, values: H.map((h) => v[h] ?? '') });
const base = {
  customer_id: 'C1',
  customer_name: 'Kide Kauppa Oy',
  national_account: 'Y',
  key_account_director_email: 'kad@x.example',
  regional_director_email: 'rd@x.example',
  manager_email: 'mgr@x.example',
  sales_manager_email: 'sales@x.example',
};
const table: RawTable = {
  file: 'mem.csv',
  format: 'csv',
  headers: H,
  headerLine: 1,
  records: [
    row(2, { ...base, site_id: 'S1', supervisor_email: 'Sup.One@X.example ', supervisor_name: 'Sup One' }),
    row(3, { ...base, site_id: 'S2', supervisor_email: 'sup.two@x.example' }),
    // the director also supervises a site: still only an owner
    row(4, { ...base, site_id: 'S3', supervisor_email: 'KAD@x.example' }),
    row(5, {
      ...base,
      customer_id: 'C2',
      customer_name: 'Ended Oy',
      site_id: 'S9',
      supervisor_email: 'sup.two@x.example',
      contract_end: '2026-10-31',
    }),
    row(6, { ...base, customer_id: 'C3', national_account: 'N', site_id: 'S10', supervisor_email: 'local@x.example' }),
  ],
};
const mapping = canonical();
const imp = buildBillingImport(table, mapping);
const opts = (o: Partial<DesiredStateOptions> = {}): DesiredStateOptions => ({
  ...desiredStateOptionsFromMapping(mapping, { today: '2026-11-25' }),
  ...o,
});
const emails = (ps: { email: string }[]) => ps.map((p) => p.email);

describe('desired state', () => {
  it("owner is the key account director; members are the sites' supervisors and regional people; non-national accounts have no channel", () => {
    const s = computeDesiredState(imp, opts());
    expect([...s.accounts.keys()]).toEqual(['C1', 'C2']);
    const c1 = s.accounts.get('C1')!;
    expect(emails(c1.owners)).toEqual(['kad@x.example']);
    expect(emails(c1.members)).toEqual(['mgr@x.example', 'rd@x.example', 'sales@x.example', 'sup.one@x.example', 'sup.two@x.example']);
    expect(c1.siteCount).toBe(3);
    expect(c1.members.find((m) => m.email === 'rd@x.example')!.reasons.map((r) => r.kind === 'site' && r.siteId)).toEqual([
      'S1',
      'S2',
      'S3',
    ]);
    expect(c1.members.find((m) => m.email === 'sup.one@x.example')!.name).toBe('Sup One');
  });

  it('only the configured member roles grant membership', () => {
    const s = computeDesiredState(imp, opts({ memberRoles: ['supervisor'] }));
    expect(emails(s.accounts.get('C1')!.members)).toEqual(['sup.one@x.example', 'sup.two@x.example']);
  });

  it('co-owners and the service account are owners, and are not also members', () => {
    const s = computeDesiredState(
      imp,
      opts({ coOwners: { global: ['Boss@x.example'], byAccount: { C1: ['sup.two@x.example'] } }, serviceAccount: 'svc@x.example' }),
    );
    const c1 = s.accounts.get('C1')!;
    expect(emails(c1.owners)).toEqual(['boss@x.example', 'kad@x.example', 'sup.two@x.example', 'svc@x.example']);
    expect(emails(c1.members)).not.toContain('sup.two@x.example');
    expect(emails(s.accounts.get('C2')!.owners)).toEqual(['boss@x.example', 'kad@x.example', 'svc@x.example']);
  });

  it('manual additions add with reason override; exclusions remove members but never owners', () => {
    const s = computeDesiredState(
      imp,
      opts({
        overrides: [
          { customerId: 'C1', email: ' Guest@X.example', kind: 'add' },
          { customerId: 'C1', email: 'sup.one@x.example', kind: 'exclude' },
          { customerId: 'C1', email: 'kad@x.example', kind: 'exclude' },
          { customerId: 'C1', email: 'both@x.example', kind: 'add' },
          { customerId: 'C1', email: 'both@x.example', kind: 'exclude' },
          { customerId: 'NOPE', email: 'a@x.example', kind: 'add' },
        ],
      }),
    );
    const c1 = s.accounts.get('C1')!;
    expect(c1.members.find((m) => m.email === 'guest@x.example')!.reasons).toEqual([{ kind: 'override' }]);
    expect(emails(c1.members)).not.toContain('sup.one@x.example');
    expect(emails(c1.members)).not.toContain('both@x.example');
    expect(emails(c1.excluded)).toEqual(['sup.one@x.example']);
    expect(emails(c1.owners)).toEqual(['kad@x.example']);
    expect(s.warnings.map((w) => w.code).sort()).toEqual(['EXCLUDE_OWNER_IGNORED', 'OVERRIDE_UNKNOWN_ACCOUNT']);
    // the other account is untouched by C1's overrides
    expect(emails(s.accounts.get('C2')!.members)).toContain('sup.two@x.example');
  });

  it('flags an account whose contract ended before today', () => {
    expect(computeDesiredState(imp, opts()).accounts.get('C2')!.ended).toBe(true);
    expect(computeDesiredState(imp, opts({ today: '2026-10-31' })).accounts.get('C2')!.ended).toBe(false);
    expect(computeDesiredState(imp, opts()).accounts.get('C1')!.ended).toBe(false);
  });

  it('today is the calendar date in the app time zone', () => {
    expect(isoDateIn(new Date('2026-11-24T22:30:00Z'), 'Europe/Helsinki')).toBe('2026-11-25');
    expect(isoDateIn(new Date('2026-11-24T22:30:00Z'), 'UTC')).toBe('2026-11-24');
  });
});
