import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../store/engines';
import { billingRow, startSyncHarness, writeBillingCsv, type SyncHarness } from '../helpers/sync-harness';
import { emulatorAppToken, graphCaller, channelPath } from '../helpers/emulator';
import { seedUsersFromBillingCsv } from '../../emulator';

// The app is enabled in every private/shared account channel (the emulator refuses the bot and tabs
// otherwise, like Teams), and a repair pass completes channels an earlier run left incomplete.
const APP = 'local-teams-app-id';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-apps-'));
const two = writeBillingCsv(dir, 'two.csv', [
  billingRow('200001', 'Alfa Oy', '7000001', 'a.sup1', 'a', 'kad.one'),
  billingRow('200002', 'Beta Oy', '7000002', 'b.sup1', 'b', 'kad.two'),
]);
const many = writeBillingCsv(
  dir,
  'many.csv',
  Array.from({ length: 33 }, (_, i) =>
    billingRow(String(300001 + i), `Asiakas ${i + 1} Oy`, String(8000001 + i), `s${i}.sup`, 'x', 'kad.many'),
  ),
);
const users = seedUsersFromBillingCsv([two, many]);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const accountChannels = (h: SyncHarness) => h.em.state().teams[0]!.channels.filter((c) => c.membershipType !== 'standard' && !c.deleted);
const enableCalls = (h: SyncHarness) => h.em.requests().filter((r) => r.path.endsWith('/enabledApps/$ref'));
const env = { GRAPH_PACING: 'false' };

const cases = engines.flatMap((engine) => (['private', 'shared'] as const).map((type) => [engine, type] as const));

