import type { RunningEmulator } from '../../emulator';
import { ManualClock } from '../../src/ports/clock';
import { channelPath, emulatorAppToken, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

describe('emulated Graph $batch (json-batching)', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  const clock = new ManualClock(new Date('2026-11-23T06:00:00Z'));
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false, clock });
    g = graphCaller(em, await emulatorAppToken(em));
  });
  afterAll(() => em.close());
  beforeEach(() => {
    clock.advance(60_000);
    em.setThrottling(false);
  });

  it('accepts 20 requests and refuses 21 with a Graph error', async () => {
    const req = (i: number) => ({ id: String(i), method: 'GET', url: '/users?$top=1' });
    const ok = await g('POST', '/$batch', { requests: Array.from({ length: 20 }, (_, i) => req(i + 1)) });
    expect(ok.status).toBe(200);
    expect(ok.body.responses).toHaveLength(20);
    expect(ok.body.responses.every((r: any) => r.status === 200)).toBe(true);
    const tooMany = await g('POST', '/$batch', { requests: Array.from({ length: 21 }, (_, i) => req(i + 1)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('BadRequest');
    expect(tooMany.body.error.message).toMatch(/20/);
  });

  it('runs dependsOn in order and answers 424 when a dependency failed', async () => {
    em.clearRequests();
    const r = await g('POST', '/$batch', {
      requests: [
        // Listed first but depends on "1": must see the channel that "1" creates.
        { id: '2', method: 'GET', url: `${teamPath(em.teamId)}/channels?$filter=displayName eq 'Riippuvuus'`, dependsOn: ['1'] },
        {
          id: '1',
          method: 'POST',
          url: `${teamPath(em.teamId)}/channels`,
          body: { displayName: 'Riippuvuus' },
          headers: { 'Content-Type': 'application/json' },
        },
        {
          id: '3',
          method: 'POST',
          url: `${teamPath(em.teamId)}/channels`,
          body: { displayName: 'x'.repeat(51) },
          headers: { 'Content-Type': 'application/json' },
        },
        { id: '4', method: 'GET', url: '/users?$top=1', dependsOn: ['3'] },
        { id: '5', method: 'GET', url: '/users?$top=1', dependsOn: ['4'] },
      ],
    });
    expect(r.status).toBe(200);
    const by = Object.fromEntries(r.body.responses.map((x: any) => [x.id, x]));
    expect(by['1'].status).toBe(201);
    expect(by['2'].status).toBe(200);
    expect(by['2'].body.value.map((c: any) => c.displayName)).toEqual(['Riippuvuus']);
    expect(by['3'].status).toBe(400);
    expect(by['4'].status).toBe(424);
    expect(by['4'].body.error.code).toBe('FailedDependency');
    expect(by['5'].status).toBe(424);
    // The failed dependents never ran.
    expect(em.requests().filter((q) => q.batchId && q.path === '/v1.0/users')).toHaveLength(0);
  });

  it('throttles each sub-request on its own: some get 429 with their own Retry-After, the rest succeed', async () => {
    const created = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Kuormitus' });
    em.setThrottling(true);
    const requests = Array.from({ length: 6 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: channelPath(em.teamId, created.body.id),
    }));
    requests.push({ id: '7', method: 'GET', url: '/users?$top=1' });
    const r = await g('POST', '/$batch', { requests });
    expect(r.status).toBe(200);
    const statuses = r.body.responses.map((x: any) => x.status);
    // At most 4 requests per second per app on one channel (throttling-limits).
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 429, 429]);
    expect(statuses[6]).toBe(200);
    for (const x of r.body.responses.filter((y: any) => y.status === 429)) {
      expect(Number(x.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(x.body.error.code).toBe('TooManyRequests');
    }
    clock.advance(1001);
    const again = await g('POST', '/$batch', { requests: [requests[4]!, requests[5]!] });
    expect(again.body.responses.map((x: any) => x.status)).toEqual([200, 200]);
    const logged = em.requests().filter((q) => q.throttled && q.batchId);
    expect(logged).toHaveLength(2);
  });

  it('applies injected faults per sub-request, each 429/503 with its own Retry-After', async () => {
    em.setFaults({ rate429: 0.5, rate503: 0.5, seed: 7, retryAfterSec: 3 });
    try {
      const r = await g('POST', '/$batch', {
        requests: Array.from({ length: 10 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users?$top=1' })),
      });
      expect(r.status).toBe(200);
      const statuses = r.body.responses.map((x: any) => x.status);
      expect(statuses.every((s: number) => s === 429 || s === 503)).toBe(true);
      expect(new Set(statuses).size).toBe(2);
      for (const x of r.body.responses) expect(x.headers['Retry-After']).toBe('3');
    } finally {
      em.setFaults(undefined);
    }
  });
});
