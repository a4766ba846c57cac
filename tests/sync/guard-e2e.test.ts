import { engines } from '../store/engines';
import { loadExpected, sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { emptyAccount, removeVariant, shiftSupervisors, variantOf } from '../helpers/guard-world';
import { seedUsersFromBillingCsv } from '../../emulator';

const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);

describe.each(engines)('sync guard end to end against the Teams emulator (%s)', (engine) => {
  let h: SyncHarness;
  const files: string[] = [];
  beforeAll(async () => {
    h = await startSyncHarness(engine, { emulator: { users: allUsers, throttling: false }, env: { GRAPH_PACING: 'false' } });
    expect((await h.run(sample('supervisors.csv'))).exitCode).toBe(0);
  }, 300_000);
  afterAll(async () => {
    files.forEach(removeVariant);
    await h?.close();
  });

  it('stores every site with its region (derived from the municipality: the sample has no region column)', async () => {
    const sites = await h.services.store.sites.listAll();
    expect(sites.length).toBeGreaterThan(2500);
    expect(sites.filter((s) => !s.region)).toEqual([]);
    expect(sites.find((s) => s.city === 'Jämsä')?.region).toBe('Keski-Suomi');
  });

  it('holds a truncated export: nothing is removed, and the next night it is held again', async () => {
    const before = JSON.stringify([...h.channels()]);
    for (let night = 0; night < 2; night++) {
      const outcome = await h.run(sample('supervisors-truncated.csv'));
      expect(outcome.exitCode).toBe(3);
      expect(outcome.summary.status).toBe('held');
      expect(outcome.summary.held!.reasons.map((r) => r.code)).toContain('ROWS_DROPPED');
      expect(outcome.summary.members.removed).toBe(0);
      expect(JSON.stringify([...h.channels()])).toBe(before);
    }
  }, 300_000);

  it('holds the additions of a wrongly mapped column: the held people get no access', async () => {
    const file = variantOf('supervisors.csv', shiftSupervisors(997));
    files.push(file);
    const before = h.channels();
    const outcome = await h.run(file);
    expect(outcome.exitCode).toBe(3);
    const held = outcome.summary.held!;
    expect(held.additions!.length).toBeGreaterThan(100);
    const after = h.channels();
    for (const a of held.additions!) expect(after.get(a.customerId)!.members).not.toContain(a.email);
    // Every removal waits too (over 10 % of memberships would go); an account whose few additions
    // look ordinary gets them.
    expect(held.reasons.map((r) => r.code)).toContain('REMOVE_SHARE');
    for (const [id, ch] of before) expect(after.get(id)!.members).toEqual(expect.arrayContaining(ch.members));
    expect(outcome.summary.members.added).toBeLessThan(held.additions!.length / 10);
    const audit = await h.services.store.audit.listForRun(outcome.summary.runId!);
    expect(audit.filter((e) => e.action === 'changes-held').length).toBe(held.accounts!.length);
  }, 300_000);

  it('applies a normal month without approval, holding only the account that was emptied', async () => {
    const file = variantOf('supervisors-next-month.csv', emptyAccount('100428'));
    files.push(file);
    const before = h.channels().get('100428')!;
    const outcome = await h.run(file);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.summary.held!.accounts).toEqual(['100428']);
    expect(outcome.summary.held!.reasons.map((r) => r.code)).toEqual(['ACCOUNT_EMPTIED']);
    expect(outcome.summary.members.removed).toBeGreaterThan(50);
    const expected = loadExpected('expected-next-month.json');
    const actual = h.channels();
    expect(actual.get('100428')!.members).toEqual(before.members);
    for (const [id, exp] of Object.entries(expected)) {
      if (id === '100428') continue;
      expect({ id, members: actual.get(id)!.members }).toEqual({ id, members: [...exp.members].sort() });
    }
    // The owners of the held account are asked; nobody else is.
    const asks = await h.services.store.outbox.list({ kind: 'removal-approval' });
    const mine = asks.filter((i) => (i.payload as { runId?: string }).runId === outcome.summary.runId);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((i) => i.customerId))).toEqual(new Set(['100428']));
  }, 300_000);

  it('applies the plain next-month export with exit code 0 (no approval)', async () => {
    const outcome = await h.run(sample('supervisors-next-month.csv'), { confirmRemovals: false });
    // What the emptied run held for 100428 is ordinary now: its people are back in the export.
    expect(outcome.summary.held).toBeNull();
    expect(outcome.exitCode).toBe(0);
    const expected = loadExpected('expected-next-month.json');
    expect(h.channels().get('100428')!.members).toEqual([...expected['100428']!.members].sort());
  }, 300_000);

  it('removes an expired manual addition at the sync after its last day', async () => {
    const store = h.services.store;
    const [account] = (await store.accounts.list()).filter((a) => a.channelState === 'active');
    const id = account!.customerId;
    const guest = allUsers
      .map((u) => u.email.toLowerCase())
      .find((e) => !h.channels().get(id)!.members.includes(e) && !h.channels().get(id)!.owners.includes(e))!;
    await store.overrides.set({
      customerId: id,
      email: guest,
      kind: 'add',
      setBy: 'omistaja@yritysx.example',
      reason: 'lomasijainen',
      expiresOn: '2026-12-03',
    });
    h.clock.set('2026-12-03T10:00:00Z');
    expect((await h.run(sample('supervisors-next-month.csv'))).exitCode).toBe(0);
    expect(h.channels().get(id)!.members).toContain(guest);
    h.clock.set('2026-12-04T10:00:00Z');
    const outcome = await h.run(sample('supervisors-next-month.csv'));
    expect(outcome.exitCode).toBe(0);
    expect(h.channels().get(id)!.members).not.toContain(guest);
    const audit = await store.audit.listForAccount(id);
    expect(audit.some((a) => a.email === guest && a.runId === outcome.summary.runId)).toBe(true);
  }, 300_000);
});
