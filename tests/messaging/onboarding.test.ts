import { validateCard } from '../../src/cards/validate-card';
import { queueOnboardingReminders, onboardingStatus, requestReread } from '../../src/messaging/onboarding';
import { accessNoteKey } from '../../src/sync/results';
import {
  startBed,
  engines,
  USERS,
  personalActivities,
  personalChat,
  sendActivity,
  cardOf,
  cardText,
  type Bed,
  type UserKey,
} from './fixture';

describe.each(engines)('onboarding to an account on %s', (engine) => {
  let bed: Bed;
  let chat: string;
  beforeAll(async () => {
    bed = await startBed({ engine });
    const toc = bed.store.tableOfContents;
    await toc.saveItem(
      {
        id: 't-rules',
        section: 'Asiakas',
        title: 'Customer rules',
        linkKind: 'url',
        linkTarget: 'https://example.com/rules',
        sortOrder: 1,
      },
      'test',
    );
    await toc.saveItem({ id: 't-keys', section: 'Asiakas', title: 'Keys and alarms', sortOrder: 2 }, 'test');
    await toc.saveItem({ id: 't-other', section: 'Asiakas', title: 'Not required', sortOrder: 3 }, 'test');
    await bed.store.onboarding.setMustRead('100001', 't-rules', ['supervisor'], USERS.ownerA.email);
    await bed.store.onboarding.setMustRead('100001', 't-keys', ['everyone'], USERS.ownerA.email);
    chat = await personalChat(bed, 'sup1');
  });
  afterAll(async () => {
    await bed.close();
  });

  /** The access note the sync writes for a person who gained channel A (see src/sync/results.ts). */
  const welcome = async (who: UserKey, runId: string, role: string) => {
    await bed.store.outbox.enqueue({
      idempotencyKey: accessNoteKey(runId, USERS[who].id),
      kind: 'access-granted',
      customerId: null,
      target: { userId: USERS[who].id, email: USERS[who].email },
      payload: {
        runId,
        channels: [
          {
            customerId: '100001',
            accountName: 'Alfa Oy',
            channelId: bed.channels.A,
            reasons: [{ kind: 'site', siteId: '5001', siteName: 'Kohde', role, line: 2 }],
          },
        ],
      },
    });
    await bed.app.messaging.deliver();
  };
  const tick = (from: UserKey, data: Record<string, unknown>) =>
    sendActivity(bed, {
      from,
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversationId: chat,
      value: { action: { type: 'Action.Execute', verb: 'onboardingAck', data } },
    });

  it('welcomes a new supervisor with their must-read items, each with a link and a read button, and tells the owner', async () => {
    await welcome('sup1', 'run-1', 'supervisor');
    const cards = personalActivities(bed, 'sup1').map((a) => cardOf(a)!);
    expect(cards).toHaveLength(1);
    expect(validateCard(cards[0]!)).toEqual({ valid: true, errors: [] });
    const text = cardText(cards[0]);
    for (const s of ['Welcome', 'Alfa Oy', 'Customer rules', 'Keys and alarms', '0/2 read', 'supervisor']) expect(text).toContain(s);
    expect(text).not.toContain('Not required');
    const json = JSON.stringify(cards[0]);
    expect(json).toContain('https://example.com/rules');
    expect(json.match(/"verb":"onboardingAck"/g)).toHaveLength(2);

    const olli = personalActivities(bed, 'ownerA');
    expect(olli).toHaveLength(1);
    expect(olli[0]!.activity.text).toBe(
      "Sanna Supervisor joined Alfa Oy as a supervisor. You can follow their onboarding in the channel's Table of contents tab.",
    );
    // A second run's note for the same person tells the owner nothing new.
    await welcome('sup1', 'run-2', 'supervisor');
    expect(personalActivities(bed, 'ownerA')).toHaveLength(1);
  });

  it('a tick is kept per person, item and version, and the card shows it ticked', async () => {
    const r = await tick('sup1', { customerId: '100001', itemId: 't-rules', version: 1, accounts: '100001' });
    expect(r.status).toBe(200);
    const card = r.body.value;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(cardText(card)).toContain('✓ Customer rules');
    expect(cardText(card)).toContain('1/2 read');
    expect(JSON.stringify(card).match(/"verb":"onboardingAck"/g)).toHaveLength(1);
    expect(await bed.store.onboarding.listAcks(['100001'], USERS.sup1.id)).toEqual([
      expect.objectContaining({ itemId: 't-rules', version: 1, userId: USERS.sup1.id }),
    ]);
    // Someone not in the account cannot tick its items.
    const refused = await tick('outsider', { customerId: '100001', itemId: 't-rules', version: 1 });
    expect(JSON.stringify(refused.body)).toContain('not on your onboarding list');
    expect(await bed.store.onboarding.listAcks(['100001'], USERS.outsider.id)).toEqual([]);
  });

  it('reminds once after the configured days while not complete', async () => {
    expect((await queueOnboardingReminders(bed.app.messaging.deps, { days: 7 })).queued).toBe(0);
    bed.clock.set(new Date(bed.clock.now().getTime() + 7 * 86_400_000 + 60_000));
    expect((await queueOnboardingReminders(bed.app.messaging.deps, { days: 7 })).queued).toBe(1);
    expect((await queueOnboardingReminders(bed.app.messaging.deps, { days: 7 })).queued).toBe(0);
    await bed.app.messaging.deliver();
    const last = personalActivities(bed, 'sup1').at(-1)!;
    const text = cardText(cardOf(last));
    expect(text).toContain('Reminder');
    expect(text).toContain('✓ Customer rules');
    expect(text).toContain('Keys and alarms');
    expect(validateCard(cardOf(last)!)).toEqual({ valid: true, errors: [] });
  });

  it('the owner sees who has and has not completed; a changed item asks its readers to read it again', async () => {
    const done = await tick('sup1', { customerId: '100001', itemId: 't-keys', version: 1, accounts: '100001' });
    expect(cardText(done.body.value)).toContain('Every item is read');
    let status = await onboardingStatus(bed.store, '100001');
    const row = (email: string) => status.members.find((m) => m.email === email)!;
    expect(row(USERS.sup1.email)).toMatchObject({ required: 2, done: 2, complete: true });
    expect(row(USERS.sup2.email)).toMatchObject({ required: 2, done: 0, complete: false });
    expect(row(USERS.rd.email)).toMatchObject({ required: 1, done: 0, complete: false });

    const before = personalActivities(bed, 'sup1').length;
    const asked = await requestReread(bed.app.messaging.deps, '100001', 't-rules', USERS.ownerA.email);
    expect(asked.asked).toBe(2); // both supervisors, not the regional director
    await bed.app.messaging.deliver();
    const cards = personalActivities(bed, 'sup1').slice(before);
    expect(cards).toHaveLength(1);
    const text = cardText(cardOf(cards[0]!));
    expect(text).toContain('read again');
    expect(text).toContain('Customer rules');
    expect(text).not.toContain('Keys and alarms');
    status = await onboardingStatus(bed.store, '100001');
    expect(row(USERS.sup1.email)).toMatchObject({ required: 2, done: 1, complete: false });
    // The old tick stays on record; the new version needs its own.
    await tick('sup1', { customerId: '100001', itemId: 't-rules', version: 2 });
    expect((await bed.store.onboarding.listAcks(['100001'], USERS.sup1.id)).map((a) => `${a.itemId}@${a.version}`).sort()).toEqual([
      't-keys@1',
      't-rules@1',
      't-rules@2',
    ]);
  });
});
