import { validateCard } from '../../src/cards/validate-card';
import { editNotice, sendNoticeReminders } from '../../src/messaging/notices';
import {
  startBed,
  engines,
  USERS,
  sendActivity,
  personalChat,
  channelPosts,
  personalActivities,
  cardOf,
  cardText,
  botActivities,
  type Bed,
} from '../messaging/fixture';

const card = (r: { body: any }) => r.body?.value;

describe.each(engines)('urgent notices end to end (activities posted to /api/messages) on %s', (engine) => {
  let bed: Bed;
  let threadA: string;
  let noticeId: string;
  beforeAll(async () => {
    bed = await startBed({ engine });
    // Escalation goes to the pending person's own regional director from billing: Reijo for both sites.
    await bed.store.sites.replaceForAccount('100001', [
      {
        siteId: '5001',
        name: 'Alfa Pasila',
        supervisorEmail: USERS.sup1.email,
        roleEmails: { supervisor: USERS.sup1.email, regional_director: USERS.rd.email },
      },
      {
        siteId: '5002',
        name: 'Alfa Kallio',
        supervisorEmail: USERS.sup2.email,
        roleEmails: { supervisor: USERS.sup2.email, regional_director: USERS.rd.email },
      },
    ]);
  });
  afterAll(async () => {
    await bed.close();
  });

  it('refuses someone who is neither an owner nor a director, politely, and stores nothing', async () => {
    const chat = await personalChat(bed, 'outsider');
    const r = await sendActivity(bed, { from: 'outsider', conversationId: chat, text: 'notice 100001 Leak | Check the basement' });
    expect(r.status).toBe(200);
    await bed.app.messaging.idle();
    const replies = personalActivities(bed, 'outsider');
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf(replies[0]!))).toMatch(/not allowed|owners and directors/i);
    expect(await bed.store.notices.listActive()).toHaveLength(0);
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(0);
  });

  it("posts an owner's notice as a new thread in the account channel, @mentioning its supervisors", async () => {
    const r = await sendActivity(bed, {
      from: 'ownerA',
      conversationId: `${bed.channels.A};messageid=cmd1`,
      channelId: bed.channels.A,
      text: '<at>Account Channels</at> notice Water leak | Please check the basements today.',
    });
    expect(r.status).toBe(200);
    await bed.app.messaging.idle();
    const posts = channelPosts(bed, bed.channels.A);
    expect(posts).toHaveLength(1);
    const c = cardOf(posts[0]!)!;
    expect(validateCard(c)).toEqual({ valid: true, errors: [] });
    expect(cardText(c)).toContain('Water leak');
    const mentioned = c.msteams!.entities!.map((e) => e.mentioned.id).sort();
    expect(mentioned).toEqual([USERS.sup1.id, USERS.sup2.id].sort());
    expect(JSON.stringify(c.actions)).toContain('"verb":"ack"');
    expect(channelPosts(bed, bed.channels.B)).toHaveLength(0);
    threadA = `${bed.channels.A};messageid=${posts[0]!.id}`;
    noticeId = (await bed.store.notices.listActive())[0]!.id;
  });

  it('records an Acknowledge press and refreshes the card per user; the author sees who is pending', async () => {
    const rootId = threadA.split('=')[1]!;
    const invoke = (from: 'sup1' | 'sup2' | 'ownerA', verb: string) =>
      sendActivity(bed, {
        from,
        type: 'invoke',
        name: 'adaptiveCard/action',
        conversationId: threadA,
        channelId: bed.channels.A,
        replyToId: rootId,
        value: { action: { type: 'Action.Execute', verb, data: { noticeId } } },
      });

    const acked = await invoke('sup1', 'ack');
    expect(acked.status).toBe(200);
    expect(acked.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(validateCard(card(acked))).toEqual({ valid: true, errors: [] });
    expect(cardText(card(acked))).toMatch(/acknowledged/i);
    expect(JSON.stringify(card(acked).actions ?? [])).not.toContain('"verb":"ack"');
    expect((await bed.store.acknowledgements.get(noticeId, USERS.sup1.id))?.kind).toBe('ack');

    const other = await invoke('sup2', 'refresh');
    expect(JSON.stringify(card(other).actions)).toContain('"verb":"ack"');

    const author = await invoke('ownerA', 'refresh');
    const text = cardText(card(author));
    expect(text).toContain('1/2');
    expect(text).toMatch(/Simo Supervisor/);
    expect(JSON.stringify(card(author).actions)).toContain('withdrawNotice');
  });

  it('counts a quick reply in the thread as a receipt', async () => {
    await sendActivity(bed, {
      from: 'sup2',
      conversationId: threadA,
      channelId: bed.channels.A,
      text: '<at>Account Channels</at> looking into it',
    });
    expect((await bed.store.acknowledgements.get(noticeId, USERS.sup2.id))?.kind).toBe('looking');
  });

  it('reminds those who have not acknowledged, then escalates to their regional director', async () => {
    bed.clock.advance(5 * 3600_000);
    expect(await sendNoticeReminders(bed.app.messaging.deps)).toEqual({ reminders: 1, escalations: 0 });
    await bed.app.messaging.deliver();
    const reminder = personalActivities(bed, 'sup2');
    expect(reminder).toHaveLength(1);
    expect(cardText(cardOf(reminder[0]!))).toContain('Water leak');
    expect(personalActivities(bed, 'sup1')).toHaveLength(0);

    bed.clock.advance(24 * 3600_000);
    expect(await sendNoticeReminders(bed.app.messaging.deps)).toEqual({ reminders: 0, escalations: 1 });
    await bed.app.messaging.deliver();
    const esc = personalActivities(bed, 'rd');
    expect(esc).toHaveLength(1);
    expect(cardText(cardOf(esc[0]!))).toContain('Simo Supervisor');
    expect(cardText(cardOf(esc[0]!))).not.toContain('Sanna Supervisor');
  });

  it("a director's notice to every account reaches each channel; an edit updates every copy", async () => {
    const chat = await personalChat(bed, 'director');
    await sendActivity(bed, { from: 'director', conversationId: chat, text: 'notice all Storm warning | Secure outdoor equipment.' });
    await bed.app.messaging.idle();
    const storm = botActivities(bed).filter((a) => cardText(cardOf(a)).includes('Storm warning'));
    expect(storm.map((a) => a.conversationId).sort()).toEqual([bed.channels.A, bed.channels.B].sort());
    const b = storm.find((a) => a.conversationId === bed.channels.B)!;
    expect(cardOf(b)!.msteams!.entities!.map((e) => e.mentioned.id)).toEqual([USERS.sup3.id]);

    const stormId = (await bed.store.notices.listActive()).find((n) => n.title === 'Storm warning')!.id;
    expect(
      await editNotice(
        bed.app.messaging.deps,
        stormId,
        { id: USERS.director.id, name: 'Dora Director' },
        { body: 'Secure outdoor equipment and close the windows.' },
      ),
    ).toBe(2);
    await bed.app.messaging.deliver();
    const after = botActivities(bed).filter((a) => storm.some((s) => s.id === a.id));
    expect(after.every((a) => a.updated && cardText(cardOf(a)).includes('close the windows'))).toBe(true);
  });

  it('withdraw by someone else is refused; by the author it turns every copy into the withdrawn card', async () => {
    const stormId = (await bed.store.notices.listActive()).find((n) => n.title === 'Storm warning')!.id;
    const ref = (await bed.store.messageRefs.listFor('notice', stormId))[0]!;
    const withdraw = (from: 'sup1' | 'director') =>
      sendActivity(bed, {
        from,
        type: 'invoke',
        name: 'adaptiveCard/action',
        conversationId: ref.conversationId,
        channelId: ref.conversationId.split(';')[0],
        replyToId: ref.activityId,
        value: { action: { type: 'Action.Execute', verb: 'withdrawNotice', data: { noticeId: stormId } } },
      });

    const refused = await withdraw('sup1');
    expect(cardText(card(refused))).toMatch(/not allowed/i);
    expect((await bed.store.notices.get(stormId))?.state).toBe('active');

    const ok = await withdraw('director');
    expect(ok.status).toBe(200);
    await bed.app.messaging.idle();
    await bed.app.messaging.deliver();
    const copies = botActivities(bed).filter((a) => cardText(cardOf(a)).includes('Storm warning'));
    expect(copies).toHaveLength(2);
    expect(copies.every((a) => a.updated && !a.deleted && /withdrew this notice/.test(cardText(cardOf(a))))).toBe(true);
    expect(copies.every((a) => !JSON.stringify(cardOf(a)).includes('"verb":"ack"'))).toBe(true);
  });
});
