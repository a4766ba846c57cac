import { openStore } from '../../src/store';
import { ManualClock } from '../../src/ports/clock';
import { startBed, USERS, type Bed } from './fixture';

describe('many notes to people the bot has no chat with yet', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed();
  });
  afterAll(async () => {
    await bed.close();
  });

  it('are all delivered in one run, each once (a burst to one person used to stall the sender for a minute)', async () => {
    await bed.store.outbox.enqueueMany(
      Array.from({ length: 20 }, (_, i) => ({
        idempotencyKey: `burst:${i}`,
        kind: 'text',
        customerId: '100001',
        target: { userId: USERS.rd.id },
        payload: { text: `burst ${i}` },
      })),
    );
    const started = Date.now();
    const report = await bed.app.messaging.deliver();
    expect(report).toMatchObject({ sent: 20, failed: 0, retrying: 0 });
    // 20 sends to one chat at 7 per second plus the chat's creation: ~3 s, far from the 60 s stall.
    expect(Date.now() - started).toBeLessThan(15_000);
    const delivered = bed.em
      .state()
      .conversations.flatMap((c) => c.activities)
      .filter((a) => /^burst \d+$/.test(String(a.activity.text ?? '')));
    expect(delivered).toHaveLength(20);
    expect(bed.em.requests().filter((r) => r.throttled)).toEqual([]);
  }, 60_000);
});

describe('stopping the app while the outbox is delivering', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed(); // SQLite: the file is read again after the app has closed it
  });
  afterAll(async () => {
    await bed.close();
  });

  it('stops within seconds, finishes the sends in flight and hands every unsent item back, none lost or stuck', async () => {
    // A first sync's worth of personal notes: three people at 7 per second each is ~14 s of sending.
    const people = [USERS.sup1, USERS.sup2, USERS.sup3];
    await bed.store.outbox.enqueueMany(
      Array.from({ length: 300 }, (_, i) => ({
        idempotencyKey: `note:${i}`,
        kind: 'text',
        customerId: '100001',
        target: { userId: people[i % 3]!.id },
        payload: { text: `note ${i}` },
      })),
    );
    bed.app.messaging.kick();
    const deadline = Date.now() + 20_000;
    while ((await bed.store.outbox.list({ status: 'sent', kind: 'text' })).length < 10 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    const started = Date.now();
    await bed.app.close(2000);
    expect(Date.now() - started).toBeLessThan(8_000);

    const { store, database } = await openStore({ dataDir: bed.env.DATA_DIR!, clock: new ManualClock() });
    try {
      const items = (await store.outbox.list({ kind: 'text' })).filter((i) => i.idempotencyKey.startsWith('note:'));
      const by = (s: string) => items.filter((i) => i.status === s);
      expect(items).toHaveLength(300);
      expect(by('sending')).toEqual([]);
      expect(by('failed')).toEqual([]);
      expect(by('sent').length).toBeGreaterThanOrEqual(10);
      expect(by('pending').length).toBeGreaterThan(0);
      expect(by('sent').length + by('pending').length).toBe(300);
      // Handed back untried: no attempt counted, due at once for the next run or instance.
      expect(by('pending').every((i) => i.attempts === 0 && i.claimedBy === null)).toBe(true);
      // Each sent note reached its chat exactly once.
      const delivered = bed.em
        .state()
        .conversations.flatMap((c) => c.activities)
        .filter((a) => /^note \d+$/.test(String(a.activity.text ?? '')));
      expect(delivered).toHaveLength(by('sent').length);
    } finally {
      await database.close();
    }
  }, 60_000);
});
