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
  const syncCalls: Array<{ requestedBy: string; approveRunId?: string; approveCustomerId?: string }> = [];
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

  it("approveRemovals approves the card's account of that held run, for that account's owner only", async () => {
    const run = await bed.store.syncRuns.start({ trigger: 'test' });
    for (const [customerId, owner] of [
      ['100001', USERS.ownerA],
      ['100002', USERS.ownerB],
    ] as const)
      await bed.store.outbox.enqueue({
        idempotencyKey: `approval:${run.id}:${customerId}:${owner.id}`,
        kind: 'removal-approval',
        customerId,
        target: { userId: owner.id },
        payload: { runId: run.id, customerId, reasons: [], removals: [{ email: USERS.sup2.email }] },
      });
    const approve = (from: 'ownerA' | 'ownerB' | 'sup1', data: Record<string, string>) =>
      sendActivity(bed, {
        from,
        type: 'invoke',
        name: 'adaptiveCard/action',
        conversationId: 'a:whatever',
        value: { action: { type: 'Action.Execute', verb: 'approveRemovals', data: { runId: run.id, ...data } } },
      });
    const approvals = () => syncCalls.filter((c) => c.approveRunId);
    expect((await approve('sup1', { customerId: '100001' })).body.value).toMatch(/not allowed/i);
    // B's owner cannot approve A's held changes, not even by editing the card's data.
    expect((await approve('ownerB', { customerId: '100001' })).body.value).toMatch(/not allowed/i);
    expect(approvals()).toHaveLength(0);
    const ok = await approve('ownerA', { customerId: '100001' });
    expect(ok.status).toBe(200);
    expect(ok.body.value).toContain(`run ${run.id} approved`);
    // A card sent before approvals were per account: the owner's own account.
    await approve('ownerB', {});
    expect(approvals()).toEqual([
      { requestedBy: USERS.ownerA.id, approveRunId: run.id, approveCustomerId: '100001' },
      { requestedBy: USERS.ownerB.id, approveRunId: run.id, approveCustomerId: '100002' },
    ]);
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
