import { PRIORITY, priorityOf } from '../../src/messaging/outbox-messages';
import { startBed, USERS, sendActivity, cardOf, cardText, type Bed } from './fixture';

/** Kiireellinen ensin: tiedote ohittaa jonossa jo olevat rutiiniviestit, myös kesken lähetyksen. */
describe('kiireellinen tiedote ohittaa rutiiniviestit', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ env: { APP_LOCALE: 'fi' } });
  });
  afterAll(async () => {
    await bed.close();
  });

  it('tiedote, sen muokkaus ja peruminen ovat kiireellisiä; muu on rutiinia', () => {
    expect(priorityOf({ kind: 'notice', target: { customerId: '1', channelId: 'c' }, payload: { noticeId: 'n' } })).toBe(PRIORITY.urgent);
    expect(
      priorityOf({
        kind: 'notice-update',
        target: { conversationId: 'c', activityId: 'a', serviceUrl: 's' },
        payload: { noticeId: 'n', customerId: '1' },
      }),
    ).toBe(PRIORITY.urgent);
    expect(
      priorityOf({
        kind: 'message-delete',
        target: { conversationId: 'c', activityId: 'a', serviceUrl: 's' },
        payload: { kind: 'notice', refId: 'n' },
      }),
    ).toBe(PRIORITY.urgent);
    expect(
      priorityOf({
        kind: 'message-delete',
        target: { conversationId: 'c', activityId: 'a', serviceUrl: 's' },
        payload: { kind: 'weekly', refId: 'w' },
      }),
    ).toBe(PRIORITY.routine);
    expect(priorityOf({ kind: 'welcome', target: { channelId: 'c' }, payload: { customerId: '1', accountName: 'A' } })).toBe(
      PRIORITY.routine,
    );
  });

  it('jonossa jo olevat 200 henkilökohtaista viestiä eivät viivästytä tiedotetta', async () => {
    const users = [USERS.sup1, USERS.sup2, USERS.sup3, USERS.rd, USERS.outsider];
    await bed.store.outbox.enqueueMany(
      Array.from({ length: 200 }, (_, i) => ({
        idempotencyKey: `routine:${i}`,
        kind: 'text',
        customerId: null,
        target: { userId: users[i % users.length]!.id },
        payload: { text: `Rutiiniviesti ${i}` },
      })),
    );
    const routine = bed.app.messaging.deliver(); // rutiinit lähtevät, kun tiedote kirjoitetaan
    await new Promise((r) => setTimeout(r, 300));
    await sendActivity(bed, {
      from: 'ownerA',
      conversationId: `${bed.channels.A};messageid=r`,
      channelId: bed.channels.A,
      text: 'tiedote Kaasuvuoto | Poistukaa rakennuksesta.',
      locale: 'fi-FI',
    });
    await routine;
    await bed.app.messaging.idle();

    // Every activity the emulator's Bot Connector received, in the order it received them.
    const received = bed.em
      .state()
      .conversations.flatMap((c: any) => c.activities)
      .sort((a: any, b: any) => a.createdAt.localeCompare(b.createdAt));
    const order = received.map((a: any) =>
      cardText(cardOf(a)).includes('Kaasuvuoto') ? 'notice' : /Rutiiniviesti/.test(a.activity.text ?? '') ? 'routine' : 'other',
    );
    const noticeAt = order.indexOf('notice');
    expect(noticeAt).toBeGreaterThan(-1);
    const routineAfter = order.slice(noticeAt).filter((k) => k === 'routine').length;
    // Most of the queue was still waiting when the notice was written, and it went out first.
    expect(routineAfter).toBeGreaterThan(100);
    expect(order.filter((k) => k === 'routine')).toHaveLength(200);
  });
});
