/**
 * `npm run playground`: Microsoft 365 Agents Playground against a local instance of the app made for
 * it. The Playground sends activities without a Bot Framework token, so this instance alone runs
 * without BOT_ID (the `npm start` one keeps checking tokens); it has its own data folder
 * (.data/playground) and one sample account whose channel is the Playground's. The Playground's mock
 * users are Finnish sample people of that account from the sample export: the script writes the
 * Playground's configuration (.m365agentsplayground.yml, in its working folder) with them, and the
 * app knows them by the same object ids (scripts/playground-setup.ts). What the Playground cannot show: see docs/messaging.md.
 *
 *   npm run playground -- [--port 3988] [--playground-port 56150]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConnectorMessenger } from '../bot/connector-messenger';
import { createLogger } from '../src/logging/logger';
import { startApp } from '../src/server/app';
import {
  PLAYGROUND_ACCOUNT,
  PLAYGROUND_CONFIG_FILE,
  PLAYGROUND_TENANT,
  playgroundAccountName,
  playgroundAppConfig,
  playgroundConfigYaml,
  playgroundPeople,
  seedPlaygroundAccount,
} from './playground-setup';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '3988' }, 'playground-port': { type: 'string', default: '56150' } },
    strict: true,
  });
  const workDir = path.join(root, '.data/playground');
  fs.mkdirSync(workDir, { recursive: true });
  const pgUrl = `http://127.0.0.1:${values['playground-port']}`;
  const config = playgroundAppConfig({ port: Number(values.port), dataDir: workDir, playgroundUrl: pgUrl });
  // The Playground's mock users: Finnish sample people of one account (the same file ships at the repo root).
  const people = playgroundPeople(root);
  const accountName = playgroundAccountName(root);
  fs.writeFileSync(path.join(workDir, PLAYGROUND_CONFIG_FILE), playgroundConfigYaml(people, accountName));
  const logger = createLogger({ level: 'warn', pretty: process.stdout.isTTY === true });
  // Proactive sends (notices, weekly posts) go to the Playground's mock connector, which takes any token.
  const messenger = createConnectorMessenger({
    botId: 'playground',
    botPassword: '',
    tenantId: PLAYGROUND_TENANT,
    authorityHost: 'http://127.0.0.1',
    serviceUrl: `${pgUrl}/_connector/`,
    logger,
    getToken: async () => 'playground',
  });
  const app = await startApp(config, { logger, messaging: { messenger } });
  await seedPlaygroundAccount(app.store, people, accountName);

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
    `\nAgents Playground: ${pgUrl}  (bot: http://127.0.0.1:${values.port}/api/messages, no BOT_ID for this instance only)\nKokeile / try: "ohje", "tila ${PLAYGROUND_ACCOUNT}", "miksi". Dialogs and per-person card views: use the stand-in of npm start (/dev/).\n`,
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

/** The account's channel is the Playground's first channel (its ids are known once it answers). */
async function linkChannel(store: Awaited<ReturnType<typeof startApp>>['store'], pgUrl: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const { config } = (await (await fetch(`${pgUrl}/_internal/v1/config`)).json()) as {
        config: { teams: { id: string; channels: { id: string; name: string }[] }[] };
      };
      const team = config.teams[0]!;
      const channel = team.channels.find((c) => c.id !== team.id) ?? team.channels[0]!;
      await store.accounts.setChannel(PLAYGROUND_ACCOUNT, { channelId: channel.id, channelName: channel.name });
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
