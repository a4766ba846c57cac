import { validateCard } from '../../src/cards/validate-card';
import {
  startBed,
  USERS,
  sendActivity,
  personalChat,
  personalActivities,
  cardOf,
  cardText,
  botActivities,
  type Bed,
} from '../messaging/fixture';

describe('bot commands (fi + en) through /api/messages', () => {
  let bed: Bed;
  const syncCalls: Array<{ requestedBy: string; approveRunId?: string }> = [];
  beforeAll(async () => {
    bed = await startBed({
      app: {
        messaging: {
          runSync: async (req) => {
            syncCalls.push(req);
            return {
              status: 'done',
              exitCode: 0,
              text: `Sync done (${req.approveRunId ? `run ${req.approveRunId} approved` : 'normal'}).`,
            };
          },
        },
      },
    });
  });
  afterAll(async () => {
    await bed.close();
  });

  const lastCard = (who: Parameters<typeof personalActivities>[1]) => {
    const all = personalActivities(bed, who);
    return cardOf(all[all.length - 1]!)!;
  };

  it('answers ohje with the Finnish help card and help with the English one; sync is listed only for admins', async () => {
    const chat = await personalChat(bed, 'sup1');
    await sendActivity(bed, { from: 'sup1', conversationId: chat, text: 'ohje', locale: 'fi-FI' });
    const fi = lastCard('sup1');
    expect(validateCard(fi)).toEqual({ valid: true, errors: [] });
    expect(cardText(fi)).toContain('tiedote');
    expect(cardText(fi)).not.toContain('synkronoi');
    await sendActivity(bed, { from: 'sup1', conversationId: chat, text: 'help', locale: 'en-US' });
    expect(cardText(lastCard('sup1'))).toContain('feedback');

    const adminChat = await personalChat(bed, 'admin');
    await sendActivity(bed, { from: 'admin', conversationId: adminChat, text: 'help' });
    expect(cardText(lastCard('admin'))).toContain('sync');
  });

  it('miksi tells a member why they have access; jäsenet lists the channel members with reasons', async () => {
    await sendActivity(bed, {
      from: 'sup1',
      conversationId: `${bed.channels.A};messageid=q1`,
      channelId: bed.channels.A,
      text: '<at>Account Channels</at> miksi',
      locale: 'fi-FI',
    });
    const inThread = botActivities(bed).filter((a) => a.conversationId === `${bed.channels.A};messageid=q1`);
    const why = cardOf(inThread[inThread.length - 1]!)!;
    expect(validateCard(why)).toEqual({ valid: true, errors: [] });
    expect(cardText(why)).toMatch(/Alfa Oy/);
    expect(cardText(why)).toMatch(/5001/);

    await sendActivity(bed, { from: 'sup1', conversationId: `${bed.channels.A};messageid=q1`, channelId: bed.channels.A, text: 'jäsenet' });
    const thread = botActivities(bed).filter((a) => a.conversationId === `${bed.channels.A};messageid=q1`);
    const members = cardText(cardOf(thread[thread.length - 1]!));
    for (const n of ['Olli Owner', 'Sanna Supervisor', 'Simo Supervisor', 'Reijo Regional']) expect(members).toContain(n);
    expect(members).not.toContain('Seija');

    // Someone outside account B may not list its members.
    const chat = await personalChat(bed, 'sup1');
    await sendActivity(bed, { from: 'sup1', conversationId: chat, text: 'members 100002' });
    expect(cardText(lastCard('sup1'))).toMatch(/members only/i);
  });

  it('palaute stores feedback and delivers it to the account owner', async () => {
    await sendActivity(bed, {
      from: 'sup2',
      conversationId: `${bed.channels.A};messageid=q2`,
      channelId: bed.channels.A,
      text: 'palaute The new schedule works well',
      locale: 'fi-FI',
    });
    expect((await bed.store.feedback.listForAccount('100001')).map((f) => f.text)).toEqual(['The new schedule works well']);
    await bed.app.messaging.idle();
    const owner = personalActivities(bed, 'ownerA');
    expect(owner).toHaveLength(1);
    expect(cardText(cardOf(owner[0]!))).toContain('The new schedule works well');
    expect(cardText(cardOf(owner[0]!))).toContain('Simo Supervisor');
  });

  it('synkronoi runs the injected sync for admins only and refuses others', async () => {
    const chat = await personalChat(bed, 'ownerA');
    await sendActivity(bed, { from: 'ownerA', conversationId: chat, text: 'synkronoi', locale: 'fi-FI' });
    expect(syncCalls).toHaveLength(0);
    expect(cardText(lastCard('ownerA'))).toMatch(/ylläpitäjät/);

    const adminChat = await personalChat(bed, 'admin');
    await sendActivity(bed, { from: 'admin', conversationId: adminChat, text: 'sync' });
    expect(syncCalls).toEqual([{ requestedBy: USERS.admin.id }]);
    expect(personalActivities(bed, 'admin').pop()!.activity.text).toContain('Sync done');
  });

  it('approveRemovals approves that held run by its id, for the owner the card was sent to, not for others', async () => {
    const run = await bed.store.syncRuns.start({ trigger: 'test' });
    await bed.store.outbox.enqueue({
      idempotencyKey: `approval:${run.id}:100001:${USERS.ownerA.id}`,
      kind: 'removal-approval',
      customerId: '100001',
      target: { userId: USERS.ownerA.id },
      payload: { runId: run.id, customerId: '100001', reasons: [], removals: [{ email: USERS.sup2.email }] },
    });
    const approve = (from: 'ownerA' | 'sup1') =>
      sendActivity(bed, {
        from,
        type: 'invoke',
        name: 'adaptiveCard/action',
        conversationId: 'a:whatever',
        value: { action: { type: 'Action.Execute', verb: 'approveRemovals', data: { runId: run.id } } },
      });
    const refused = await approve('sup1');
    expect(refused.body.value).toMatch(/not allowed/i);
    expect(syncCalls.filter((c) => c.approveRunId)).toHaveLength(0);
    const ok = await approve('ownerA');
    expect(ok.status).toBe(200);
    expect(ok.body.value).toContain(`run ${run.id} approved`);
    expect(syncCalls.filter((c) => c.approveRunId)).toEqual([{ requestedBy: USERS.ownerA.id, approveRunId: run.id }]);
  });

  it('stores the conversation reference when the app is installed in the team', async () => {
    await sendActivity(bed, {
      from: 'admin',
      type: 'conversationUpdate',
      conversationId: bed.em.teamId,
      channelId: bed.em.teamId,
      extra: {
        membersAdded: [{ id: '28:local-bot-id' }],
        channelData: { tenant: { id: bed.em.tenantId }, team: { id: bed.em.teamId }, eventType: 'teamMemberAdded' },
      },
    });
    const ref = await bed.store.conversationRefs.findTeam(bed.em.teamId);
    expect(ref?.serviceUrl).toBe(bed.em.botServiceUrl);
  });
});
