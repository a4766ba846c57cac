/**
 * `npm run playground`: Microsoft 365 Agents Playground against a local instance of the app made for
 * it. The Playground sends activities without a Bot Framework token, so this instance alone runs
 * without BOT_ID (the `npm start` one keeps checking tokens); it has its own data folder
 * (.data/playground) and one sample account whose channel is the Playground's. The Playground's mock
 * users are known to the app as Finnish sample people (by their object ids), so the bot's cards name
 * them so. What the Playground cannot show: see docs/messaging.md.
 *
 *   npm run playground -- [--port 3988] [--playground-port 56150]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConnectorMessenger } from '../bot/connector-messenger';
import { loadConfig } from '../src/config/load-config';
import { createLogger } from '../src/logging/logger';
import { startApp } from '../src/server/app';

const root = path.resolve(__dirname, '..');
const TENANT = '00000000-0000-0000-0000-0000000000001';
const TEAM_GROUP = '00000000-0000-0000-0000-000000000031';
// The Playground's first three mock users (object ids …20, …21, …22) as the app knows them.
const PEOPLE = [
  { key: 'kad', name: 'Johanna Lahtinen', email: 'johanna.lahtinen@yritysx.example', oid: '00000000-0000-0000-0000-0000000000020' },
  { key: 'sup1', name: 'Emilia Karjalainen', email: 'emilia.karjalainen@yritysx.example', oid: '00000000-0000-0000-0000-0000000000021' },
  { key: 'sup2', name: 'Mikko Virtanen', email: 'mikko.virtanen@yritysx.example', oid: '00000000-0000-0000-0000-0000000000022' },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '3988' }, 'playground-port': { type: 'string', default: '56150' } },
    strict: true,
  });
  const workDir = path.join(root, '.data/playground');
  fs.mkdirSync(workDir, { recursive: true });
  const pgUrl = `http://127.0.0.1:${values['playground-port']}`;
  const config = loadConfig({
    PORT: values.port,
    DATA_DIR: workDir,
    AAD_APP_TENANT_ID: TENANT,
    AAD_APP_CLIENT_ID: 'local-app-id',
    SECRET_AAD_APP_CLIENT_SECRET: 'unused-by-the-playground',
    TEAM_ID: TEAM_GROUP,
    TEAMS_APP_ID: 'local-teams-app-id',
    BOT_SERVICE_URL: `${pgUrl}/_connector/`,
    APP_LOCALE: 'fi',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger({ level: 'warn', pretty: process.stdout.isTTY === true });
  // Proactive sends (notices, weekly posts) go to the Playground's mock connector, which takes any token.
  const messenger = createConnectorMessenger({
    botId: 'playground',
    botPassword: '',
    tenantId: TENANT,
    authorityHost: 'http://127.0.0.1',
    serviceUrl: `${pgUrl}/_connector/`,
    logger,
    getToken: async () => 'playground',
  });
  const app = await startApp(config, { logger, messaging: { messenger } });
  await seed(app.store);

  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
      '-e',
      `http://127.0.0.1:${values.port}/api/messages`,
      '-c',
      'msteams',
      '--disable-telemetry',
      '-p',
      String(values['playground-port']),
    ],
    { cwd: workDir, stdio: 'inherit' },
  );
  await linkChannel(app.store, pgUrl);
  process.stdout.write(
    `\nAgents Playground: ${pgUrl}  (bot: http://127.0.0.1:${values.port}/api/messages, no BOT_ID for this instance only)\nKokeile / try: "ohje", "tila PG1", "miksi". Dialogs and per-person card views: use the stand-in of npm start (/dev/).\n`,
  );
  const stop = async () => {
    child.kill('SIGTERM');
    await app.close(2000);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  child.once('exit', () => void stop());
}

/** One account whose channel is the Playground's first channel: Johanna owns it, Emilia and Mikko supervise its sites. */
async function seed(store: Awaited<ReturnType<typeof startApp>>['store']): Promise<void> {
  await store.accounts.upsertMany([
    {
      customerId: 'PG1',
      name: 'Esimerkki Oy',
      isNational: true,
      contractStart: null,
      contractEnd: null,
      monthlyBilling: null,
      ownerEmail: PEOPLE[0]!.email,
    },
  ]);
  await store.people.saveResolutions(PEOPLE.map((p) => ({ email: p.email, displayName: p.name, objectId: p.oid })));
  await store.desiredMemberships.replaceForAccount('PG1', [
    { email: PEOPLE[0]!.email, role: 'owner', reasons: [{ kind: 'key_account_director' }] },
    { email: PEOPLE[1]!.email, role: 'member', reasons: [{ kind: 'site', siteId: '1', siteName: 'Kohde 1', role: 'supervisor', line: 2 }] },
    { email: PEOPLE[2]!.email, role: 'member', reasons: [{ kind: 'site', siteId: '2', siteName: 'Kohde 2', role: 'supervisor', line: 3 }] },
  ]);
}

/** The account's channel is the Playground's first channel (its ids are known once it answers). */
async function linkChannel(store: Awaited<ReturnType<typeof startApp>>['store'], pgUrl: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const { config } = (await (await fetch(`${pgUrl}/_internal/v1/config`)).json()) as {
        config: { teams: { id: string; channels: { id: string; name: string }[] }[] };
      };
      const team = config.teams[0]!;
      const channel = team.channels.find((c) => c.id !== team.id) ?? team.channels[0]!;
      await store.accounts.setChannel('PG1', { channelId: channel.id, channelName: 'Esimerkki Oy' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('the Playground did not answer');
}

main().catch((err) => {
  process.stderr.write(`playground failed: ${(err as Error).message}\n`);
  process.exit(1);
});
