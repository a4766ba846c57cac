import type { RunningEmulator } from '../../emulator';
import { bindUser, channelPath, emulatorAppToken, emulatorRequest, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

// Apps in private and shared channels (Teams "Build apps for shared and private channels"; graph
// "channel-post-enabledapps"): installed in the team is not enough, the app is added per channel.
const APP = 'local-teams-app-id'; // the app whose manifest holds the bot 'local-bot-id'
const owner = 'palvelutili@yritysx.example';
const member = (upn: string, roles: string[] = []) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  roles,
  'user@odata.bind': bindUser(upn),
});
const appRef = (version: string) => ({ '@odata.id': `https://graph.microsoft.com/${version}/appCatalogs/teamsApps/${APP}` });
const tabBody = (contentUrl = 'https://app.example.fi/tabs/toc.html') => ({
  displayName: 'Sisällysluettelo',
  'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${APP}`,
  configuration: { entityId: 'toc:1', contentUrl, websiteUrl: contentUrl, removeUrl: contentUrl },
});

describe('emulated Teams: apps must be enabled in each private/shared channel', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  let graphToken: string;
  let botToken: string;
  let seq = 0;
  const beta = (method: string, p: string, body?: unknown) => emulatorRequest(em, { method, path: `/beta${p}`, token: graphToken, body });
  const bot = (method: string, p: string, body?: unknown) =>
    emulatorRequest(em, { method, path: `/botconnector${p}`, token: botToken, body });
  const conv = (id: string) => `/v3/conversations/${encodeURIComponent(id)}`;
  const enabledAppsRef = (channelId: string) => `${channelPath(em.teamId, channelId)}/enabledApps/$ref`;
  const newPrivate = async (name = `Yksityinen ${++seq}`) => {
    const r = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: name,
      membershipType: 'private',
      members: [member(owner, ['owner'])],
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const postThread = (channelId: string) =>
    bot('POST', '/v3/conversations', {
      isGroup: true,
      channelData: { channel: { id: channelId }, tenant: { id: em.tenantId } },
      activity: { type: 'message', text: 'Tervetuloa' },
    });

  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false });
    graphToken = await emulatorAppToken(em, 'graph');
    botToken = await emulatorAppToken(em, 'bot');
    g = graphCaller(em, graphToken);
    expect(
      (
        await g('POST', `${teamPath(em.teamId)}/installedApps`, {
          'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${APP}`,
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => em.close());

  it('refuses the bot (post, reply, roster) and tabs in a private channel where the app is only installed in the team', async () => {
    const channelId = await newPrivate();
    // Teams "Send and receive messages", status codes: 403 BotNotInConversationRoster.
    const post = await postThread(channelId);
    expect(post.status).toBe(403);
    expect(post.body).toEqual({
      error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
    });
    expect((await bot('POST', `${conv(channelId)}/activities`, { type: 'message', text: 'hei' })).status).toBe(403);
    expect((await bot('GET', `${conv(channelId)}/members`)).body.error.code).toBe('BotNotInConversationRoster');
    // Graph's answer for a tab of an app not usable in the channel (msteams-docs issue 2565).
    const tab = await g('POST', `${channelPath(em.teamId, channelId)}/tabs`, tabBody());
    expect(tab.status).toBe(400);
    expect(tab.body.error.code).toBe('BadRequest');
    expect(tab.body.error.message).toBe(
      `App id ${APP} needs to be installed to the team ${em.teamId}:${channelId} and be in an unblocked state to install/update a tab`,
    );
    expect(tab.body.error.innerError['request-id']).toBeTruthy();
    expect(em.state().conversations.flatMap((c) => c.activities)).toHaveLength(0);
  });

  it('enables a private channel only through beta (v1.0: shared only), then the bot and tabs work', async () => {
    const channelId = await newPrivate();
    const v1 = await g('POST', enabledAppsRef(channelId), appRef('v1.0'));
    expect(v1.status).toBe(400);
    expect(v1.body.error.message).toMatch(/private channel in v1\.0/);
    expect((await beta('POST', enabledAppsRef(channelId), appRef('beta'))).status).toBe(204);
    expect((await beta('POST', enabledAppsRef(channelId), appRef('beta'))).status).toBe(409);
    expect((await beta('GET', `${channelPath(em.teamId, channelId)}/enabledApps`)).body.value.map((a: { id: string }) => a.id)).toEqual([
      APP,
    ]);
    expect((await postThread(channelId)).status).toBe(201);
    expect((await g('POST', `${channelPath(em.teamId, channelId)}/tabs`, tabBody())).status).toBe(201);
  });

  it('refuses a card refresh (activity update) once the app is taken out of the channel', async () => {
    const channelId = await newPrivate();
    await beta('POST', enabledAppsRef(channelId), appRef('beta'));
    const thread = await postThread(channelId);
    expect(thread.status).toBe(201);
    expect((await beta('DELETE', `${channelPath(em.teamId, channelId)}/enabledApps/${APP}/$ref`)).status).toBe(204);
    const refresh = await bot('PUT', `${conv(thread.body.id)}/activities/${thread.body.activityId}`, {
      type: 'message',
      text: 'päivitetty',
    });
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.code).toBe('BotNotInConversationRoster');
  });

  it('enables shared channels through v1.0, refuses standard channels and apps not installed in the team', async () => {
    const created = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: 'Jaettu 1',
      membershipType: 'shared',
      members: [member(owner, ['owner'])],
    });
    expect(created.status).toBe(202);
    const shared = em.state().teams[0]!.channels.find((c) => c.displayName === 'Jaettu 1')!.id;
    expect((await postThread(shared)).status).toBe(403);
    expect((await g('POST', enabledAppsRef(shared), appRef('v1.0'))).status).toBe(204);
    expect((await postThread(shared)).status).toBe(201);
    const other = await beta('POST', enabledAppsRef(await newPrivate()), {
      '@odata.id': 'https://graph.microsoft.com/beta/appCatalogs/teamsApps/not-installed',
    });
    expect(other.status).toBe(404);
    expect((await beta('POST', enabledAppsRef(em.teamId), appRef('beta'))).status).toBe(400); // General is standard
    // Standard channels use the team's apps.
    expect((await postThread(em.teamId)).status).toBe(201);
  });

  it('with channelAppEnablement off behaves like before (for tests of other things)', async () => {
    const channelId = await newPrivate();
    em.setRules({ channelAppEnablement: false });
    try {
      expect((await postThread(channelId)).status).toBe(201);
    } finally {
      em.setRules({ channelAppEnablement: true });
    }
  });

  it('privateChannelAppsBlocked: a tenant without apps in private channels refuses the enable', async () => {
    const channelId = await newPrivate();
    em.setRules({ privateChannelAppsBlocked: true });
    try {
      const r = await beta('POST', enabledAppsRef(channelId), appRef('beta'));
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('Forbidden');
    } finally {
      em.setRules({ privateChannelAppsBlocked: false });
    }
  });

  it('httpsTabContentUrl: a configurable tab needs an https contentUrl', async () => {
    const channelId = await newPrivate();
    await beta('POST', enabledAppsRef(channelId), appRef('beta'));
    em.setRules({ httpsTabContentUrl: true });
    try {
      const http = await g('POST', `${channelPath(em.teamId, channelId)}/tabs`, tabBody('http://localhost:3978/tabs/toc.html'));
      expect(http.status).toBe(400);
      expect(http.body.error.message).toMatch(/contentUrl must be an absolute https URL/);
      expect((await g('POST', `${channelPath(em.teamId, channelId)}/tabs`, tabBody())).status).toBe(201);
    } finally {
      em.setRules({ httpsTabContentUrl: false });
    }
  });
});

