import { createStore } from '../../src/store';
import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('outbox on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(async () => t.close());

  const item = (key: string, extra: Record<string, unknown> = {}) => ({
    idempotencyKey: key,
    kind: 'weekly',
    customerId: 'C1',
    target: { channelId: 'ch-1' },
    payload: { text: `card ${key}` },
    ...extra,
  });

  it('enqueues once per idempotency key, even when racing', async () => {
    const { outbox } = t.store;
    const first = await outbox.enqueue(item('weekly:C1:2026-W48'));
    const second = await outbox.enqueue({ ...item('weekly:C1:2026-W48'), payload: { text: 'different' } });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect((await outbox.get(first.id))?.payload).toEqual({ text: 'card weekly:C1:2026-W48' });

    const other = await t.openAnother();
    const otherStore = createStore(other.db, t.clock);
    const results = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? otherStore : t.store).outbox.enqueue(item('race-key'))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await outbox.list({ kind: 'weekly' })).filter((i) => i.idempotencyKey === 'race-key')).toHaveLength(1);
    // Drain what this test left so later claims see only their own items.
    for (const i of await outbox.claimDue('cleanup', { limit: 100 })) await outbox.markSent(i.id, 'cleanup');
  });

  it('merges into a pending item with the same key, and refuses once it is being sent', async () => {
    const { outbox } = t.store;
    const merge = (a: unknown, b: unknown) => ({ list: [...(a as { list: string[] }).list, ...(b as { list: string[] }).list] });
    const note = (x: string) => ({ ...item('merge:run-1:u1', { kind: 'access-granted' }), payload: { list: [x] } });
    expect(await outbox.mergePending(note('A'), merge)).toBe(true);
    expect(await outbox.mergePending(note('B'), merge)).toBe(true);
    const [pending] = (await outbox.list({ kind: 'access-granted' })).filter((i) => i.idempotencyKey === 'merge:run-1:u1');
    expect(pending!.payload).toEqual({ list: ['A', 'B'] });
    const claimed = (await outbox.claimDue('sender', { limit: 100 })).filter((i) => i.idempotencyKey.startsWith('merge:'));
    expect(claimed.map((i) => i.payload)).toEqual([{ list: ['A', 'B'] }]);
    expect(await outbox.mergePending(note('C'), merge)).toBe(false);
    expect((await outbox.get(pending!.id))?.payload).toEqual({ list: ['A', 'B'] });
    for (const i of claimed) await outbox.markSent(i.id, 'sender');
  });

  it('releases held items by key prefix', async () => {
    const { outbox } = t.store;
    const later = new Date(t.clock.now().getTime() + 3_600_000);
    await outbox.enqueueMany([item('held:run-2:u1', { notBefore: later }), item('held:run-3:u1', { notBefore: later })]);
    await outbox.releasePending('held:run-2:');
    const due = (await outbox.claimDue('sender', { limit: 100 })).filter((i) => i.idempotencyKey.startsWith('held:'));
    expect(due.map((i) => i.idempotencyKey)).toEqual(['held:run-2:u1']);
    // Drain what this test left so later claims see only their own items.
    await outbox.releasePending('held:');
    for (const i of [...due, ...(await outbox.claimDue('sender', { limit: 100 }))]) await outbox.markSent(i.id, 'sender');
  });

  it('enqueues many items at once, skipping known keys and repeats', async () => {
    const { outbox } = t.store;
    const kept = await outbox.enqueue(item('many:known', { kind: 'access-granted' }));
    const inputs = Array.from({ length: 450 }, (_, i) => item(`many:${i}`, { kind: 'access-granted' }));
    await outbox.enqueueMany([
      ...inputs,
      { ...item('many:known', { kind: 'access-granted' }), payload: { text: 'changed' } },
      item('many:7', { kind: 'access-granted' }),
    ]);
    const all = (await outbox.list({ kind: 'access-granted' })).filter((i) => i.idempotencyKey.startsWith('many:'));
    expect(all).toHaveLength(451);
    expect(new Set(all.map((i) => i.idempotencyKey)).size).toBe(451);
    expect((await outbox.get(kept.id))?.payload).toEqual({ text: 'card many:known' });
    expect(all.find((i) => i.idempotencyKey === 'many:449')).toMatchObject({
      status: 'pending',
      payload: { text: 'card many:449' },
      target: { channelId: 'ch-1' },
    });
    for (const i of await outbox.claimDue('cleanup', { limit: 1000 })) await outbox.markSent(i.id, 'cleanup');
  });

  it('never hands the same item to two concurrent claimers', async () => {
    const { outbox } = t.store;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await outbox.enqueue(item(`claim-${i}`))).id);
    const other = await t.openAnother();
    const otherStore = createStore(other.db, t.clock);

    const claimed: string[][] = [[], []];
    // Keep claiming in small slices from two connections until nothing is due.
    const worker = async (s: typeof t.store, holder: string, slot: number) => {
      for (;;) {
        const got = await s.outbox.claimDue(holder, { limit: 3, leaseMs: 60_000 });
        if (got.length === 0) {
          const left = await s.outbox.list({ status: 'pending' });
          if (left.length === 0) return;
          continue;
        }
        for (const g of got) {
          expect(g).toMatchObject({ status: 'sending', claimedBy: holder, attempts: 1 });
          claimed[slot]!.push(g.id);
        }
      }
    };
    await Promise.all([worker(t.store, 'instance-a', 0), worker(otherStore, 'instance-b', 1)]);
    const all = [...claimed[0]!, ...claimed[1]!];
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(all.length);
    for (const [slot, holder] of [
      [0, 'instance-a'],
      [1, 'instance-b'],
    ] as const) {
      for (const id of claimed[slot]) expect(await outbox.markSent(id, holder, { activityId: `act-${id}` })).toBe(true);
    }
    expect((await outbox.list({ status: 'sent' })).filter((i) => ids.includes(i.id))).toHaveLength(12);
  });

  it('returns an item whose claimer died once its claim expires, and the late sender cannot mark it', async () => {
    const { outbox } = t.store;
    const { id } = await outbox.enqueue(item('crash-1'));
    expect((await outbox.claimDue('dead', { leaseMs: 30_000 })).map((i) => i.id)).toEqual([id]);
    expect(await outbox.claimDue('alive')).toEqual([]);
    t.clock.advance(30_000);
    const again = await outbox.claimDue('alive');
    expect(again.map((i) => [i.id, i.attempts])).toEqual([[id, 2]]);
    expect(await outbox.markSent(id, 'dead', { activityId: 'x' })).toBe(false);
    expect(await outbox.markSent(id, 'alive', { activityId: 'act-1' })).toBe(true);
    expect(await outbox.get(id)).toMatchObject({ status: 'sent', activityId: 'act-1', sentAt: t.clock.now().toISOString() });
    expect(await outbox.claimDue('alive')).toEqual([]);
  });

  it('retries failures with backoff or Retry-After, then marks them failed', async () => {
    const store = createStore(t.opened.db, t.clock, { outbox: { maxAttempts: 3, baseDelayMs: 1_000, random: () => 1 } });
    const { outbox } = store;
    const { id } = await outbox.enqueue(item('flaky-1', { notBefore: new Date(t.clock.now().getTime() + 10_000) }));
    expect(await outbox.claimDue('w')).toEqual([]);
    t.clock.advance(10_000);

    expect((await outbox.claimDue('w')).map((i) => i.id)).toEqual([id]);
    expect(await outbox.markFailed(id, 'w', '429 Too Many Requests', { retryAfterMs: 7_000 })).toBe('pending');
    t.clock.advance(6_999);
    expect(await outbox.claimDue('w')).toEqual([]);
    t.clock.advance(1);
    expect((await outbox.claimDue('w')).map((i) => i.attempts)).toEqual([2]);

    // No Retry-After: exponential backoff (attempt 2 -> 2 s with the jitter source pinned at its top).
    expect(await outbox.markFailed(id, 'w', '503')).toBe('pending');
    t.clock.advance(1_999);
    expect(await outbox.claimDue('w')).toEqual([]);
    t.clock.advance(1);
    expect((await outbox.claimDue('w')).map((i) => i.attempts)).toEqual([3]);

    expect(await outbox.markFailed(id, 'w', '503 again')).toBe('failed');
    expect(await outbox.get(id)).toMatchObject({ status: 'failed', lastError: '503 again', attempts: 3 });
    t.clock.advance(3_600_000);
    expect(await outbox.claimDue('w')).toEqual([]);
    expect((await outbox.list({ status: 'failed' })).map((i) => i.id)).toContain(id);
  });
});
