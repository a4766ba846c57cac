/** The store counts this process's writes, so the tab API's view cache can tell nothing changed here. */
import { createStore } from '../../src/store';
import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('store write counter on %s', (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('moves on every write through any repository and stays put on reads', async () => {
    const s = db.store;
    const w0 = s.localWrites();
    await s.accounts.list();
    await s.accounts.get('nope');
    await s.desiredMemberships.listForAccount('nope');
    expect(s.localWrites()).toBe(w0);

    await s.accounts.upsertMany([{ customerId: 'W1', name: 'Walla Oy', isNational: true }]);
    const w1 = s.localWrites();
    expect(w1).toBeGreaterThan(w0);
    await s.annualClock.createMany([{ id: 'w-ev-1', customerId: 'W1', title: 'Visit', ring: 'supervisors', ownerEmail: null, description: null, startsOn: '2026-01-05', recurrence: { kind: 'once' } }]);
    expect(s.localWrites()).toBeGreaterThan(w1);
  });

  it('counts writes made inside a transaction, and its end', async () => {
    const s = db.store;
    const w0 = s.localWrites();
    let inside = 0;
    await s.transaction(async (tx) => {
      await tx.accounts.upsertMany([{ customerId: 'W2', name: 'Wolle Oy', isNational: true }]);
      inside = s.localWrites();
    });
    expect(inside).toBeGreaterThan(w0);
    // After the commit too: a reader on another connection could have cached the old rows meanwhile.
    expect(s.localWrites()).toBeGreaterThan(inside);
  });

  it('does not count the outbox and lease traffic of deliveries and the scheduler', async () => {
    const s = db.store;
    const w0 = s.localWrites();
    await s.outbox.enqueue({ idempotencyKey: 'w-1', kind: 'text', customerId: null, target: { userId: 'u' }, payload: { text: 'x' } });
    const [item] = await s.outbox.claimDue('w-holder', { limit: 1 });
    await s.outbox.markSent(item!.id, 'w-holder', { activityId: null });
    expect(s.localWrites()).toBe(w0);
  });

  it('counts writes through another store over the same database of this process', async () => {
    const second = createStore(db.opened.db, db.clock);
    const w0 = db.store.localWrites();
    await second.accounts.upsertMany([{ customerId: 'W4', name: 'Toinen Oy', isNational: true }]);
    expect(db.store.localWrites()).toBeGreaterThan(w0);
  });

  it('does not see writes made by another instance (that is what the cache time limit is for)', async () => {
    const other = createStore((await db.openAnother()).db, db.clock);
    const w0 = db.store.localWrites();
    await other.accounts.upsertMany([{ customerId: 'W3', name: 'Other Oy', isNational: true }]);
    expect(other.localWrites()).toBeGreaterThan(0);
    expect(db.store.localWrites()).toBe(w0);
    expect((await db.store.accounts.get('W3'))?.name).toBe('Other Oy');
  });
});
