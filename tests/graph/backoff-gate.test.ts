import { runBatch, type BatchDeps } from '../../graph/batch';
import { graphPaceRules, RequestPacer, teamsPaceRules, TEAMS_RATE } from '../../graph/request-pacer';
import { silentLogger } from '../../src/logging/logger';

// Real timers, short Retry-After values (Graph may send fractions of a second): two $batch streams
// run side by side over one pacer, as the sync's parallel streams do.
interface Post {
  at: number;
  ids: string[];
}

function streams(answer: (sub: any, attempt: number) => { status: number; headers?: Record<string, string> }) {
  const t0 = Date.now();
  const posts: Post[] = [];
  const attempts = new Map<string, number>();
  const pacer = new RequestPacer({ now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), enabled: false });
  const d: BatchDeps = {
    post: async (body: any) => {
      posts.push({ at: Date.now() - t0, ids: body.requests.map((r: any) => r.id) });
      await new Promise((r) => setTimeout(r, 10)); // the round trip
      return {
        status: 200,
        headers: {},
        body: {
          responses: body.requests.map((r: any) => {
            const n = (attempts.get(r.id) ?? 0) + 1;
            attempts.set(r.id, n);
            const a = answer(r, n);
            return { id: r.id, status: a.status, headers: a.headers ?? {}, body: {} };
          }),
        },
      };
    },
    pacer,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: Date.now,
    random: () => 1,
    maxRetries: 3,
    backoffBaseMs: 50,
    backoffMaxMs: 100,
    counters: { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 },
    logger: silentLogger,
  };
  return { d, posts, t0, pacer };
}

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a 429's Retry-After in one $batch stream holds back another stream's requests under the same limit until it ends", async () => {
  const { d, posts } = streams((r, n) => (r.id === 'a1' && n === 1 ? { status: 429, headers: { 'Retry-After': '0.4' } } : { status: 200 }));
  // Stream A removes a member from channel C1; stream B adds members to channel C2: both "Other API calls".
  const a = runBatch(d, [{ id: 'a1', method: 'DELETE', url: '/teams/T/channels/C1/members/M1' }]);
  const b = later(60).then(() =>
    runBatch(
      d,
      [1, 2, 3].map((i) => ({ id: `b${i}`, method: 'POST' as const, url: '/teams/T/channels/C2/members', body: {} })),
    ),
  );
  // Stream C reads a tab list on a third channel: another row of the table and another channel, not held.
  const c = later(60).then(() => runBatch(d, [{ id: 'c1', method: 'GET', url: '/teams/T/channels/C3/tabs' }]));
  await Promise.all([a, b, c]);
  const first = (id: string) => posts.find((p) => p.ids.includes(id))!.at;
  const throttledAnswerAt = first('a1') + 10;
  expect(first('b1')).toBeGreaterThanOrEqual(throttledAnswerAt + 400 - 5);
  expect(first('c1')).toBeLessThan(first('b1')); // not held by the gate
  // a1 itself is retried once, after its Retry-After, together with B's requests or after them.
  expect(posts.filter((p) => p.ids.includes('a1'))).toHaveLength(2);
});

test('a 503 with Retry-After closes the gate too; a 504 (no Retry-After) only delays its own request', async () => {
  const { d, posts } = streams((r, n) =>
    n === 1 && r.id === 'x'
      ? { status: 503, headers: { 'Retry-After': '0.3' } }
      : n === 1 && r.id === 'y'
        ? { status: 504 }
        : { status: 200 },
  );
  const start = Date.now();
  await Promise.all([
    runBatch(d, [{ id: 'x', method: 'GET', url: '/users/x' }]),
    later(30).then(() => runBatch(d, [{ id: 'z', method: 'GET', url: '/users/z' }])),
  ]);
  expect(posts.find((p) => p.ids.includes('z'))!.at).toBeGreaterThanOrEqual(300); // z waited out x's Retry-After
  expect(Date.now() - start).toBeGreaterThanOrEqual(300);
  await Promise.all([
    runBatch(d, [{ id: 'y', method: 'GET', url: '/drives/d/items/y' }]),
    later(30).then(() => runBatch(d, [{ id: 'w', method: 'GET', url: '/drives/d/items/w' }])),
  ]);
  const sent = (from: number) => posts.slice(from).flatMap((p) => p.ids);
  const firstPart = posts.findIndex((p) => p.ids.includes('y'));
  expect(sent(0).slice(0, sent(0).indexOf('y')).sort()).toEqual(['x', 'x', 'z']);
  // y's 504 (no Retry-After) held only y: w, asked for 30 ms later, went before y's retry.
  expect(sent(firstPart)).toEqual(['y', 'w', 'y']);
});