describe.each(cases)('the sync enables the app in each account channel (%s, %s)', (engine, channelType) => {
  let h: SyncHarness;
  // Strict about content URLs too: the local stack's PUBLIC_BASE_URL is https.
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users, throttling: false, rules: { httpsTabContentUrl: true } },
      env: { ...env, CHANNEL_TYPE: channelType },
    });
  }, 60_000);
  afterAll(() => h?.close());

  it('enables the app (beta for private, v1.0 for shared) before the tabs, which all succeed', async () => {
    const outcome = await h.run(two);
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.summary.provisioning).toEqual({ repaired: 0, incomplete: 0, incompleteAccounts: [], notCreated: [] });
    const channels = accountChannels(h);
    expect(channels).toHaveLength(2);
    for (const c of channels) {
      expect(c.enabledApps).toEqual([APP]);
      expect(c.tabs).toHaveLength(3);
      expect(c.tabs.every((t) => String(t.configuration.contentUrl).startsWith(`${h.em.url}/tabs/`))).toBe(true);
    }
    expect(enableCalls(h).map((r) => [r.path.split('/')[1], r.status])).toEqual([
      [channelType === 'private' ? 'beta' : 'v1.0', 204],
      [channelType === 'private' ? 'beta' : 'v1.0', 204],
    ]);
  }, 60_000);

  it('lets the bot post into the channel it enabled', async () => {
    const token = await emulatorAppToken(h.em, 'bot');
    const channelId = accountChannels(h)[0]!.id;
    const r = await fetch(`${h.em.botServiceUrl}v3/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ isGroup: true, channelData: { channel: { id: channelId } }, activity: { type: 'message', text: 'hei' } }),
    });
    expect(r.status).toBe(201);
  });

  it('checks nothing again once every channel is complete', async () => {
    h.em.clearRequests();
    const outcome = await h.run(two);
    expect(outcome.summary.provisioning.incomplete).toBe(0);
    expect(h.em.requests().filter((r) => /enabledApps|\/tabs|filesFolder|installedApps/.test(r.path))).toEqual([]);
  }, 60_000);
});

describe.each(engines)('the repair pass completes channels left incomplete (%s)', (engine) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, { emulator: { users, throttling: false, rules: { privateChannelAppsBlocked: true } }, env });
  }, 60_000);
  afterAll(() => h?.close());

  it('reports each channel whose app could not be enabled, with what to do in Finnish and English', async () => {
    const outcome = await h.run(two);
    // Channels without the app are incomplete: the run says so (partial, exit 4), not "done".
    expect([outcome.summary.status, outcome.exitCode, outcome.summary.accounts.complete]).toEqual(['partial', 4, 0]);
    expect(outcome.summary.accounts.created).toBe(2);
    expect(outcome.summary.provisioning).toEqual({ repaired: 0, incomplete: 2, incompleteAccounts: ['200001', '200002'], notCreated: [] });
    expect(outcome.summary.problems).toHaveLength(2);
    for (const [i, id] of ['200001', '200002'].entries()) {
      const line = [...outcome.summary.problems].sort()[i]!;
      expect(line).toMatch(new RegExp(`^${id}: enabling the app in the channel refused: Graph enable app in channel failed: 403`));
      expect(line).toMatch(/Mitä tehdä: Myönnä sovellukselle .*TeamsAppInstallation\.ManageSelectedForTeam\.All/);
      expect(line).toMatch(/What to do: Grant the app .*TeamsAppInstallation\.ManageSelectedForTeam\.All/);
    }
    for (const c of accountChannels(h)) {
      expect(c.enabledApps).toEqual([]);
      expect(c.tabs).toEqual([]); // not tried: they need the app there
      expect(c.folderId).not.toBeNull(); // folders do not need the app
    }
  }, 60_000);

  it('completes them on the next run once the tenant allows it, and queues a refused welcome once more', async () => {
    // The welcome to 200001 was refused by the Bot Connector meanwhile (403: the bot is not in the channel).
    const outbox = h.services.store.outbox;
    const alfaChannel = (await h.services.store.accounts.get('200001'))!.channelId!;
    const claimed = await outbox.claimDue('test', { limit: 1000 });
    const welcome = claimed.find((i) => i.idempotencyKey === `welcome:200001:${alfaChannel}`)!;
    await outbox.markFailed(welcome.id, 'test', '403 BotNotInConversationRoster', { permanent: true });
    await outbox.release(
      claimed.filter((i) => i !== welcome).map((i) => i.id),
      'test',
    );
    h.em.setRules({ privateChannelAppsBlocked: false });
    const outcome = await h.run(two);
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.summary.provisioning).toEqual({ repaired: 2, incomplete: 0, incompleteAccounts: [], notCreated: [] });
    for (const c of accountChannels(h)) {
      expect(c.enabledApps).toEqual([APP]);
      expect(c.tabs).toHaveLength(3);
    }
    const welcomes = (await outbox.list({ kind: 'welcome' })).map((i) => [i.idempotencyKey.replace(/:19:[^:]+/, ':C'), i.status]).sort();
    // Beta's first welcome is still waiting (it goes out now that the app is in): not queued twice.
    expect(welcomes).toEqual([
      ['welcome:200001:C', 'failed'],
      ['welcome:200001:C:app-enabled', 'pending'],
      ['welcome:200002:C', 'pending'],
    ]);
  }, 60_000);

  it('re-checks a channel with no record (made before the repair pass) and re-adds what is missing', async () => {
    const alfa = accountChannels(h).find((c) => c.description?.includes('200001'))!;
    const g = graphCaller(h.em, await emulatorAppToken(h.em, 'graph'));
    for (const t of alfa.tabs.slice(0, 2))
      expect((await g('DELETE', `${channelPath(h.em.teamId, alfa.id)}/tabs/${t.id}`)).status).toBe(204);
    await h.services.store.db.deleteFrom('channelProvisioning').where('customerId', '=', '200001').execute();
    const outcome = await h.run(two);
    expect(outcome.summary.provisioning).toEqual({ repaired: 1, incomplete: 0, incompleteAccounts: [], notCreated: [] });
    const after = accountChannels(h).find((c) => c.id === alfa.id)!;
    expect(after.tabs.map((t) => t.displayName).sort()).toEqual(['Laatukortti', 'Sisällysluettelo', 'Vuosikello']);
    expect(after.enabledApps).toEqual([APP]); // already enabled (409) counts as done
  }, 60_000);
});

describe('tabs turned off (TABS_ENABLED=false, no PUBLIC_BASE_URL)', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness('sqlite', {
      emulator: { users, throttling: false },
      env: { ...env, TABS_ENABLED: 'false', PUBLIC_BASE_URL: '' },
    });
  }, 60_000);
  afterAll(() => h?.close());

  it('enables the app and adds folders but no tabs, and counts the channels complete', async () => {
    const outcome = await h.run(two);
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.summary.provisioning.incomplete).toBe(0);
    for (const c of accountChannels(h)) {
      expect(c.enabledApps).toEqual([APP]);
      expect(c.tabs).toEqual([]);
    }
  }, 60_000);
});

describe('a tenant with the old limit of 30 private channels per team', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness('sqlite', { emulator: { users, throttling: false, rules: { legacyPrivateChannelLimits: true } }, env });
  }, 60_000);
  afterAll(() => h?.close());

  it('creates 30 channels and reports each account left without one, by id', async () => {
    const outcome = await h.run(many);
    expect(outcome.summary.accounts.created).toBe(30);
    const refused = outcome.summary.problems.filter((p) => /^create \d+: .*max allowed private channels \(30/.test(p));
    expect(refused).toHaveLength(3);
    const ids = refused.map((p) => /^create (\d+)/.exec(p)![1]);
    expect(new Set(ids).size).toBe(3);
    expect(accountChannels(h)).toHaveLength(30);
    const withChannel = new Set((await h.services.store.accounts.list()).filter((a) => a.channelId).map((a) => a.customerId));
    for (const id of ids) expect(withChannel.has(id!)).toBe(false);
    expect(outcome.summary.provisioning.notCreated).toEqual([...ids].sort());
  }, 120_000);
});
