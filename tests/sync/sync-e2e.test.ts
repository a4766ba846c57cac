import { engines } from '../store/engines';
import { loadExpected, sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';

// The whole directory (nobody left out) so the sample must give exactly expected.json.
const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);

const writes = (h: SyncHarness) => h.em.requests().filter((r) => r.method !== 'GET' && !r.path.includes('$batch'));

describe.each(engines)('sync against the Teams emulator (%s)', (engine) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users: allUsers, throttling: false },
      env: { ARCHIVE_GRACE_DAYS: '0', GRAPH_PACING: 'false' },
    });
  }, 120_000);
  afterAll(() => h?.close());

  it('gives every national account its channel with exactly the expected owner and members', async () => {
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const expected = loadExpected('expected.json');
    const actual = h.channels();
    expect([...actual.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, exp] of Object.entries(expected)) {
      const got = actual.get(id)!;
      expect({ id, owners: got.owners, members: got.members }).toEqual({ id, owners: [exp.owner], members: [...exp.members].sort() });
      expect(got.tabs).toBe(3);
      expect([...got.displayName].length).toBeLessThanOrEqual(50);
    }
    expect(outcome.summary.accounts.created).toBe(100);
  }, 300_000);

  it('changes nothing on a second run with the same export', async () => {
    h.em.clearRequests();
    const before = JSON.stringify([...h.channels()]);
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.exitCode).toBe(0);
    expect(writes(h)).toEqual([]);
    expect(outcome.summary.members).toEqual({ added: 0, removed: 0, failed: 0 });
    expect(JSON.stringify([...h.channels()])).toBe(before);
    // The no-change run stays cheap (benchmark target ≤ 15 requests).
    expect(outcome.summary.requests.httpRequests).toBeLessThanOrEqual(15);
  }, 120_000);

  it('holds a truncated export before any removal (exit code 3)', async () => {
    const before = JSON.stringify([...h.channels()]);
    const outcome = await h.run(sample('supervisors-truncated.csv'));
    expect(outcome.exitCode).toBe(3);
    expect(outcome.summary.status).toBe('held');
    expect(outcome.summary.members.removed).toBe(0);
    expect(outcome.summary.held?.removals.length).toBeGreaterThan(0);
    expect(JSON.stringify([...h.channels()])).toBe(before);
  }, 120_000);

  it('converges to next month: leavers lose access, new supervisors gain it, the ended account is archived', async () => {
    h.clock.advance(31 * 86_400_000);
    const outcome = await h.run(sample('supervisors-next-month.csv'), { confirmRemovals: true });
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const expected = loadExpected('expected-next-month.json');
    const actual = h.channels();
    for (const [id, exp] of Object.entries(expected)) {
      const got = actual.get(id)!;
      expect({ id, owners: got.owners, members: got.members }).toEqual({ id, owners: [exp.owner], members: [...exp.members].sort() });
    }
    const ended = actual.get('104173')!;
    expect(ended.displayName.startsWith('Arkisto - ')).toBe(true);
    expect(ended.members).toEqual([]);
    expect(ended.owners.length).toBeGreaterThan(0);
    expect(outcome.summary.accounts.created).toBe(2);
  }, 300_000);
});
