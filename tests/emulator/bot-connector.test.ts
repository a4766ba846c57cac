import type { RunningEmulator } from '../../emulator';
import { bindUser, emulatorAppToken, emulatorRequest, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

describe('emulated Bot Connector', () => {
  let em: RunningEmulator;
  let botToken: string;
  let g: ReturnType<typeof graphCaller>;
  let privateChannelId: string;
  const bot = (method: string, p: string, body?: unknown, token = botToken) =>
    emulatorRequest(em, { method, path: `/botconnector${p}`, token, body });
  const conv = (id: string) => `/v3/conversations/${encodeURIComponent(id)}`;

  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false });
    botToken = await emulatorAppToken(em, 'bot');
    const graphToken = await emulatorAppToken(em);
    g = graphCaller(em, graphToken);
    await g('POST', `${teamPath(em.teamId)}/members/add`, {
      values: ['henna.lahtinen@yritysx.example', 'anu.laaksonen@yritysx.example'].map((u) => ({
        roles: [],
        'user@odata.bind': bindUser(u),
      })),
    });
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: 'Etelä Koulut Oyj',
      membershipType: 'private',
      members: [
        { roles: ['owner'], 'user@odata.bind': bindUser('palvelutili@yritysx.example') },
        { roles: [], 'user@odata.bind': bindUser('henna.lahtinen@yritysx.example') },
      ],
    });
    privateChannelId = c.body.id;
    // A private channel takes the bot only once its app is added there (tests/emulator/channel-apps.test.ts).
    await g('POST', `${teamPath(em.teamId)}/installedApps`, {
      'teamsApp@odata.bind': 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/local-teams-app-id',
    });
    const enabled = await emulatorRequest(em, {
      method: 'POST',
      path: `/beta${teamPath(em.teamId)}/channels/${encodeURIComponent(privateChannelId)}/enabledApps/$ref`,
      token: graphToken,
      body: { '@odata.id': 'https://graph.microsoft.com/beta/appCatalogs/teamsApps/local-teams-app-id' },
    });
    expect(enabled.status).toBe(204);
  });
  afterAll(() => em.close());

  it('requires a Bot Connector token (a Graph token is not one)', async () => {
    expect((await bot('GET', `${conv(privateChannelId)}/members`, undefined, '')).status).toBe(401);
    const graphToken = await emulatorAppToken(em, 'graph');
    expect((await bot('GET', `${conv(privateChannelId)}/members`, undefined, graphToken)).status).toBe(401);
  });

  it('starts a thread in a channel, replies, updates and deletes, storing cards and mentions', async () => {
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hei <at>Henna Lahtinen</at>' }] },
    };
    const entities = [{ type: 'mention', text: '<at>Henna Lahtinen</at>', mentioned: { id: 'someone', name: 'Henna Lahtinen' } }];
    const created = await bot('POST', '/v3/conversations', {
      isGroup: true,
      channelData: { channel: { id: privateChannelId }, tenant: { id: em.tenantId } },
      activity: { type: 'message', attachments: [card], entities },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(`${privateChannelId};messageid=${created.body.activityId}`);

    const reply = await bot('POST', `${conv(created.body.id)}/activities/${created.body.activityId}`, {
      type: 'message',
      text: 'vastaus',
      replyToId: created.body.activityId,
    });
    expect(reply.status).toBe(201);
    const updated = await bot('PUT', `${conv(created.body.id)}/activities/${created.body.activityId}`, {
      type: 'message',
      text: 'päivitetty',
    });
    expect(updated.status).toBe(200);
    expect((await bot('DELETE', `${conv(created.body.id)}/activities/${reply.body.id}`)).status).toBe(200);
    expect((await bot('PUT', `${conv(created.body.id)}/activities/nope`, { type: 'message' })).status).toBe(404);

    const s = em.state();
    const root = s.conversations.find((c) => c.id === privateChannelId)!.activities[0]!;
    expect(root.updatedAt).toBeDefined();
    expect(root.activity.text).toBe('päivitetty');
    expect(root.history[0]!.attachments).toEqual([card]);
    expect(root.history[0]!.entities).toEqual(entities);
    const thread = s.conversations.find((c) => c.id === created.body.id)!;
    expect(thread.activities[0]).toMatchObject({ replyToId: created.body.activityId, deleted: true });
  });

  it('lists the roster: channel members for a private channel, team members for a standard one', async () => {
    const r = await bot('GET', `${conv(privateChannelId)}/members`);
    expect(r.status).toBe(200);
    expect(r.body.map((m: any) => m.email).sort()).toEqual(['henna.lahtinen@yritysx.example', 'palvelutili@yritysx.example']);
    expect(r.body[0].id).toMatch(/^29:/);
    expect(r.body[0].aadObjectId).toMatch(/^[0-9a-f-]{36}$/);
    const general = await bot('GET', `${conv(em.teamId)}/members`);
    expect(general.body).toHaveLength(3);
  });

  it('opens a personal chat with one member and posts to it', async () => {
    const henna = em.state().users.find((u) => u.mail === 'henna.lahtinen@yritysx.example')!;
    const r = await bot('POST', '/v3/conversations', {
      isGroup: false,
      members: [{ id: henna.id }],
      tenantId: em.tenantId,
      activity: { type: 'message', text: 'moi' },
    });
    expect(r.status).toBe(201);
    expect(r.body.id).toMatch(/^a:/);
    const again = await bot('POST', '/v3/conversations', { isGroup: false, members: [{ id: henna.id }], tenantId: em.tenantId });
    expect(again.body.id).toBe(r.body.id);
    expect((await bot('POST', `${conv(r.body.id)}/activities`, { type: 'message', text: 'toinen' })).status).toBe(201);
    const chat = em.state().conversations.find((c) => c.id === r.body.id)!;
    expect(chat.userId).toBe(henna.id);
    expect(chat.activities.map((a) => a.activity.text)).toEqual(['moi', 'toinen']);
    expect((await bot('POST', '/v3/conversations', { isGroup: false, members: [{ id: 'nobody@yritysx.example' }] })).status).toBe(404);
  });

  it('refuses messages over 28 KB and posts to deleted channels', async () => {
    const big = await bot('POST', `${conv(privateChannelId)}/activities`, { type: 'message', text: 'x'.repeat(29 * 1024) });
    expect(big.status).toBe(413);
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Poistuva' });
    await g('DELETE', `${teamPath(em.teamId)}/channels/${encodeURIComponent(c.body.id)}`);
    const gone = await bot('POST', `${conv(c.body.id)}/activities`, { type: 'message', text: 'hei' });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('ConversationNotFound');
  });
});
