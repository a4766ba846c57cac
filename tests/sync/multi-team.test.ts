import { engines } from '../store/engines';
import { loadExpected, sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';
import { customerIdFromDescription } from '../../src/sync/channel-naming';
import { createMessaging } from '../../src/server/messaging-wiring';
import { silentLogger } from '../../src/logging/logger';
import { channelDeepLink } from '../../src/tabs-api/routes';

// More than one team (TEAM_IDS, issue 15.5): a team holds at most 1,000 channels, deleted ones
// included (docs/graph-limits.md). Here each emulated team holds 51 (General + 50), so the sample's
// 100 accounts fill two teams: the first 50 channels fill team A, the rest go to team B.
const users = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);
const TEAM_A = '19:team-a-0000@thread.tacv2';
const TEAM_B = '19:team-b-0000@thread.tacv2';
const writes = (h: SyncHarness) => h.em.requests().filter((r) => r.method !== 'GET' && !r.path.includes('$batch'));

/** customer id -> the team its channel is in, with owners and members, read back from the emulator. */
function placed(h: SyncHarness): Map<string, { team: string; owners: string[]; members: string[]; tabs: number }> {
  const state = h.em.state();
  const email = new Map(state.users.map((u) => [u.id, u.mail.toLowerCase()]));
  const out = new Map<string, { team: string; owners: string[]; members: string[]; tabs: number }>();
  for (const t of state.teams)
    for (const c of t.channels) {
      const id = customerIdFromDescription(c.description);
      if (!id || c.deleted) continue;
      expect(out.has(id)).toBe(false); // one channel per account, in one team
      const who = (owner: boolean) =>
        c.members
          .filter((m) => m.roles.includes('owner') === owner)
          .map((m) => email.get(m.userId)!)
          .sort();
      out.set(id, { team: t.id, owners: who(true), members: who(false), tabs: c.tabs.length });
    }
  return out;
}

describe.each(engines)('accounts spread over two teams when the first is full (%s)', (engine) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users, throttling: false, maxChannelsPerTeam: 51, teamId: TEAM_A, extraTeamIds: [TEAM_B] },
      env: { GRAPH_PACING: 'false', TEAM_IDS: `${TEAM_A},${TEAM_B}` },
    });
  }, 120_000);
  afterAll(() => h?.close());

  it('puts new channels in the next team once the first is full, with the people in that team', async () => {
    expect(h.services.syncSettings.teamIds).toEqual([TEAM_A, TEAM_B]);
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.summary.accounts.created).toBe(100);
    const got = placed(h);
    const expected = loadExpected('expected.json');
    expect([...got.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, exp] of Object.entries(expected)) {
      const g = got.get(id)!;
      expect({ id, owners: g.owners, members: g.members, tabs: g.tabs }).toEqual({
        id,
        owners: [exp.owner],
        members: [...exp.members].sort(),
        tabs: 3,
      });
    }
    const inB = [...got].filter(([, g]) => g.team === TEAM_B).map(([id]) => id);
    expect(inB).toHaveLength(50);
    // Private channels take only team members: everyone in a team-B channel is in team B.
    const state = h.em.state();
    const rosterB = new Set(state.teams.find((t) => t.id === TEAM_B)!.members.map((m) => m.userId));
    for (const c of state.teams.find((t) => t.id === TEAM_B)!.channels.filter((x) => x.membershipType === 'private'))
      for (const m of c.members) expect(rosterB.has(m.userId)).toBe(true);
    // Each account carries its team.
    for (const [id, g] of got) expect((await h.services.store.accounts.get(id))?.teamId).toBe(g.team);
  }, 300_000);

  it('posts into a team-B channel and links to it under team B', async () => {
    const got = placed(h);
    const [id] = [...got].find(([, g]) => g.team === TEAM_B)!;
    const account = (await h.services.store.accounts.get(id))!;
    const welcome = await h.services.store.outbox.getByKey(`welcome:${id}:${account.channelId}`);
    expect(welcome?.target).toMatchObject({ teamId: TEAM_B, channelId: account.channelId });
    // Deliver only this welcome: everything else the first run queued (about 100 welcome posts and the
    // access notes) is parked under a long claim, so the test does not wait for the whole outbox.
    const parked = await h.services.store.outbox.claimDue('test-parked', { limit: 100_000, leaseMs: 24 * 3_600_000 });
    await h.services.store.outbox.release(
      parked.filter((i) => i.id === welcome!.id).map((i) => i.id),
      'test-parked',
    );
    const messaging = createMessaging({ config: h.services.config, store: h.services.store, clock: h.clock, logger: silentLogger });
    await messaging.deliver();
    await messaging.stop();
    expect((await h.services.store.outbox.getByKey(`welcome:${id}:${account.channelId}`))?.status).toBe('sent');
    const conv = h.em.state().conversations.find((c) => c.channelId === account.channelId && c.activities.length > 0);
    expect(conv?.teamId).toBe(TEAM_B);
    expect(channelDeepLink(account, account.teamId!, h.services.config.AAD_APP_TENANT_ID)).toContain(
      `groupId=${encodeURIComponent(TEAM_B)}`,
    );
  }, 120_000);

  it('changes nothing on a second run', async () => {
    h.em.clearRequests();
    const before = JSON.stringify([...placed(h)]);
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.exitCode).toBe(0);
    expect(writes(h)).toEqual([]);
    expect(outcome.summary.members).toEqual({ added: 0, removed: 0, failed: 0 });
    expect(outcome.summary.team).toEqual({ added: 0, removed: 0 });
    expect(JSON.stringify([...placed(h)])).toBe(before);
  }, 120_000);

  it('reports the accounts left without a channel when every team is full, with what to do', async () => {
    // Both teams are full now: the next month's two new accounts find no room.
    const outcome = await h.run(sample('supervisors-next-month.csv'), { confirmRemovals: true });
    expect(outcome.exitCode).toBe(4);
    expect(outcome.summary.status).toBe('partial');
    const full = outcome.summary.problems.filter((p) => /every configured team is full/.test(p));
    expect(full).toHaveLength(1);
    expect(full[0]).toMatch(/TEAM_IDS/);
  }, 120_000);
});
