/** The tab API's view cache: reused only while nothing can have changed, never past its time limit. */
import { createViewCache, JsonText } from '../../src/tabs-api/view-cache';

function setup(ttlMs = 2_000) {
  const state = { writes: 0, now: 1_000_000, computed: 0 };
  const cache = createViewCache({ ttlMs, localWrites: () => state.writes, now: () => state.now });
  const view = (key = 'k') =>
    cache.get(key, async () => {
      state.computed++;
      return `v${state.computed}`;
    });
  return { state, cache, view };
}

describe('view cache', () => {
  it('reuses a view until this process writes, then computes it again', async () => {
    const { state, view } = setup();
    expect(await view()).toBe('v1');
    expect(await view()).toBe('v1');
    state.writes++;
    expect(await view()).toBe('v2');
    expect(await view()).toBe('v2');
    expect(state.computed).toBe(2);
  });

  it('computes again once the time limit has passed (writes by other instances show then)', async () => {
    const { state, view } = setup(2_000);
    await view();
    state.now += 1_999;
    expect(await view()).toBe('v1');
    state.now += 1;
    expect(await view()).toBe('v2');
  });

  it('shares one computation between concurrent readers of a key, keeps keys apart', async () => {
    const { state, view } = setup();
    const all = await Promise.all([view('a'), view('a'), view('a'), view('b')]);
    expect(all).toEqual(['v1', 'v1', 'v1', 'v2']);
    expect(state.computed).toBe(2);
  });

  it('does not keep a view that a write overtook while it was computed', async () => {
    const state = { writes: 0, computed: 0 };
    const cache = createViewCache({ ttlMs: 2_000, localWrites: () => state.writes, now: () => 0 });
    const first = await cache.get('k', async () => {
      state.computed++;
      state.writes++; // e.g. the first view of a clock seeds its default events
      return 'old';
    });
    expect(first).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('does not remember failures', async () => {
    const { cache } = setup();
    await expect(cache.get('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', async () => 'fine')).toBe('fine');
  });

  it('computes every time when turned off (TAB_VIEW_CACHE_SEC=0)', async () => {
    const { state, view } = setup(0);
    await view();
    await view();
    expect(state.computed).toBe(2);
  });
});

describe('JsonText.with', () => {
  it('adds the caller\u2019s fields to a cached object without changing it', () => {
    const base = new JsonText(JSON.stringify({ a: 1, name: 'Ääninen "Oy"' }));
    expect(JSON.parse(base.with({ canWrite: true, me: 'x@y' }).text)).toEqual({ a: 1, name: 'Ääninen "Oy"', canWrite: true, me: 'x@y' });
    expect(JSON.parse(base.text)).toEqual({ a: 1, name: 'Ääninen "Oy"' });
    expect(JSON.parse(new JsonText('{}').with({ b: 2 }).text)).toEqual({ b: 2 });
    expect(base.with({}).text).toBe(base.text);
  });
});
