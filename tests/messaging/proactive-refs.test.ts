import { validateCard } from '../../src/cards/validate-card';
import { composeNotice, sendNoticeReminders } from '../../src/messaging/notices';
import { startBed, USERS, sendActivity, personalChat, channelPosts, personalActivities, cardOf, botActivities, type Bed } from './fixture';

describe('proactive sends use the conversation references Teams gave the bot', () => {
  let bed: Bed;
  beforeAll(async () => {
    // The configured service URL leads nowhere (the emulator answers 404 there): whatever arrives
    // was sent to the service URL captured from a conversationUpdate.
    bed = await startBed({ envFor: (em) => ({ BOT_SERVICE_URL: `${em.url}/elsewhere/` }) });
  });
  afterAll(async () => {
    await bed.close();
  });

  const installed = (conversationId: string, channelId?: string, from: 'ownerA' | 'sup1' = 'ownerA') =>
    sendActivity(bed, {
      from,
      type: 'conversationUpdate',
      conversationId,
      channelId,
      extra: { membersAdded: [{ id: '28:local-bot-id' }] },
    });

  it('posts to a channel at the service URL captured when the app was added there; other channels fall back to BOT_SERVICE_URL', async () => {
    expect((await installed(bed.channels.A, bed.channels.A)).status).toBe(200);
    const ref = await bed.store.conversationRefs.findByChannel(bed.channels.A);
    expect(ref?.serviceUrl).toBe(bed.em.botServiceUrl);

    for (const [k, id] of [
      ['A', '100001'],
      ['B', '100002'],
    ] as const) {
      await bed.store.outbox.enqueue({
        idempotencyKey: `welcome:${id}`,
        kind: 'welcome',
        customerId: id,
        target: { channelId: bed.channels[k] },
        payload: { customerId: id, accountName: k },
      });
    }
    const report = await bed.app.messaging.deliver();
    expect(report).toMatchObject({ sent: 1, failed: 1 });
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(1);
    expect(channelPosts(bed, bed.channels.B)).toHaveLength(0);
    expect((await bed.store.outbox.getByKey('welcome:100002'))?.lastError).toMatch(/404/);
  });

  it('sends to a person in the personal chat stored for them; without one it tries to open a chat at BOT_SERVICE_URL', async () => {
    const chat = await personalChat(bed, 'sup1');
    await installed(chat, undefined, 'sup1');
    expect((await bed.store.conversationRefs.findPersonal(USERS.sup1.id))?.conversationId).toBe(chat);

    for (const who of ['sup1', 'sup2'] as const) {
      await bed.store.outbox.enqueue({
        idempotencyKey: `text:${who}`,
        kind: 'text',
        target: { userId: USERS[who].id },
        payload: { text: `Hello ${who}` },
      });
    }
    const report = await bed.app.messaging.deliver();
    expect(report).toMatchObject({ sent: 1, failed: 1 });
    const got = personalActivities(bed, 'sup1');
    expect(got.map((a) => [a.conversationId, a.activity.text])).toEqual([[chat, 'Hello sup1']]);
    expect(personalActivities(bed, 'sup2')).toHaveLength(0);
    expect((await bed.store.outbox.getByKey('text:sup2'))?.lastError).toMatch(/404/);
  });
});

describe('quick replies in the personal chat after a notice reminder', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed();
  });
  afterAll(async () => {
    await bed.close();
  });

  it('"selvä" / "looking into it" in the chat where the reminder came records a receipt for that notice', async () => {
    const deps = bed.app.messaging.deps;
    const { notice } = await composeNotice(deps, {
      author: { id: USERS.ownerA.id, name: 'Olli Owner' },
      title: 'Water leak',
      body: 'Check the basements.',
      targets: { accounts: ['100001'] },
    });
    await bed.app.messaging.deliver();
    bed.clock.advance(5 * 3600_000);
    expect(await sendNoticeReminders(deps)).toEqual({ reminders: 2, escalations: 0 });
    await bed.app.messaging.deliver();

    const reminder = personalActivities(bed, 'sup1');
    expect(reminder).toHaveLength(1);
    expect(validateCard(cardOf(reminder[0]!))).toEqual({ valid: true, errors: [] });
    const r = await sendActivity(bed, { from: 'sup1', conversationId: reminder[0]!.conversationId, text: 'Selvä!', locale: 'fi-FI' });
    expect(r.status).toBe(200);
    expect((await bed.store.acknowledgements.get(notice.id, USERS.sup1.id))?.kind).toBe('ok');
    expect(personalActivities(bed, 'sup1').pop()!.activity.text).toContain('Kiitos');

    const chat2 = personalActivities(bed, 'sup2')[0]!.conversationId;
    await sendActivity(bed, { from: 'sup2', conversationId: chat2, text: 'looking into it' });
    expect((await bed.store.acknowledgements.get(notice.id, USERS.sup2.id))?.kind).toBe('looking');

    // Someone never reminded about anything: "OK" is not a receipt for anyone's notice.
    const chat3 = await personalChat(bed, 'outsider');
    const before = botActivities(bed).length;
    await sendActivity(bed, { from: 'outsider', conversationId: chat3, text: 'OK' });
    expect(await bed.store.acknowledgements.get(notice.id, USERS.outsider.id)).toBeUndefined();
    expect(
      botActivities(bed)
        .slice(before)
        .map((a) => a.activity.text)
        .join(' '),
    ).toMatch(/did not recognise/);
  });
});
