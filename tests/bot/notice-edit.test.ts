import { validateCard } from '../../src/cards/validate-card';
import { startBed, sendActivity, channelPosts, cardOf, cardText, botActivities, type Bed, type UserKey } from '../messaging/fixture';

/** Tiedotteen muokkaus kirjoittajan omalta kortilta: muutos päivittää kanavalle postatut kortit. */
describe('tiedotteen muokkaus kirjoittajan kortilta', () => {
  let bed: Bed;
  let noticeId: string;
  let ref: { conversationId: string; activityId: string };
  beforeAll(async () => {
    bed = await startBed({ env: { APP_LOCALE: 'fi' } }); // kanavan kortit suomeksi
    await sendActivity(bed, {
      from: 'ownerA',
      conversationId: `${bed.channels.A};messageid=root`,
      channelId: bed.channels.A,
      text: 'tiedote Vesikatko | Vesi poikki klo 10–12.',
      locale: 'fi-FI',
    });
    await bed.app.messaging.idle();
    noticeId = (await bed.store.notices.listActive())[0]!.id;
    ref = (await bed.store.messageRefs.listFor('notice', noticeId))[0]!;
  });
  afterAll(async () => {
    await bed.close();
  });

  const execute = (from: UserKey, verb: string, data: Record<string, unknown>) =>
    sendActivity(bed, {
      from,
      type: 'invoke',
      name: 'adaptiveCard/action',
      locale: 'fi-FI',
      conversationId: ref.conversationId,
      channelId: bed.channels.A,
      replyToId: ref.activityId,
      value: { action: { type: 'Action.Execute', verb, data } },
    });

  it('kirjoittajan kortissa on Muokkaa-lomake nykyisillä arvoilla', async () => {
    const r = await execute('ownerA', 'refresh', { noticeId });
    const card = r.body.value;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const edit = card.actions.find((a: any) => a.type === 'Action.ShowCard');
    expect(edit.title).toBe('Muokkaa tiedotetta');
    const inputs = Object.fromEntries(edit.card.body.map((i: any) => [i.id, i.value]));
    expect(inputs).toEqual({ noticeTitle: 'Vesikatko', noticeBody: 'Vesi poikki klo 10–12.' });
    expect(edit.card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'editNotice', data: { noticeId } });
    // A recipient's card has no edit form.
    const other = await execute('sup1', 'refresh', { noticeId });
    expect(JSON.stringify(other.body.value.actions)).not.toContain('editNotice');
  });

  it('muu kuin kirjoittaja ei voi muokata; tyhjä teksti torjutaan muuttamatta mitään', async () => {
    const refused = await execute('sup1', 'editNotice', { noticeId, noticeTitle: 'Hakkeroitu', noticeBody: 'x' });
    expect(cardText(refused.body.value)).toMatch(/Ei oikeutta/);
    const empty = await execute('ownerA', 'editNotice', { noticeId, noticeTitle: 'Vesikatko', noticeBody: '  ' });
    expect(cardText(empty.body.value)).toMatch(/otsikko ja teksti/);
    expect((await bed.store.notices.get(noticeId))?.body).toBe('Vesi poikki klo 10–12.');
  });

  it('muokkaus päivittää kanavalle postatun kortin paikallaan', async () => {
    const r = await execute('ownerA', 'editNotice', { noticeId, noticeTitle: 'Vesikatko siirtyy', noticeBody: 'Vesi poikki klo 13–15.' });
    expect(r.status).toBe(200);
    expect(cardText(r.body.value)).toContain('Vesikatko siirtyy');
    await bed.app.messaging.idle();
    await bed.app.messaging.deliver();
    const posts = channelPosts(bed, bed.channels.A);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.updated).toBe(true);
    expect(cardText(cardOf(posts[0]!))).toContain('Vesi poikki klo 13–15.');
    expect(cardText(cardOf(posts[0]!))).toMatch(/Muokattu/);
    expect(botActivities(bed).filter((a) => cardText(cardOf(a)).includes('Vesikatko'))).toHaveLength(1);
  });
});
