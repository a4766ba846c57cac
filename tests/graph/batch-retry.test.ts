import { runBatch, type BatchDeps } from '../../graph/batch';
import { RequestPacer } from '../../graph/request-pacer';
import { silentLogger } from '../../src/logging/logger';

// Unit-level: the emulator always sends Retry-After, so backoff without it is checked with a scripted Graph.
function deps(answers: (sub: any, attempt: number) => { status: number; headers?: Record<string, string> }, over: Partial<BatchDeps> = {}) {
  let t = 1_000_000;
  const sleeps: number[] = [];
  const posts: any[] = [];
  const attempts = new Map<string, number>();
  const d: BatchDeps = {
    post: async (body: any) => {
      posts.push(body);
      return {
        status: 200,
        headers: {},
        body: {
          responses: body.requests.map((r: any) => {
            const n = (attempts.get(r.id) ?? 0) + 1;
            attempts.set(r.id, n);
            const a = answers(r, n);
            return { id: r.id, status: a.status, headers: a.headers ?? {}, body: {} };
          }),
        },
      };
    },
    pacer: new RequestPacer({ now: () => t, sleep: async () => undefined, enabled: false }),
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    now: () => t,
    random: () => 1,
    maxRetries: 3,
    backoffBaseMs: 500,
    backoffMaxMs: 1500,
    counters: { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 },
    logger: silentLogger,
    ...over,
  };
  return { d, sleeps, posts };
}

test('without Retry-After the wait grows exponentially (capped, jittered) and stops after the max attempts', async () => {
  const { d, sleeps, posts } = deps((r) => ({ status: r.id === 'b' ? 503 : 200 }));
  const out = await runBatch(d, [
    { id: 'a', method: 'GET', url: '/users/a' },
    { id: 'b', method: 'GET', url: '/users/b' },
  ]);
  expect(out.map((r) => [r.id, r.status, r.attempts])).toEqual([
    ['a', 200, 1],
    ['b', 503, 4],
  ]);
  expect(sleeps).toEqual([500, 1000, 1500]); // random()=1: base*2^n, capped at 1500
  expect(posts.map((p) => p.requests.map((r: any) => r.id))).toEqual([['a', 'b'], ['b'], ['b'], ['b']]);
  expect(d.counters.retries).toBe(3);
});

test('full jitter: the wait is a random share of the backoff step', async () => {
  const { d, sleeps } = deps((_r, n) => ({ status: n === 1 ? 504 : 200 }), { random: () => 0.25 });
  await runBatch(d, [{ id: 'x', method: 'GET', url: '/users/x' }]);
  expect(sleeps).toEqual([125]);
});

test('Retry-After wins over backoff; requests under the same limit all wait for the latest Retry-After (the gate)', async () => {
  const { d, sleeps, posts } = deps((r, n) =>
    n === 1 && r.id !== 'ok' ? { status: 429, headers: { 'Retry-After': r.id === 'slow' ? '3' : '1' } } : { status: 200 },
  );
  const out = await runBatch(d, [
    { id: 'ok', method: 'GET', url: '/users/1' },
    { id: 'fast', method: 'GET', url: '/users/2' },
    { id: 'slow', method: 'GET', url: '/users/3' },
  ]);
  expect(out.every((r) => r.status === 200)).toBe(true);
  // 'fast' may go after 1 s by its own Retry-After, but 'slow' closed the /users gate for 3 s.
  expect(posts.map((p) => p.requests.map((r: any) => r.id))).toEqual([
    ['ok', 'fast', 'slow'],
    ['fast', 'slow'],
  ]);
  expect(sleeps).toEqual([1000, 2000]);
  expect(d.counters.throttled).toBe(2);
});

test('a throttled dependency is resent together with its 424 dependent', async () => {
  const { d, posts } = deps((r, n) =>
    r.id === 'p' && n === 1
      ? { status: 429, headers: { 'Retry-After': '1' } }
      : r.id === 'c' && n === 1
        ? { status: 424 }
        : { status: 200 },
  );
  const out = await runBatch(d, [
    { id: 'p', method: 'POST', url: '/users', body: {} },
    { id: 'c', method: 'GET', url: '/users/c', dependsOn: ['p'] },
  ]);
  expect(out.map((r) => r.status)).toEqual([200, 200]);
  expect(posts[1].requests).toEqual([
    expect.objectContaining({ id: 'p', headers: { 'Content-Type': 'application/json' } }),
    expect.objectContaining({ id: 'c', dependsOn: ['p'] }),
  ]);
});

test('more than 20 requests are split; dependsOn on an unknown id is refused before sending', async () => {
  const { d, posts } = deps(() => ({ status: 200 }));
  await runBatch(
    d,
    Array.from({ length: 41 }, (_, i) => ({ id: String(i), method: 'GET' as const, url: `/users/${i}` })),
  );
  expect(posts.map((p) => p.requests.length)).toEqual([20, 20, 1]);
  await expect(runBatch(d, [{ id: 'a', method: 'GET', url: '/x', dependsOn: ['zz'] }])).rejects.toThrow(/unknown id/);
});
