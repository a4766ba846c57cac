import { runBatch, type BatchDeps } from '../../graph/batch';
import { RequestPacer } from '../../graph/request-pacer';
import { silentLogger } from '../../src/logging/logger';

// Pacing on, a scripted Graph that answers at once, and a clock that moves only when the runner sleeps.
test('the busiest channel gets its 4 slots per second from the start, so the run ends with the DELETE budget', async () => {
  let t = 1_000_000;
  const sent: { at: number; urls: string[] }[] = [];
  const sleep = async (ms: number) => {
    t += ms;
  };
  const d: BatchDeps = {
    post: async (body: any) => {
      sent.push({ at: t, urls: body.requests.map((r: any) => r.url) });
      return { status: 200, headers: {}, body: { responses: body.requests.map((r: any) => ({ id: r.id, status: 204, headers: {} })) } };
    },
    pacer: new RequestPacer({ now: () => t, sleep }),
    sleep,
    now: () => t,
    random: () => 0.5,
    maxRetries: 3,
    backoffBaseMs: 500,
    backoffMaxMs: 1500,
    counters: { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 },
    logger: silentLogger,
  };
  const del = (channel: string, i: number) => ({
    id: `${channel}-${i}`,
    method: 'DELETE' as const,
    url: `/teams/t/channels/${channel}/members/m${i}`,
  });
  // 18 channels with one removal each listed first, then one channel with 12 (DELETE: 15 per second).
  const requests = [...Array.from({ length: 18 }, (_, i) => del(`c${i}`, 0)), ...Array.from({ length: 12 }, (_, i) => del('busy', i))];
  const out = await runBatch(d, requests);
  expect(out.every((r) => r.status === 204)).toBe(true);
  const busyAt = sent.flatMap((b) => b.urls.filter((u) => u.includes('/busy/')).map(() => b.at - sent[0]!.at));
  // 4 in each of the first three windows; 30 DELETEs need two windows at 15/s anyway, so the busy
  // channel's 12 (three windows at 4/s) set the end instead of trailing behind the others.
  expect(busyAt.filter((x) => x < 1000)).toHaveLength(4);
  expect(Math.max(...busyAt)).toBeLessThan(2100);
});
