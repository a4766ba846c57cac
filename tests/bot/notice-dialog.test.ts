import { validateCard } from '../../src/cards/validate-card';
import { runNoticePlans } from '../../src/messaging/notice-plans';
import { instantToZoned } from '../../src/domain/notices/zoned-time';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { startApp } from '../../src/server/app';
import {
  startBed,
  engines,
  USERS,
  DIRECTOR_GROUP,
  ADMIN_GROUP,
  sendActivity,
  personalChat,
  channelPosts,
  personalActivities,
  cardOf,
  cardText,
  type Bed,
  type UserKey,
} from '../messaging/fixture';

/** Tiedotelomake (task module) kanavalta ja henkilökohtaisesta keskustelusta, oikean bottipäätteen kautta. */
describe.each(engines)('tiedotelomake, esikatselu, toiset silmät ja ajastus (%s)', (engine) => {
  let bed: Bed;
  const thread = () => `${bed.channels.A};messageid=root`;
  beforeAll(async () => {
    bed = await startBed({ engine, env: { APP_LOCALE: 'fi' } });
  });
  afterAll(async () => {
    await bed.close();
  });

  const where = (from: UserKey, personal?: string) =>
    personal ? { from, conversationId: personal } : { from, conversationId: thread(), channelId: bed.channels.A };
  const task = async (
    from: UserKey,
    name: 'task/fetch' | 'task/submit',
    data: Record<string, unknown>,
    personal?: string,
    locale = 'fi-FI',
  ) => {
    const r = await sendActivity(bed, {
      ...where(from, personal),
      type: 'invoke',
      name,
      locale,
      value: { data, context: { theme: 'default' } },
    });
    expect(r.status).toBe(200);
    return r.body.task as { type: 'continue' | 'message'; value: any };
  };
  const dialogCard = (t: { value: any }) => t.value.card.content;
  /** An input anywhere in the card (the date and time pairs sit in column sets). */
  const inputOf = (card: any, id: string): any => {
    const walk = (v: any): any =>
      Array.isArray(v)
        ? v.map(walk).find(Boolean)
        : v && typeof v === 'object'
          ? v.id === id
            ? v
            : Object.values(v).map(walk).find(Boolean)
          : undefined;
    return walk(card.body);
  };
  const execute = async (from: UserKey, verb: string, data: Record<string, unknown>, conversationId: string) => {
    const r = await sendActivity(bed, {
      from,
      conversationId,
      type: 'invoke',
      name: 'adaptiveCard/action',
      locale: 'fi-FI',
      value: { action: { type: 'Action.Execute', verb, data } },
    });
    expect(r.status).toBe(200);
    return r.body.value;
  };
  const settle = async () => {
    await bed.app.messaging.idle();
    await bed.app.messaging.deliver();
  };
  const form = (over: Record<string, string> = {}) => ({
    dialog: 'notice',
    step: 'preview',
    noticeTitle: 'Vesikatko Pasilassa',
    noticeBody: 'Vesi on poikki **klo 8–12**.\n- Ilmoita asukkaille\n- Sulje pesutilat',
    noticeAccounts: '100001',
    noticeAudience: 'supervisor,regional_director',
    noticeAck: 'true',
    noticeApproval: 'false',
    ...over,
  });

  it('"tiedote" kanavalla antaa painikkeen, joka avaa lomakkeen asiakkuus valmiiksi valittuna', async () => {
    const r = await sendActivity(bed, { ...where('ownerA'), text: 'tiedote', locale: 'fi-FI' });
    expect(r.status).toBe(200);
    await bed.app.messaging.idle();
    const reply = cardOf(channelPosts(bed, thread()).at(-1) ?? (await lastIn(thread())))!;
    expect(validateCard(reply)).toEqual({ valid: true, errors: [] });
    const button = (reply.actions as any[])[0];
    expect(button.data).toEqual({ msteams: { type: 'task/fetch' }, dialog: 'notice', customerId: '100001' });

    const t = await task('ownerA', 'task/fetch', button.data);
    expect(t.type).toBe('continue');
    expect(t.value.title).toBe('Uusi tiedote');
    const card = dialogCard(t);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const accounts = card.body.find((b: any) => b.id === 'noticeAccounts');
    // Olli omistaa vain Alfan: Betaa tai "kaikkia" ei tarjota.
    expect(accounts).toMatchObject({ style: 'filtered', isMultiSelect: true, value: '100001' });
    expect(accounts.choices).toEqual([{ title: 'Alfa Oy (100001)', value: '100001' }]);
  });

  async function lastIn(conversationId: string) {
    const all = bed.em.state().conversations.find((c: any) => c.id === conversationId)?.activities ?? [];
    return { activity: all.at(-1)?.activity };
  }

  it('virheet näytetään lomakkeessa suomeksi eikä mitään tallenneta tai lähetetä', async () => {
    const t = await task(
      'ownerA',
      'task/submit',
      form({
        noticeTitle: ' ',
        noticeAccounts: '100001,100002',
        noticeSendDate: '2026-11-24',
        noticeStartDate: '2026-11-25',
        noticeStartTime: '12:00',
        noticeEndDate: '2026-11-25',
        noticeEndTime: '10:00',
      }),
    );
    const card = dialogCard(t);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    expect(text).toContain('Tiedotetta ei lähetetty. Korjaa nämä:');
    expect(text).toContain('Anna otsikko');
    expect(text).toContain('Et voi lähettää tiedotetta asiakkuudelle 100002.');
    expect(text).toContain('Lähetä myöhemmin: anna sekä päivä että kellonaika.');
    expect(text).toContain('Katkon päättymisen pitää olla alkamisen jälkeen.');
    // What was typed stays in the form.
    expect(card.body.find((b: any) => b.id === 'noticeBody').value).toContain('Ilmoita asukkaille');
    expect(await bed.store.notices.listActive()).toHaveLength(0);
    expect(await bed.store.noticePlans.listPendingForAuthor(USERS.ownerA.id)).toHaveLength(0);
  });

  it('esikatselu näyttää kortin sellaisena kuin se postataan; takaisin muokkaamaan säilyttää arvot; lähetys postaa sen', async () => {
    const preview = await task(
      'ownerA',
      'task/submit',
      form({
        noticeAck: 'false',
        noticeDueDate: '2026-11-23',
        noticeDueTime: '16:00',
        noticeStartDate: '2026-11-23',
        noticeStartTime: '08:30',
        noticeEndDate: '2026-11-23',
        noticeEndTime: '12:00',
      }),
    );
    expect(preview.value.title).toBe('Tiedotteen esikatselu');
    const card = dialogCard(preview);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    expect(text).toContain('Vesikatko Pasilassa');
    expect(text).toContain('Ajankohta: 23.11.2026 klo 8.30 – 23.11.2026 klo 12.00');
    expect(text).toContain('Toimi viimeistään 23.11.2026 klo 16.00');
    expect(text).toContain('Kanavat (1): Alfa Oy');
    expect(text).toContain('- Ilmoita asukkaille');
    const [send, back] = card.actions as any[];
    expect(send.title).toBe('Lähetä');
    const planId = send.data.planId as string;

    const again = dialogCard(await task('ownerA', 'task/submit', back.data));
    expect(again.body.find((b: any) => b.id === 'noticeTitle').value).toBe('Vesikatko Pasilassa');
    expect(inputOf(again, 'noticeStartTime').value).toBe('08:30');
    expect(inputOf(again, 'noticeDueDate').value).toBe('2026-11-23');
    expect(again.body.find((b: any) => b.id === 'noticeAck').value).toBe('false');

    const done = await task('ownerA', 'task/submit', { dialog: 'notice', step: 'send', planId });
    expect(done).toEqual({ type: 'message', value: 'Tiedote lähtee 1 kanavalle.' });
    await settle();
    const posted = channelPosts(bed, bed.channels.A);
    expect(posted).toHaveLength(1);
    const c = cardOf(posted[0]!)!;
    expect(validateCard(c)).toEqual({ valid: true, errors: [] });
    // The channel gets what the preview showed.
    expect(c.body).toEqual((card.body[1] as any).items);
    expect(cardText(c)).toContain('Tiedoksi – kuittausta ei tarvita.');
    expect(JSON.stringify(c.actions ?? [])).not.toContain('"verb":"ack"');
    expect(c.msteams!.entities!.map((e) => e.mentioned.id).sort()).toEqual([USERS.sup1.id, USERS.sup2.id, USERS.rd.id].sort());
    // Sending the same draft twice sends nothing more.
    const twice = await task('ownerA', 'task/submit', { dialog: 'notice', step: 'send', planId });
    expect(twice.type).toBe('message');
    expect(twice.value).toMatch(/ei enää voi lähettää/);
  });

  it('ajastettu tiedote tallentuu, tekijä saa kortin, ja työ lähettää sen ajallaan; peruttu ei lähde', async () => {
    const before = channelPosts(bed, bed.channels.A).length;
    const schedule = async (title: string) => {
      const p = dialogCard(
        await task('ownerA', 'task/submit', form({ noticeTitle: title, noticeSendDate: '2026-11-24', noticeSendTime: '09:00' })),
      );
      expect(cardText(p)).toContain('Lähtee 24.11.2026 klo 9.00.');
      expect((p.actions as any[])[0].title).toBe('Ajasta');
      return task('ownerA', 'task/submit', { dialog: 'notice', step: 'send', planId: (p.actions as any[])[0].data.planId });
    };
    expect((await schedule('Huoltokatko huomenna')).value).toMatch(/ajastettu lähtemään 24\.11\.2026 klo 9\.00/);
    await schedule('Peruttava tiedote');
    await settle();
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(before);
    const authorCards = personalActivities(bed, 'ownerA').map((a) => cardOf(a)!);
    expect(authorCards).toHaveLength(2);
    for (const c of authorCards) expect(validateCard(c)).toEqual({ valid: true, errors: [] });
    const cancelCard = authorCards.find((c) => cardText(c).includes('Peruttava tiedote'))!;
    const cancel = (cancelCard.actions as any[])[0];
    expect(cancel.verb).toBe('cancelNoticePlan');
    const chat = personalActivities(bed, 'ownerA')[0]!.conversationId;

    // Only the author cancels.
    const refused = await execute('sup1', 'cancelNoticePlan', cancel.data, await personalChat(bed, 'sup1'));
    expect(cardText(refused)).toMatch(/Ei oikeutta|ei ole oikeutta/i);
    const cancelled = await execute('ownerA', 'cancelNoticePlan', cancel.data, chat);
    expect(cardText(cancelled)).toContain('Peruit tiedotteen');

    bed.clock.advance(24 * 3600_000); // 24.11. klo 8.00: not yet (the first test's disruption, 23.11. klo 8.30, has started)
    expect(await runNoticePlans(bed.app.messaging.deps)).toEqual({ sent: 0, reminders: 1 });
    bed.clock.advance(3600_000 + 1000);
    expect(await runNoticePlans(bed.app.messaging.deps)).toEqual({ sent: 1, reminders: 0 });
    expect(await runNoticePlans(bed.app.messaging.deps)).toEqual({ sent: 0, reminders: 0 });
    await settle();
    const titles = channelPosts(bed, bed.channels.A).map((a) => cardText(cardOf(a)));
    expect(titles.filter((t) => t.includes('Huoltokatko huomenna'))).toHaveLength(1);
    expect(titles.some((t) => t.includes('Peruttava tiedote'))).toBe(false);
  });

  it('toiset silmät: hyväksyjä valitaan esikatselussa, saa kortin, kirjoittaja ei voi hyväksyä itse; hyväksytty lähtee', async () => {
    const preview = dialogCard(await task('ownerA', 'task/submit', form({ noticeTitle: 'Uusi avainkäytäntö', noticeApproval: 'true' })));
    expect(validateCard(preview)).toEqual({ valid: true, errors: [] });
    const approver = preview.body.find((b: any) => b.id === 'noticeApprover');
    expect(approver.choices).toEqual([{ title: 'Reijo Regional', value: USERS.rd.id }]);
    const [send] = preview.actions as any[];
    expect(send.title).toBe('Lähetä hyväksyttäväksi');
    // Someone who is not a candidate is refused in the preview, in Finnish; nothing sent.
    const wrong = dialogCard(await task('ownerA', 'task/submit', { ...send.data, noticeApprover: USERS.sup1.id }));
    expect(cardText(wrong)).toContain('Valitse hyväksyjä.');
    const ok = await task('ownerA', 'task/submit', { ...send.data, noticeApprover: USERS.rd.id });
    expect(ok.value).toBe('Tiedote odottaa hyväksyntää: Reijo Regional. Kerromme, kun se on käsitelty.');
    await settle();
    const request = personalActivities(bed, 'rd')
      .map((a) => cardOf(a)!)
      .find((c) => cardText(c).includes('Uusi avainkäytäntö'))!;
    expect(validateCard(request)).toEqual({ valid: true, errors: [] });
    expect((request.actions as any[]).map((a) => a.verb)).toEqual(['approveNotice', 'rejectNotice']);
    const data = (request.actions as any[])[0].data;
    const posts = () => channelPosts(bed, bed.channels.A).filter((a) => cardText(cardOf(a)).includes('Uusi avainkäytäntö'));

    const self = await execute('ownerA', 'approveNotice', data, thread());
    expect(cardText(self)).toMatch(/Ei oikeutta|ei ole oikeutta/i);
    const other = await execute('sup2', 'approveNotice', data, thread());
    expect(cardText(other)).toMatch(/Ei oikeutta|ei ole oikeutta/i);
    await settle();
    expect(posts()).toHaveLength(0);

    const rdChat = personalActivities(bed, 'rd')[0]!.conversationId;
    const approved = await execute('rd', 'approveNotice', data, rdChat);
    expect(cardText(approved)).toMatch(/Hyväksyit tiedotteen/);
    expect(JSON.stringify(approved.actions ?? [])).not.toContain('approveNotice');
    await settle();
    expect(posts()).toHaveLength(1);
    expect(cardText(cardOf(posts()[0]!))).toContain('Toiset silmät: hyväksynyt Reijo Regional');
    expect(personalActivities(bed, 'ownerA').some((a) => /Uusi avainkäytäntö[\s\S]*Lähetetty/.test(cardText(cardOf(a))))).toBe(true);
    // A second click does not send it again.
    expect(cardText(await execute('rd', 'approveNotice', data, rdChat))).toMatch(/jo käsitelty/);
  });

  it('hylätty tiedote ei lähde ja kirjoittaja saa tiedon', async () => {
    const preview = dialogCard(await task('ownerA', 'task/submit', form({ noticeTitle: 'Hylättävä tiedote', noticeApproval: 'true' })));
    await task('ownerA', 'task/submit', { ...(preview.actions as any[])[0].data, noticeApprover: USERS.rd.id });
    await settle();
    const request = personalActivities(bed, 'rd')
      .map((a) => cardOf(a)!)
      .find((c) => cardText(c).includes('Hylättävä tiedote'))!;
    const rejected = await execute(
      'rd',
      'rejectNotice',
      (request.actions as any[])[1].data,
      personalActivities(bed, 'rd')[0]!.conversationId,
    );
    expect(cardText(rejected)).toMatch(/Hylkäsit tiedotteen/);
    await settle();
    expect(channelPosts(bed, bed.channels.A).some((a) => cardText(cardOf(a)).includes('Hylättävä tiedote'))).toBe(false);
    expect(personalActivities(bed, 'ownerA').some((a) => /Hylättävä tiedote[\s\S]*hylkäsi/.test(cardText(cardOf(a))))).toBe(true);
  });

  it('suunnitellun katkon alkaessa kanavalle tulee muistutus; peruttu tiedote päivittyy kaikkialle', async () => {
    const p = dialogCard(
      await task(
        'ownerA',
        'task/submit',
        form({
          noticeTitle: 'Sähkökatko',
          noticeStartDate: '2026-11-24',
          noticeStartTime: '12:00',
          noticeEndDate: '2026-11-24',
          noticeEndTime: '14:00',
        }),
      ),
    );
    await task('ownerA', 'task/submit', (p.actions as any[])[0].data);
    await settle();
    const notice = (await bed.store.notices.listActive()).find((n) => n.title === 'Sähkökatko')!;
    expect(await runNoticePlans(bed.app.messaging.deps)).toEqual({ sent: 0, reminders: 0 });
    bed.clock.advance(3 * 3600_000); // 24.11. klo 12.00 (Helsinki) has passed
    expect(await runNoticePlans(bed.app.messaging.deps)).toEqual({ sent: 0, reminders: 1 });
    expect(await runNoticePlans(bed.app.messaging.deps)).toEqual({ sent: 0, reminders: 0 });
    await settle();
    const reminder = channelPosts(bed, bed.channels.A).filter((a) => /MUISTUTUS: ALKAA NYT[\s\S]*Sähkökatko/.test(cardText(cardOf(a))));
    expect(reminder).toHaveLength(1);
    expect(validateCard(cardOf(reminder[0]!)!)).toEqual({ valid: true, errors: [] });
    expect(cardText(cardOf(reminder[0]!))).toContain('Ajankohta: 24.11.2026 klo 12.00 – 24.11.2026 klo 14.00');

    // Withdraw from the author's own card: the posted copy becomes the withdrawn card.
    const ref = (await bed.store.messageRefs.listFor('notice', notice.id))[0]!;
    const author = await execute('ownerA', 'refresh', { noticeId: notice.id }, ref.conversationId);
    expect(JSON.stringify(author.actions)).toContain('withdrawNotice');
    await execute('ownerA', 'withdrawNotice', { noticeId: notice.id }, ref.conversationId);
    await settle();
    const copy = channelPosts(bed, bed.channels.A).find((a) => a.id === ref.activityId)!;
    expect(copy.updated).toBe(true);
    expect(cardText(cardOf(copy))).toMatch(/perui tämän tiedotteen/);
  });

  it('a scheduled notice lives in the database: another instance (as after a restart) sends it', async () => {
    const at = instantToZoned(new Date(bed.clock.now().getTime() + 2 * 3600_000), 'Europe/Helsinki');
    const p = dialogCard(
      await task(
        'ownerA',
        'task/submit',
        form({ noticeTitle: 'Uudelleenkäynnistyksen yli', noticeSendDate: at.date, noticeSendTime: at.time }),
      ),
    );
    await task('ownerA', 'task/submit', (p.actions as any[])[0].data);
    const second = await startApp(loadConfig(bed.env), {
      logger: silentLogger,
      clock: bed.clock,
      messaging: { groupMembers: { [DIRECTOR_GROUP]: [USERS.director.id], [ADMIN_GROUP]: [USERS.admin.id] } },
    });
    try {
      bed.clock.advance(2 * 3600_000 + 1000);
      expect((await runNoticePlans(second.messaging.deps)).sent).toBe(1);
      await second.messaging.deliver();
    } finally {
      await second.close(2000);
    }
    // The first instance shares the outbox and may have claimed the post itself: let it finish too.
    await settle();
    expect(channelPosts(bed, bed.channels.A).filter((a) => cardText(cardOf(a)).includes('Uudelleenkäynnistyksen yli'))).toHaveLength(1);
  });

  it('someone who owns no account gets the refusal in the dialog; a director gets every account in English', async () => {
    const refused = dialogCard(await task('sup1', 'task/fetch', { dialog: 'notice' }, await personalChat(bed, 'sup1')));
    expect(cardText(refused)).toMatch(/omistajat ja johtajat/);
    const chat = await personalChat(bed, 'director');
    const r = await sendActivity(bed, { from: 'director', conversationId: chat, text: 'notice', locale: 'en-GB' });
    expect(r.status).toBe(200);
    const t = await task('director', 'task/fetch', { dialog: 'notice', customerId: '' }, chat, 'en-GB');
    expect(t.value.title).toBe('New notice');
    const card = dialogCard(t);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.body.find((b: any) => b.id === 'noticeAccounts').choices.map((c: any) => c.value)).toEqual(['*', '100001', '100002']);
    const bad = dialogCard(
      await task('director', 'task/submit', form({ noticeBody: '', noticeAccounts: '*', noticeAudience: 'everyone' }), chat, 'en-GB'),
    );
    expect(cardText(bad)).toContain('Write the text (at most 4000 characters).');
    expect(cardText(bad)).toContain('Choose whom to mention.');
  });
});
