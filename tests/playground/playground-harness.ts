/**
 * Microsoft 365 Agents Playground as a second, independent Teams client: it runs offline, sends
 * real activities to the app's /api/messages and hosts a mock Bot Connector (`/_connector`) the
 * app's sender posts to. Driven over its HTTP API; bot output is read from its WebSocket stream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { startApp, type RunningApp } from '../../src/server/app';
import { createConnectorMessenger } from '../../bot/connector-messenger';

const ROOT = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The playground's default mock tenant (see GET /_internal/v1/config). */
const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
const PLAYGROUND_TEAM_GROUP = '00000000-0000-0000-0000-000000000031';

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string };
  users: Array<{ id: string; name: string; aadObjectId: string }>;
  personalChat: { id: string };
  teams: Array<{ id: string; aadGroupId: string; channels: Array<{ id: string; name: string }> }>;
}

export interface Playground {
  url: string;
  app: RunningApp;
  config: PlaygroundConfig;
  /** Everything the bot sent, as the playground streamed it. */
  received: any[];
  sendMessage(conversationId: string, text: string, fromId?: string): Promise<any>;
  invoke(body: Record<string, unknown>): Promise<any>;
  submit(body: Record<string, unknown>): Promise<void>;
  waitFor(pred: (a: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export async function startPlayground(): Promise<Playground> {
  const [appPort, pgPort] = [await freePort(), await freePort()];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  const url = `http://127.0.0.1:${pgPort}`;
  // The app first (the playground calls the bot as it starts and stalls until it answers), with
  // no BOT_ID (the playground sends no tokens) and proactive sends to the playground's connector.
  const dataDir = path.join(workDir, 'data');
  const appConfig = loadConfig({
    PORT: String(appPort),
    DATA_DIR: dataDir,
    AAD_APP_TENANT_ID: PLAYGROUND_TENANT,
    AAD_APP_CLIENT_ID: 'local-app-id',
    SECRET_AAD_APP_CLIENT_SECRET: 'unused',
    TEAM_ID: PLAYGROUND_TEAM_GROUP,
    TEAMS_APP_ID: 'local-teams-app-id',
    BOT_SERVICE_URL: `${url}/_connector/`,
    APP_LOCALE: 'en',
    DIRECTOR_GROUP_ID: 'directors',
    ADMIN_GROUP_ID: 'admins',
    SCHEDULER_ENABLED: 'false',
    TABS_ENABLED: 'false', // no sync here: nothing adds tabs
  });
  const app = await startApp(appConfig, {
    logger: silentLogger,
    messaging: {
      messenger: createConnectorMessenger({
        botId: 'playground-bot',
        botPassword: '',
        tenantId: PLAYGROUND_TENANT,
        authorityHost: 'http://127.0.0.1',
        serviceUrl: `${url}/_connector/`,
        logger: silentLogger,
        getToken: async () => 'playground',
      }),
    },
  });

  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
      '-e',
      `http://127.0.0.1:${appPort}/api/messages`,
      '-c',
      'msteams',
      '--disable-telemetry',
      '-p',
      String(pgPort),
    ],
    { cwd: workDir, env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; ; i++) {
    if (/Listening on/.test(log)) break;
    if (i > 150 || child.exitCode !== null) throw new Error(`playground did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const tListening = Date.now();
  const config = ((await (await fetch(`${url}/_internal/v1/config`)).json()) as { config: PlaygroundConfig }).config;
  if (process.env.PG_DEBUG) console.log('config after', Date.now() - tListening, 'ms');
  const received: any[] = [];
  const waiters: Array<() => void> = [];
  const ws = new WebSocket(`ws://127.0.0.1:${pgPort}/_ws_conversation/v1/conversations/stream`);
  ws.on('message', (data) => {
    try {
      received.push(JSON.parse(String(data)));
    } catch {
      received.push(String(data));
    }
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${p} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  return {
    url,
    app,
    config,
    received,
    sendMessage: (conversationId, text, fromId = config.currentUser.id) =>
      post(`/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        from: { id: fromId },
        text,
        textFormat: 'plain',
      }),
    invoke: (body) => post('/_conversation/v1/invoke', body),
    submit: async (body) => void (await post('/_conversation/v1/submit', body)),
    async waitFor(pred, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(
            `nothing matched in ${received.length} streamed item(s): ${JSON.stringify(received).slice(0, 1500)}\nplayground log: ${log.slice(-1500)}`,
          );
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    async close() {
      ws.close();
      await app.close(2000);
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
