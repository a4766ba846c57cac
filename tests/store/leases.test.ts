import { createStore } from '../../src/store';
import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('scheduler leases on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(async () => t.close());

  it('lets exactly one of several racing instances take a lease', async () => {
    const other = createStore((await t.openAnother()).db, t.clock);
    const now = t.clock.now();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder, i) => (i % 2 ? other : t.store).leases.tryAcquire('sync', holder, 60_000, now)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
    expect(await t.store.leases.get('sync')).toEqual({ name: 'sync', holder: winner, expiresAt: '2026-11-23T06:01:00.000Z' });
  });

  it('is exclusive until it expires, then another holder takes it over', async () => {
    const { leases } = t.store;
    expect(await leases.tryAcquire('weekly', 'one', 10_000)).toBe(true);
    expect(await leases.tryAcquire('weekly', 'two', 10_000)).toBe(false);
    // Re-acquiring one's own lease extends it.
    expect(await leases.tryAcquire('weekly', 'one', 10_000)).toBe(true);
    t.clock.advance(9_999);
    expect(await leases.tryAcquire('weekly', 'two', 10_000)).toBe(false);
    t.clock.advance(1);
    expect(await leases.tryAcquire('weekly', 'two', 10_000)).toBe(true);
    // The old holder notices it lost the lease and cannot release the new holder's.
    expect(await leases.renew('weekly', 'one', 10_000)).toBe(false);
    expect(await leases.release('weekly', 'one')).toBe(false);
    expect((await leases.get('weekly'))?.holder).toBe('two');
  });

  it('renews while held and frees on release', async () => {
    const { leases } = t.store;
    expect(await leases.tryAcquire('reminders', 'one', 10_000)).toBe(true);
    t.clock.advance(8_000);
    expect(await leases.renew('reminders', 'one', 10_000)).toBe(true);
    t.clock.advance(8_000);
    expect(await leases.tryAcquire('reminders', 'two', 10_000)).toBe(false);
    expect(await leases.release('reminders', 'one')).toBe(true);
    expect(await leases.tryAcquire('reminders', 'two', 10_000)).toBe(true);
  });
});
