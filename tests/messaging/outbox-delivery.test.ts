import { validateCard } from '../../src/cards/validate-card';
import { composeNotice } from '../../src/messaging/notices';
import { startBed, engines, USERS, botActivities, cardOf, cardText, channelPosts, personalActivities, type Bed } from './fixture';

describe.each(engines)('outbox delivery through the Bot Connector on %s', (engine) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ engine });
  });
  afterAll(async () => {
    await bed.close();
  });

  it('delivers the kinds the sync enqueues: welcome thread, access-granted and removal-approval in personal chat', async () => {
    const { store, channels } = bed;
    await store.outbox.enqueue({
      idempotencyKey: `welcome:100001:${channels.A}`,
      kind: 'welcome',
      customerId: '100001',
      target: { teamId: bed.em.teamId, channelId: channels.A },
      payload: { customerId: '100001', accountName: 'Alfa Oy' },
    });
    // The sync's note for one run: every channel the person gained, in one card.
    await store.outbox.enqueue({
      idempotencyKey: `access:run-1:${USERS.sup1.id}`,
      kind: 'access-granted',
      customerId: null,
      target: { userId: USERS.sup1.id, email: USERS.sup1.email },
      payload: {
        runId: 'run-1',
        channels: [
          {
            customerId: '100001',
            accountName: 'Alfa Oy',
            channelId: channels.A,
            reasons: [{ kind: 'site', siteId: '5001', siteName: 'Etelä Mikkeli 1', role: 'regional_director', line: 2 }],
          },
          {
            customerId: '100002',
            accountName: 'Beta Oy',
            channelId: channels.B,
            reasons: [{ kind: 'key_account_director', line: 3 }],
          },
        ],
      },
    });
    await store.outbox.enqueue({
      idempotencyKey: `approval:run-1:100001:${USERS.ownerA.id}`,
      kind: 'removal-approval',
      customerId: '100001',
      target: { userId: USERS.ownerA.id, email: USERS.ownerA.email },
      payload: {
        runId: 'run-1',
        customerId: '100001',
        reasons: [],
        removals: [{ email: USERS.sup2.email, reason: 'no longer supervisor' }],
      },
    });

    const report = await bed.app.messaging.deliver();
    expect(report).toMatchObject({ sent: 3, failed: 0, retrying: 0 });

    const welcome = channelPosts(bed, channels.A);
    expect(welcome).toHaveLength(1);
    expect(cardText(cardOf(welcome[0]!))).toContain('Alfa Oy');
    expect(cardText(cardOf(welcome[0]!))).toContain('Olli Owner');

    const access = personalActivities(bed, 'sup1');
    expect(access).toHaveLength(1);
    expect(cardText(cardOf(access[0]!))).toContain('Alfa Oy');
    // The reason as the sync stores it: the site's name from the note, the billing role in words.
    expect(cardText(cardOf(access[0]!))).toContain('Etelä Mikkeli 1');
    expect(cardText(cardOf(access[0]!))).toMatch(/regional director/i);
    expect(cardText(cardOf(access[0]!))).toContain('Beta Oy');
    expect(cardText(cardOf(access[0]!))).toMatch(/2 asiakkaan kanavalle|2 customer channels/);

    const approval = personalActivities(bed, 'ownerA');
    expect(approval).toHaveLength(1);
    const card = cardOf(approval[0]!)!;
    expect(cardText(card)).toContain('Simo Supervisor');
    expect(JSON.stringify(card.actions)).toContain('"verb":"approveRemovals"');
    expect(JSON.stringify(card.actions)).toContain('run-1');

    for (const a of botActivities(bed)) expect(validateCard(cardOf(a))).toEqual({ valid: true, errors: [] });
    const items = await store.outbox.list();
    expect(items.every((i) => i.status === 'sent' && i.activityId)).toBe(true);

    // A second run sends nothing again.
    expect(await bed.app.messaging.deliver()).toMatchObject({ sent: 0 });
    expect(botActivities(bed)).toHaveLength(3);
  });

  it('retries throttled and failing sends, honouring Retry-After, and loses nothing', async () => {
    const before = botActivities(bed).length;
    for (let i = 0; i < 12; i++) {
      await bed.store.outbox.enqueue({
        idempotencyKey: `test-welcome:${i}`,
        kind: 'welcome',
        customerId: '100002',
        target: { channelId: bed.channels.B },
        payload: { customerId: '100002', accountName: `Beta ${i}` },
      });
    }
    bed.em.setFaults({ rate429: 0.25, rate503: 0.1, seed: 7, retryAfterSec: 0 });
    bed.em.clearRequests();
    const report = await bed.app.messaging.deliver();
    bed.em.setFaults(undefined);
    const requests = bed.em.requests().filter((r) => r.path.includes('/botconnector/'));
    expect(requests.some((r) => r.status === 429 || r.status === 503)).toBe(true);
    expect(report).toMatchObject({ sent: 12, failed: 0 });
    const posts = channelPosts(bed, bed.channels.B).slice(0);
    expect(botActivities(bed).length - before).toBe(12);
    // Exactly one copy of each.
    const names = posts.map((p) => cardText(cardOf(p)).match(/Beta \d+/)![0]);
    expect(new Set(names).size).toBe(12);
    // The pacer keeps to 7 per second per conversation: unpaced, 12 sends at once to one channel get
    // 5 refused by the emulator's limiter. (An odd one can still slip through when the loaded test
    // machine delays a request by more than the pacer's margin; the retry covers it.)
    expect(requests.filter((r) => r.throttled).length).toBeLessThanOrEqual(2);
  });

  it('marks an item failed for good, with the error, when the channel is gone', async () => {
    await bed.store.outbox.enqueue({
      idempotencyKey: 'welcome:missing',
      kind: 'welcome',
      customerId: '100002',
      target: { channelId: '19:nope@thread.tacv2' },
      payload: { customerId: '100002', accountName: 'Ghost' },
    });
    const report = await bed.app.messaging.deliver();
    expect(report.failed).toBe(1);
    const item = await bed.store.outbox.getByKey('welcome:missing');
    expect(item?.status).toBe('failed');
    expect(item?.lastError).toMatch(/404/);
  });

  it("tells a notice's author when a channel could not be reached, instead of dropping it silently", async () => {
    await bed.store.accounts.setChannel('100002', { channelId: '19:deleted@thread.tacv2', channelName: 'Beta Oy (100002)' });
    await composeNotice(bed.app.messaging.deps, {
      author: { id: USERS.ownerB.id, name: 'Bea Owner' },
      title: 'Lift out of order',
      body: 'Use the stairs.',
      targets: { accounts: ['100002'] },
    });
    const report = await bed.app.messaging.deliver();
    expect(report).toMatchObject({ failed: 1, sent: 1 });
    const note = personalActivities(bed, 'ownerB');
    expect(note).toHaveLength(1);
    expect(note[0]!.activity.text).toContain('Lift out of order');
    expect(note[0]!.activity.text).toContain('Beta Oy');
  });
});