describe('emulated Teams: legacy private-channel limits (30 per team, 250 members) behind a flag', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false, rules: { legacyPrivateChannelLimits: true } });
    g = graphCaller(em, await emulatorAppToken(em));
  });
  afterAll(() => em.close());

  it('refuses the 31st private channel with 403 (standard channels still fit)', async () => {
    for (let i = 1; i <= 30; i++) {
      const r = await g('POST', `${teamPath(em.teamId)}/channels`, {
        displayName: `P${i}`,
        membershipType: 'private',
        members: [member(owner, ['owner'])],
      });
      expect(r.status).toBe(201);
    }
    const over = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: 'P31',
      membershipType: 'private',
      members: [member(owner, ['owner'])],
    });
    expect(over.status).toBe(403);
    expect(over.body.error.message).toMatch(/max allowed private channels \(30/);
    expect((await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Standard' })).status).toBe(201);
  });

  it('refuses the 251st member of a private channel', async () => {
    const users = Array.from({ length: 251 }, (_, i) => `legacy${i}@yritysx.example`);
    for (const u of users) em.addUser({ email: u, displayName: u });
    for (let i = 0; i < users.length; i += 200) {
      await g('POST', `${teamPath(em.teamId)}/members/add`, { values: users.slice(i, i + 200).map((u) => member(u)) });
    }
    em.setRules({ legacyPrivateChannelLimits: false }); // room for one more private channel
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: 'Iso',
      membershipType: 'private',
      members: [member(owner, ['owner']), ...users.slice(0, 199).map((u) => member(u))],
    });
    em.setRules({ legacyPrivateChannelLimits: true });
    expect(c.status).toBe(201);
    const add = (u: string) => g('POST', `${channelPath(em.teamId, c.body.id)}/members`, member(u));
    for (const u of users.slice(199, 249)) expect((await add(u)).status).toBe(201); // 250 members now
    const over = await add(users[249]!);
    expect(over.status).toBe(403);
    expect(over.body.error.message).toMatch(/at most 250 members/);
  });
});