test('the gate closes every limit the throttled request counted against, and nothing else', () => {
  let t = 0;
  const pacer = new RequestPacer({ now: () => t, sleep: async () => undefined });
  const removal = teamsPaceRules('DELETE', '/teams/T/channels/C1/members/M');
  pacer.pause(removal, 2000);
  expect(pacer.waitMs(teamsPaceRules('POST', '/teams/T/channels/C9/members'))).toBe(2000); // same row
  expect(pacer.waitMs(teamsPaceRules('GET', '/teams/T/channels/C1/tabs'))).toBe(2000); // same channel
  expect(pacer.waitMs(teamsPaceRules('DELETE', '/teams/T/channels/C9'))).toBe(0); // other row, other channel
  expect(pacer.waitMs(graphPaceRules('GET', '/users/u'))).toBe(0);
  t = 2000;
  expect(pacer.waitMs(teamsPaceRules('POST', '/teams/T/channels/C9/members'))).toBe(0);
});

test('pacing classes follow the rows of the Teams throttling table', () => {
  const cls = (m: string, p: string) => teamsPaceRules(m, p)[0]!;
  // "DELETE channel, tab, installedApps, appCatalogs" is 15 rps; member removals are "Other API calls" (30).
  expect(cls('DELETE', '/teams/T/channels/C/members/M')).toMatchObject({ key: 'class:other', max: 30 });
  expect(cls('DELETE', '/teams/T/members/M')).toMatchObject({ key: 'class:other', max: 30 });
  expect(cls('DELETE', '/teams/T/channels/C')).toMatchObject({ key: 'class:deleteEntity', max: 15 });
  expect(cls('DELETE', '/teams/T/channels/C/tabs/X')).toMatchObject({ key: 'class:deleteEntity', max: 15 });
  expect(cls('POST', '/teams/T/channels/C/members')).toMatchObject({ key: 'class:other', max: 30 });
  expect(cls('PATCH', '/teams/T/channels/C/members/M')).toMatchObject({ key: 'class:other', max: 30 });
  expect(cls('PATCH', '/teams/T/channels/C')).toMatchObject({ key: 'class:patchEntity', max: 30 });
  expect(cls('POST', '/teams/T/channels')).toMatchObject({ key: 'class:postPutChannelTabApp', max: 30 });
  expect(cls('GET', '/teams/T/channels/C/members?$top=999')).toMatchObject({ key: 'class:getList', max: 60 });
  expect(cls('GET', '/teams/T/members')).toMatchObject({ key: 'class:getList', max: 60 });
  expect(cls('GET', '/teams/T/channels/C/tabs')).toMatchObject({ key: 'class:getEntity', max: 30 });
  expect(cls('GET', '/teams/T/channels/C/filesFolder')).toMatchObject({ key: 'class:otherGet', max: 30 });
  expect(cls('GET', '/teams/T')).toMatchObject({ key: 'class:getTeam', max: 30 });
  expect(teamsPaceRules('GET', '/teams/T/channels/C/members')[1]).toMatchObject({ key: 'channel:c', max: TEAMS_RATE.perTeamOrChannel });
  expect(graphPaceRules('POST', '/$batch')).toEqual([]);
});

test('side-by-side calls share one pool: the channel with the most work goes first whichever call holds it', async () => {
  let t = 0;
  const posts: string[][] = [];
  const pacer = new RequestPacer({ now: () => t, sleep: async () => undefined, marginMs: 0 });
  const d: BatchDeps = {
    post: async (body: any) => {
      posts.push(body.requests.map((r: any) => r.id));
      return { status: 200, headers: {}, body: { responses: body.requests.map((r: any) => ({ id: r.id, status: 204, headers: {} })) } };
    },
    pacer,
    sleep: async (ms) => void (t += ms),
    now: () => t,
    random: () => 1,
    maxRetries: 3,
    backoffBaseMs: 50,
    backoffMaxMs: 100,
    counters: { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 },
    logger: silentLogger,
  };
  const del = (id: string, channel: string) => ({ id, method: 'DELETE' as const, url: `/teams/T/channels/${channel}/members/${id}` });
  // Call A holds 2 removals on each of 10 light channels; call B holds 12 on one heavy channel.
  const a = runBatch(
    d,
    Array.from({ length: 20 }, (_, i) => del(`a${i}`, `L${i % 10}`)),
  );
  const b = runBatch(
    d,
    Array.from({ length: 12 }, (_, i) => del(`b${i}`, 'HEAVY')),
  );
  const [ra, rb] = await Promise.all([a, b]);
  expect([...ra, ...rb].every((r) => r.status === 204)).toBe(true);
  // The heavy channel (3 s at 4/s) is in the first $batch, though call A asked first.
  expect(posts[0]!.filter((id) => id.startsWith('b'))).toHaveLength(4);
  // Ids of different calls may collide on the wire ('a1' vs 'b1' do not; duplicates get a suffix).
  expect(new Set(posts[0]).size).toBe(posts[0]!.length);
});
