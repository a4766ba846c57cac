import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../store/engines';
import { billingRow, startSyncHarness, testMail, writeBillingCsv, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';
import { formatPlan } from '../../src/sync/summary';

// Two national accounts whose key account director changes next month to someone already in the channel.
const row = billingRow;
const mail = testMail;

const month1 = [
  row('200001', 'Alfa Oy', '7000001', 'a.sup1', 'a', 'kad.one'),
  row('200001', 'Alfa Oy', '7000002', 'a.sup2', 'a', 'kad.one'),
  row('200002', 'Beta Oy', '7000003', 'b.sup1', 'b', 'kad.two'),
];
// Alfa: a supervisor becomes KAD and the old KAD takes over the other site (stays, as a member).
// Beta: a supervisor becomes KAD and the old KAD has nothing left to do with the account (leaves).
const month2 = [
  row('200001', 'Alfa Oy', '7000001', 'a.sup1', 'a', 'a.sup1'),
  row('200001', 'Alfa Oy', '7000002', 'kad.one', 'a', 'a.sup1'),
  row('200002', 'Beta Oy', '7000003', 'b.sup1', 'b', 'b.sup1'),
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owner-handover-'));
const file = (name: string, rows: string[]) => writeBillingCsv(dir, name, rows);
const first = file('month1.csv', month1);
const next = file('month2.csv', month2);
const users = seedUsersFromBillingCsv([first, next]);
const writes = (h: SyncHarness) => h.em.requests().filter((r) => r.method !== 'GET' && !r.path.includes('$batch'));
const roleOf = (h: SyncHarness, customerId: string) => {
  const c = h.channels().get(customerId)!;
  return { owners: c.owners, members: c.members };
};

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases = engines.flatMap((engine) => (['private', 'shared'] as const).map((type) => [engine, type] as const));

describe.each(cases)('owner hand-over when the key account director changes (%s, %s channels)', (engine, channelType) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users, throttling: false },
      env: { GRAPH_PACING: 'false', CHANNEL_TYPE: channelType },
    });
    const outcome = await h.run(first);
    expect(outcome.summary.problems).toEqual([]);
  }, 120_000);
  afterAll(() => h?.close());

  it('starts with the first key account directors as the only owners', () => {
    expect(roleOf(h, '200001')).toEqual({
      owners: [mail('kad.one')],
      members: [mail('a.man'), mail('a.rd'), mail('a.sales'), mail('a.sup1'), mail('a.sup2')],
    });
    expect(roleOf(h, '200002')).toEqual({
      owners: [mail('kad.two')],
      members: [mail('b.man'), mail('b.rd'), mail('b.sales'), mail('b.sup1')],
    });
  });

  it('a dry run lists the promotions and the demotion and changes nothing', async () => {
    h.em.clearRequests();
    const outcome = await h.run(next, { dryRun: true, confirmRemovals: true });
    expect(writes(h)).toEqual([]);
    const lines = formatPlan(outcome.plan!);
    expect(lines).toContain(`make ${mail('a.sup1')} an owner of 200001`);
    expect(lines).toContain(`make ${mail('b.sup1')} an owner of 200002`);
    expect(lines).toContain(`make ${mail('kad.one')} a plain member of 200001 (no longer an owner in billing)`);
    expect(lines).toContain(`remove ${mail('kad.two')} from 200002 (not-in-billing)`);
    expect(outcome.summary.roles).toEqual({ promoted: 2, demoted: 1 });
    expect(roleOf(h, '200001').owners).toEqual([mail('kad.one')]);
  }, 60_000);

  it('when the guard holds the run, new owners are promoted but nobody is demoted or removed', async () => {
    const outcome = await h.run(next);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.summary.held?.demotions).toEqual([{ customerId: '200001', email: mail('kad.one') }]);
    expect(outcome.summary.roles).toEqual({ promoted: 2, demoted: 0 });
    expect(roleOf(h, '200001').owners).toEqual([mail('a.sup1'), mail('kad.one')]);
    expect(roleOf(h, '200002').owners).toEqual([mail('b.sup1'), mail('kad.two')]);
  }, 60_000);

  it('once approved, the new director is the only owner; the old one stays a member or leaves', async () => {
    const outcome = await h.run(next, { confirmRemovals: true });
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.summary.roles).toEqual({ promoted: 0, demoted: 1 });
    expect(roleOf(h, '200001')).toEqual({
      owners: [mail('a.sup1')],
      members: [mail('a.man'), mail('a.rd'), mail('a.sales'), mail('kad.one')],
    });
    expect(roleOf(h, '200002')).toEqual({ owners: [mail('b.sup1')], members: [mail('b.man'), mail('b.rd'), mail('b.sales')] });
    const audit = await h.services.store.audit.listSince('2000-01-01T00:00:00Z', { actions: ['member-promoted', 'member-demoted'] });
    expect(audit.map((a) => [a.action, a.customerId, a.email]).sort()).toEqual([
      ['member-demoted', '200001', mail('kad.one')],
      ['member-promoted', '200001', mail('a.sup1')],
      ['member-promoted', '200002', mail('b.sup1')],
    ]);
    expect(audit.find((a) => a.action === 'member-demoted')?.reason).toMatch(/no longer an owner/);
  }, 60_000);

  it('a second run with the same export makes no writes', async () => {
    h.em.clearRequests();
    const outcome = await h.run(next);
    expect(outcome.exitCode).toBe(0);
    expect(writes(h)).toEqual([]);
    expect(outcome.summary.roles).toEqual({ promoted: 0, demoted: 0 });
    expect(outcome.summary.members).toEqual({ added: 0, removed: 0, failed: 0 });
  }, 60_000);

  it('a new director from outside the channel replaces the old one in a single run', async () => {
    // Back to month 1 for Beta: kad.two (not in the channel any more) becomes director again.
    const back = file('month3.csv', [month2[0]!, month2[1]!, month1[2]!]);
    const outcome = await h.run(back, { confirmRemovals: true });
    expect(outcome.summary.problems).toEqual([]);
    expect(roleOf(h, '200002')).toEqual({
      owners: [mail('kad.two')],
      members: [mail('b.man'), mail('b.rd'), mail('b.sales'), mail('b.sup1')],
    });
    h.em.clearRequests();
    await h.run(back);
    expect(writes(h)).toEqual([]);
  }, 60_000);
});
