import { ManualClock } from '../../src/ports/clock';
import { createGraphClient, type GraphClient } from '../../graph/graph-client';
import { graphLog, memoryLogger, setup, users, type Setup } from './helpers';

// The emulator and the client share a manual clock: throttling windows and Retry-After waits are
// exact and the test does not really sleep.
describe('$batch, throttling and paging against the emulator', () => {
  const clock = new ManualClock(new Date());
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock.advance(ms);
  };
  const now = () => clock.now().getTime();
  let s: Setup;
  let unpaced: GraphClient;
  const teamPath = () => `/teams/${encodeURIComponent(s.em.teamId)}`;

  beforeAll(async () => {
    s = await setup({ users: users(45), clock, pageSize: 3, maxPageSize: 3 }, { sleep, now });
    const { logger } = memoryLogger();
    unpaced = createGraphClient({ graphBaseUrl: s.em.graphBaseUrl, auth: s.auth, logger, sleep, now, pacing: false, maxRetries: 3 });
  });
  afterAll(() => s.em.close());
  beforeEach(() => {
    s.em.clearRequests();
    slept.length = 0;
    clock.advance(5000); // fresh throttling windows
  });

  test('45 look-ups travel in 3 $batch requests of at most 20', async () => {
    const emails = users(45).map((u) => u.email);
    const found = await s.dir.resolveUsers(emails);
    expect([...found.values()].filter((u) => u !== null)).toHaveLength(45);
    const log = graphLog(s.em);
    expect(log.filter((r) => r.path === '/$batch' && r.method === 'POST')).toHaveLength(3);
    const perBatch = new Map<string, number>();
    for (const r of log.filter((x) => x.batchId)) perBatch.set(r.batchId!, (perBatch.get(r.batchId!) ?? 0) + 1);
    expect([...perBatch.values()].sort((a, b) => b - a)).toEqual([20, 20, 5]);
  });

  test('a 429 inside a batch is retried after its Retry-After; the others are not resent', async () => {
    const reqs = Array.from({ length: 6 }, (_, i) => ({ id: `m${i}`, method: 'GET' as const, url: `${teamPath()}/members?$top=1` }));
    const before = unpaced.stats();
    const results = await unpaced.batch(reqs);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const log = graphLog(s.em);
    const batches = log.filter((r) => r.path === '/$batch');
    expect(batches).toHaveLength(2);
    const subs = log.filter((r) => r.batchId);
    // Four fit the emulator's 4 requests/s per team, two were throttled and only those two went again.
    expect(subs.filter((r) => r.status === 429)).toHaveLength(2);
    const second = subs.filter((r) => r.batchId === subs[subs.length - 1]!.batchId);
    expect(second).toHaveLength(2);
    expect(second.every((r) => r.status === 200)).toBe(true);
    expect(results.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 2, 2]);
    // The wait honoured Retry-After (whole seconds) rather than a guess.
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1000);
    const after = unpaced.stats();
    expect(after.throttled - before.throttled).toBe(2);
    expect(after.retries - before.retries).toBe(2);
    expect(after.graphOperations - before.graphOperations).toBe(6);
    expect(after.httpRequests - before.httpRequests).toBe(2);
  });

  test('with pacing on, the same burst is spread out and draws no 429 at all', async () => {
    const reqs = Array.from({ length: 6 }, (_, i) => ({ id: `m${i}`, method: 'GET' as const, url: `${teamPath()}/members?$top=1` }));
    const results = await s.client.batch(reqs);
    expect(results.every((r) => r.status === 200 && r.attempts === 1)).toBe(true);
    const subs = graphLog(s.em).filter((r) => r.batchId);
    expect(subs).toHaveLength(6);
    expect(subs.some((r) => r.status === 429)).toBe(false);
    expect(slept.length).toBeGreaterThan(0);
  });

  test('dependsOn: dependents run after their dependency, in the same $batch; a failed dependency gives 424 and is not retried', async () => {
    const [a, b] = users(2).map((u) => u.email);
    // 19 independent requests first, so the 2-request chain cannot join their batch and must travel together in the next.
    const filler = users(19).map((u, i) => ({ id: `f${i}`, method: 'GET' as const, url: `/users/${encodeURIComponent(u.email)}` }));
    const results = await s.client.batch([
      ...filler,
      { id: 'missing', method: 'GET', url: '/users/nobody%40yritysx.example' },
      { id: 'after-missing', method: 'GET', url: `/users/${encodeURIComponent(a!)}`, dependsOn: ['missing'] },
    ]);
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('missing')!.status).toBe(404);
    expect(byId.get('after-missing')!.status).toBe(424);
    expect(byId.get('after-missing')!.attempts).toBe(1);
    // The chain did not fit beside the 19 and went whole into a second batch (the 424'd request never ran).
    const subs = graphLog(s.em).filter((r) => r.batchId);
    const sizes = new Map<string, number>();
    for (const r of subs) sizes.set(r.batchId!, (sizes.get(r.batchId!) ?? 0) + 1);
    expect([...sizes.values()]).toEqual([19, 1]);
    expect(subs[subs.length - 1]!.path).toBe('/users/nobody@yritysx.example');
    expect(graphLog(s.em).filter((r) => r.path === '/$batch')).toHaveLength(2);

    // A successful dependency lets the dependent run: create a folder, then list the parent and see it.
    const folder = await s.dir.getFilesFolder(s.em.teamId, s.em.teamId);
    const children = `/drives/${encodeURIComponent(folder.driveId)}/items/${encodeURIComponent(folder.itemId)}/children`;
    const chained = await s.client.batch([
      { id: 'list', method: 'GET', url: children, dependsOn: ['make'] },
      { id: 'make', method: 'POST', url: children, body: { name: `dep-${b!.slice(0, 5)}`, folder: {} } },
    ]);
    expect(chained[1]!.status).toBe(201);
    expect(chained[0]!.status).toBe(200);
    expect(chained[0]!.body.value.map((v: any) => v.name)).toContain(`dep-${b!.slice(0, 5)}`);
  });

  test('paging: lists follow @odata.nextLink across pages, singly and inside batches', async () => {
    const ids = users(10).map((u) => u.email);
    const resolved = await s.dir.resolveUsers(ids);
    const userIds = [...resolved.values()].map((u) => u!.id);
    const added = await s.dir.addTeamMembers(s.em.teamId, userIds);
    expect(added.every((r) => r.ok)).toBe(true);
    s.em.clearRequests();

    const members = await s.dir.listTeamMembers(s.em.teamId);
    expect(members.length).toBe(11); // service account + 10, at most 3 per page whatever $top asks
    expect(new Set(members.map((m) => m.userId)).size).toBe(11);
    expect(graphLog(s.em).filter((r) => r.path.endsWith('/members'))).toHaveLength(4);

    const owner = members.find((m) => m.isOwner)!;
    const mk = (name: string, n: number) =>
      s.dir.createChannel(s.em.teamId, {
        displayName: name,
        membershipType: 'private',
        members: [{ userId: owner.userId, owner: true }, ...userIds.slice(0, n).map((userId) => ({ userId, owner: false }))],
      });
    const c1 = await mk('Paging one', 6);
    const c2 = await mk('Paging two', 2);
    s.em.clearRequests();
    const many = await s.dir.listChannelMembersMany(s.em.teamId, [c1.id, c2.id, '19:nonexistent@thread.tacv2']);
    const m1 = many.get(c1.id)!;
    const m2 = many.get(c2.id)!;
    expect(m1.ok && m1.value.length).toBe(7);
    expect(m2.ok && m2.value.length).toBe(3);
    const missing = many.get('19:nonexistent@thread.tacv2')!;
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('NOT_FOUND');
    // 7 members at 3 per page = 3 pages; the pages of both channels share $batch calls.
    expect(graphLog(s.em).filter((r) => r.path === '/$batch')).toHaveLength(3);
  });
  test('an answer that never comes: reads are retried, a create is not resent (no duplicate channels)', async () => {
    const { logger } = memoryLogger();
    const waits: number[] = [];
    const c = createGraphClient({
      graphBaseUrl: s.em.graphBaseUrl,
      auth: s.auth,
      logger,
      maxRetries: 2,
      requestTimeoutMs: 300,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    s.em.setFaults({ timeoutRate: 1, timeoutMs: 5000, seed: 7 });
    try {
      const before = c.stats();
      await expect(c.call('GET', teamPath(), undefined, { operation: 'get team' })).rejects.toMatchObject({
        code: 'UPSTREAM',
        details: expect.objectContaining({ timeout: true }),
      });
      expect(c.stats().httpRequests - before.httpRequests).toBe(3);
      expect(waits).toHaveLength(2);

      const mid = c.stats();
      const err = await c
        .call(
          'POST',
          `${teamPath()}/channels`,
          { displayName: 'Timeout test', membershipType: 'standard' },
          { operation: 'create channel' },
        )
        .catch((e) => e);
      expect(err).toMatchObject({ code: 'UPSTREAM', details: expect.objectContaining({ timeout: true, outcomeUnknown: true }) });
      expect(c.stats().httpRequests - mid.httpRequests).toBe(1);
    } finally {
      s.em.setFaults(undefined);
    }
  });
  test('membership changes across channels share $batch calls, paced to 4 per channel per second, without 429s', async () => {
    const resolved = await s.dir.resolveUsers(users(12).map((u) => u.email));
    const ids = [...resolved.values()].map((u) => u!.id);
    await s.dir.addTeamMembers(s.em.teamId, ids);
    const owner = (await s.dir.listTeamMembers(s.em.teamId)).find((m) => m.isOwner)!;
    const channels = [];
    for (const n of ['Pace A', 'Pace B', 'Pace C']) {
      channels.push(
        await s.dir.createChannel(s.em.teamId, {
          displayName: n,
          membershipType: 'private',
          members: [
            { userId: owner.userId, owner: true },
            { userId: ids[11]!, owner: false },
          ],
        }),
      );
    }
    const current = await s.dir.listChannelMembersMany(
      s.em.teamId,
      channels.map((c) => c.id),
    );
    s.em.clearRequests();
    clock.advance(5000);
    const changes = channels.flatMap((c, k) => [
      ...ids.slice(k * 3, k * 3 + 4).map((userId) => ({ kind: 'add' as const, channelId: c.id, userId, owner: false })),
      {
        kind: 'remove' as const,
        channelId: c.id,
        membershipId: (current.get(c.id) as any).value.find((m: any) => m.userId === ids[11])!.membershipId,
      },
    ]);
    const results = await s.dir.applyChannelMemberChanges(s.em.teamId, changes);
    expect(results.every((r) => r.ok)).toBe(true);
    const log = graphLog(s.em);
    expect(log.some((r) => r.status === 429)).toBe(false);
    // 15 changes, 5 per channel: 4 per channel fit the first call (12), the rest one second later.
    expect(log.filter((r) => r.path === '/$batch')).toHaveLength(2);
    const state = s.em.state().teams[0]!.channels;
    channels.forEach((c, k) => {
      const members = state
        .find((x) => x.id === c.id)!
        .members.map((m) => m.userId)
        .sort();
      expect(members).toEqual([owner.userId, ...ids.slice(k * 3, k * 3 + 4)].sort());
    });
  });
});
