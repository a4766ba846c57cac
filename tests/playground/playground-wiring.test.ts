import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { startApp, type RunningApp } from '../../src/server/app';
import { createConnectorMessenger } from '../../bot/connector-messenger';
import {
  PLAYGROUND_ACCOUNT,
  PLAYGROUND_CONFIG_FILE,
  PLAYGROUND_TENANT,
  playgroundAccountName,
  playgroundAppConfig,
  playgroundConfigYaml,
  playgroundPeople,
  seedPlaygroundAccount,
} from '../../scripts/playground-setup';
import { freePort } from './playground-harness';

// `npm run playground`'s set-up, without the Playground binary: the Playground's own user list is
// Finnish sample people, and the instance made for it takes unsigned activities (as the Playground
// sends them) only while it has no BOT_ID, which production refuses.
const ROOT = path.resolve(__dirname, '../..');
const rows = parse(fs.readFileSync(path.join(ROOT, 'samples/billing/supervisors.csv'), 'utf8'), { columns: true }) as Record<
  string,
  string
>[];

/** A stand-in for the Playground's mock Bot Connector: records what the bot sends. */
async function fakeConnector(): Promise<{ url: string; sent: { path: string; body: any }[]; close(): Promise<void> }> {
  const sent: { path: string; body: any }[] = [];
  const srv = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      sent.push({ path: req.url ?? '', body: data ? JSON.parse(data) : undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${sent.length}` }));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    sent,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

/** A message as the Playground sends it: no Authorization header. */
function playgroundMessage(serviceUrl: string, from: { id: string; name: string; aadObjectId: string }, text: string) {
  return {
    type: 'message',
    id: `m-${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: `${serviceUrl}/_connector/`,
    from,
    recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'Asiakkuuskanavat' },
    conversation: { id: 'personal-chat-id', conversationType: 'personal', tenantId: PLAYGROUND_TENANT },
    channelData: { tenant: { id: PLAYGROUND_TENANT } },
    locale: 'fi-FI',
    text,
  };
}

describe('npm run playground: its set-up', () => {
  const people = playgroundPeople(ROOT);

  it('gives the Playground Finnish sample people of one account, in the configuration file it reads', () => {
    const own = rows.filter((r) => r.customer_id === PLAYGROUND_ACCOUNT);
    // The current user is the account's key account director; then supervisors of its sites and its regional director.
    expect(people[0]).toMatchObject({ role: 'owner', name: own[0]!.key_account_director_name, email: own[0]!.key_account_director_email });
    for (const p of people.filter((x) => x.role === 'supervisor')) expect(own.some((r) => r.supervisor_email === p.email)).toBe(true);
    expect(own.some((r) => r.regional_director_email === people.find((p) => p.role === 'regionalDirector')!.email)).toBe(true);
    expect(own.some((r) => r.supervisor_email === people.find((p) => p.role === 'outsider')!.email)).toBe(false);
    expect(new Set(people.map((p) => p.aadObjectId)).size).toBe(people.length);
    // The shipped copy (for running the Playground by hand from the repo root) is what the script writes.
    const yaml = playgroundConfigYaml(people, playgroundAccountName(ROOT));
    expect(fs.readFileSync(path.join(ROOT, PLAYGROUND_CONFIG_FILE), 'utf8')).toBe(yaml);
    expect(yaml).toContain(`currentUser:\n  id: user-id-0\n  name: '${people[0]!.name}'`);
    expect(yaml).toContain(`name: 'Etelä Koulut Oyj'`);
  });

  describe('the local instance it starts', () => {
    let app: RunningApp;
    let connector: Awaited<ReturnType<typeof fakeConnector>>;
    let dataDir: string;
    beforeAll(async () => {
      connector = await fakeConnector();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-wiring-'));
      const config = playgroundAppConfig({ port: await freePort(), dataDir, playgroundUrl: connector.url });
      const messenger = createConnectorMessenger({
        botId: 'playground',
        botPassword: '',
        tenantId: PLAYGROUND_TENANT,
        authorityHost: 'http://127.0.0.1',
        serviceUrl: `${connector.url}/_connector/`,
        logger: silentLogger,
        getToken: async () => 'playground',
      });
      app = await startApp(config, { logger: silentLogger, messaging: { messenger } });
      await seedPlaygroundAccount(app.store, people, playgroundAccountName(ROOT));
    });
    afterAll(async () => {
      await app?.close(2000);
      await connector?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('takes an unsigned activity from the Playground and answers through its connector, in Finnish', async () => {
      const owner = people[0]!;
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(playgroundMessage(connector.url, { id: owner.id, name: owner.name, aadObjectId: owner.aadObjectId }, 'ohje')),
      });
      expect(res.status).toBeLessThan(300);
      const reply = connector.sent.find((s) => s.path.includes('/v3/conversations/personal-chat-id/activities'));
      expect(reply).toBeDefined();
      expect(JSON.stringify(reply!.body)).toContain('Mitä osaan');
      expect(await app.store.accounts.get(PLAYGROUND_ACCOUNT)).toMatchObject({ name: 'Etelä Koulut Oyj', ownerEmail: owner.email });
    });

    it('an instance with BOT_ID (npm start, a deployment) refuses the same unsigned activity', async () => {
      const env = {
        PORT: String(await freePort()),
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'playground-signed-')),
        AAD_APP_TENANT_ID: PLAYGROUND_TENANT,
        AAD_APP_CLIENT_ID: 'local-app-id',
        SECRET_AAD_APP_CLIENT_SECRET: 'x',
        TEAM_ID: 'team',
        TEAMS_APP_ID: 'local-teams-app-id',
        TABS_ENABLED: 'false',
        SCHEDULER_ENABLED: 'false',
        BOT_ID: 'local-bot-id',
        SECRET_BOT_PASSWORD: 'secret',
        BOT_SERVICE_URL: `${connector.url}/_connector/`,
      };
      const signed = await startApp(loadConfig(env), { logger: silentLogger });
      try {
        const before = connector.sent.length;
        const owner = people[0]!;
        const res = await fetch(`${signed.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            playgroundMessage(connector.url, { id: owner.id, name: owner.name, aadObjectId: owner.aadObjectId }, 'ohje'),
          ),
        });
        expect(res.status).toBe(401);
        expect(connector.sent.length).toBe(before);
      } finally {
        await signed.close(2000);
        fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
      }
      // And production without BOT_ID does not start at all: the configuration names the key.
      expect(() => loadConfig({ ...env, BOT_ID: '', SECRET_BOT_PASSWORD: '', NODE_ENV: 'production', TABS_ENABLED: 'false' })).toThrow(
        /BOT_ID/,
      );
    });
  });
});
