import { engines } from '../store/engines';
import { loadExpected, sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';

// CHANNEL_TYPE=shared end to end: the same sample must give exactly expected.json, in shared channels.
const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);
const writes = (h: SyncHarness) => h.em.requests().filter((r) => r.method !== 'GET' && !r.path.includes('$batch'));
// Team roster writes: POST /teams/{id}/members(/add) and DELETE /teams/{id}/members/{id} (not channel members).
const teamWrites = (h: SyncHarness) => writes(h).filter((r) => /\/teams\/[^/]+\/members(\/|$|\?)/.test(r.path));

describe.each(engines)('sync with CHANNEL_TYPE=shared (%s)', (engine) => {
  let h: SyncHarness;
  let teamBefore: string[];
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users: allUsers, throttling: false },
      env: { CHANNEL_TYPE: 'shared', ARCHIVE_GRACE_DAYS: '0', GRAPH_PACING: 'false' },
    });
    teamBefore = h.em
      .state()
      .teams[0]!.members.map((m) => m.userId)
      .sort();
  }, 120_000);
  afterAll(() => h?.close());

  it('gives every national account a shared channel with exactly the expected owner and members', async () => {
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const expected = loadExpected('expected.json');
    const actual = h.channels();
    expect([...actual.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, exp] of Object.entries(expected)) {
      const got = actual.get(id)!;
      expect({ id, type: got.membershipType, owners: got.owners, members: got.members }).toEqual({
        id,
        type: 'shared',
        owners: [exp.owner],
        members: [...exp.members].sort(),
      });
      expect(got.tabs).toBe(3);
    }
    expect(outcome.summary.accounts.created).toBe(Object.keys(expected).length);
    // Shared channels need no team membership: the team roster is neither read for joins nor changed.
    expect(outcome.summary.team).toEqual({ added: 0, removed: 0 });
    expect(teamWrites(h)).toEqual([]);
    expect(
      h.em
        .state()
        .teams[0]!.members.map((m) => m.userId)
        .sort(),
    ).toEqual(teamBefore);
  }, 600_000);

  it('creates each shared channel with its one owner only; everyone else joins one per request', () => {
    const expected = Object.values(loadExpected('expected.json'));
    const creates = writes(h).filter((r) => r.method === 'POST' && /\/channels$/.test(r.path));
    // Shared channels are created asynchronously (202 + teamsAsyncOperation), never refused.
    expect(creates.map((r) => r.status)).toEqual(expected.map(() => 202));
    const memberships = expected.reduce((n, a) => n + 1 + a.members.length, 0);
    expect(h.em.state().counters.channelMembersAdded).toBe(memberships - expected.length);
  });

  it('changes nothing on a second run with the same export', async () => {
    h.em.clearRequests();
    const before = JSON.stringify([...h.channels()]);
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.exitCode).toBe(0);
    expect(writes(h)).toEqual([]);
    expect(outcome.summary.members).toEqual({ added: 0, removed: 0, failed: 0 });
    expect(outcome.summary.roles).toEqual({ promoted: 0, demoted: 0 });
    expect(JSON.stringify([...h.channels()])).toBe(before);
  }, 120_000);

  it('converges to next month without touching the team', async () => {
    h.clock.advance(31 * 86_400_000);
    h.em.clearRequests();
    const outcome = await h.run(sample('supervisors-next-month.csv'), { confirmRemovals: true });
    expect(outcome.summary.problems).toEqual([]);
    const expected = loadExpected('expected-next-month.json');
    const actual = h.channels();
    for (const [id, exp] of Object.entries(expected)) {
      const got = actual.get(id)!;
      expect({ id, type: got.membershipType, owners: got.owners, members: got.members }).toEqual({
        id,
        type: 'shared',
        owners: [exp.owner],
        members: [...exp.members].sort(),
      });
    }
    expect(teamWrites(h)).toEqual([]);
  }, 300_000);
});
