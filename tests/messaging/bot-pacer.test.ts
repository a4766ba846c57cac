import { BotPacer } from '../../src/messaging/bot-pacer';

/** A pacer on a virtual clock: sleeping advances time, so the schedule it produces is exact. */
function virtualPacer() {
  let now = 0;
  const pacer = new BotPacer({ now: () => now, sleep: async (ms) => void (now += ms), marginMs: 0, appMarginMs: 0 });
  return { pacer, now: () => now };
}

function maxInWindow(times: number[], ms: number): number {
  let max = 0;
  for (const t of times) max = Math.max(max, times.filter((x) => x >= t && x < t + ms).length);
  return max;
}

describe('BotPacer', () => {
  it('keeps one conversation within 7/1 s, 8/2 s and 60/30 s (Teams bot rate limits)', async () => {
    const { pacer, now } = virtualPacer();
    const times: number[] = [];
    for (let i = 0; i < 70; i++) {
      (await pacer.acquire('conv-1'))();
      times.push(now());
    }
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    // Not slower than needed: the 61st request goes out as soon as the 30 s window allows.
    expect(times[60]).toBe(30_000);
  });

  it('lets different conversations go in parallel, up to 50 per second for the app', async () => {
    const { pacer, now } = virtualPacer();
    const times: number[] = [];
    for (let i = 0; i < 120; i++) {
      (await pacer.acquire(`conv-${i}`))();
      times.push(now());
    }
    expect(maxInWindow(times, 1000)).toBe(50);
    expect(times[49]).toBe(0);
    expect(times[50]).toBe(1000);
    expect(times[119]).toBe(2000);
  });

  it('holds a conversation back after a Retry-After pause', async () => {
    const { pacer, now } = virtualPacer();
    pacer.pause('conv-1', 3000);
    (await pacer.acquire('conv-2'))();
    expect(now()).toBe(0);
    (await pacer.acquire('conv-1'))();
    expect(now()).toBe(3000);
  });

  it('frees a slot only a window after the answer came back, not after the departure', async () => {
    let now = 0;
    let settles: Array<() => void> = [];
    // 50 requests leave at 0; their answers arrive at 400 (a slow gateway, or queued on busy sockets).
    const sleep = async (ms: number) => {
      const before = now;
      now += ms;
      if (before < 400 && now >= 400) {
        now = 400;
        settles.forEach((s) => s());
        settles = [];
      }
    };
    const pacer = new BotPacer({ now: () => now, sleep, marginMs: 0, appMarginMs: 0 });
    for (let i = 0; i < 50; i++) settles.push(await pacer.acquire(`conv-${i}`));
    (await pacer.acquire('conv-50'))();
    // Counted from departure it would leave at 1000, while the service may have counted the 50 as late as 400.
    expect(now).toBe(1400);
  });

  it('a request the service refused with 429 frees its slot at once; an answered one holds it a window', async () => {
    const { pacer, now } = virtualPacer();
    const settles = [];
    for (let i = 0; i < 50; i++) settles.push(await pacer.acquire(`conv-${i}`));
    // Five of the 50 answered 429 (not counted by the service), the rest 201.
    settles.forEach((settle, i) => settle({ refused: i < 5 }));
    for (let i = 50; i < 55; i++) (await pacer.acquire(`conv-${i}`))();
    expect(now()).toBe(0);
    // The 56th needs one of the 45 counted requests to leave the window.
    (await pacer.acquire('conv-55'))();
    expect(now()).toBe(1000);
  });

  it('creating a personal chat counts against the app limit only', async () => {
    const { pacer, now } = virtualPacer();
    for (let i = 0; i < 7; i++) (await pacer.acquire('conv-1'))();
    (await pacer.acquire())();
    expect(now()).toBe(0);
  });
});
