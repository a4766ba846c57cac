import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startTestEmulator } from '../helpers/emulator';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { startApp, type RunningApp } from '../../src/server/app';
import { localAppEnv } from '../../scripts/local-env';
import type { RunningEmulator } from '../../emulator';

const ROOT = path.resolve(__dirname, '../..');

function activity(em: RunningEmulator, text: string) {
  return {
    type: 'message',
    id: `act-${Date.now()}`,
    channelId: 'msteams',
    serviceUrl: em.botServiceUrl,
    from: { id: '29:user', name: 'Testi Käyttäjä', aadObjectId: '00000000-0000-0000-0000-0000000000aa' },
    recipient: { id: '28:local-bot-id', name: 'Account Channels' },
    conversation: { id: em.teamId, conversationType: 'channel', tenantId: em.tenantId },
    channelData: { team: { id: em.teamId }, channel: { id: em.teamId }, tenant: { id: em.tenantId } },
    text,
    locale: 'fi-FI',
  };
}

describe('the app server', () => {
  let em: RunningEmulator;
  let app: RunningApp;
  let dataDir: string;
  beforeAll(async () => {
    em = await startTestEmulator();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-test-'));
    app = await startApp(loadConfig({ ...localAppEnv(em, ROOT), DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }), {
      logger: silentLogger,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await em?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ok');
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('refuses bot requests without a valid Bot Framework token', async () => {
    const sent = () => em.state().conversations.flatMap((c) => c.activities).length;
    const before = sent();
    const post = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity(em, 'ohje')),
      });
    expect((await post({})).status).toBe(401);
    const wrongAudience = await em.issueChannelToken({ audience: 'some-other-bot', serviceUrl: em.botServiceUrl });
    expect((await post({ authorization: `Bearer ${wrongAudience}` })).status).toBe(401);
    // Nothing was answered on behalf of an unauthenticated caller.
    expect(sent()).toBe(before);
  });

  it('accepts an authenticated activity and replies through the Bot Connector with its own token', async () => {
    const token = await em.issueChannelToken({ serviceUrl: em.botServiceUrl });
    const a = activity(em, '<at>Account Channels</at> ohje');
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(a),
    });
    expect(res.status).toBeLessThan(300);
    const replies = em
      .state()
      .conversations.flatMap((c) => c.activities)
      .filter((x) => x.replyToId === a.id || x.conversationId.startsWith(em.teamId));
    expect(replies.length).toBeGreaterThan(0);
    // The reply went out with a connector token the emulator issued to the bot (checked by the emulator).
    expect(em.requests().some((r) => r.path.includes('/botconnector/') && r.status < 300)).toBe(true);
  });
});

describe('the app process', () => {
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

  it('stops at start-up with one message naming every missing key', async () => {
    const child = spawn(tsx, [path.join(ROOT, 'src/server/main.ts')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    for (const key of [
      'AAD_APP_TENANT_ID',
      'AAD_APP_CLIENT_ID',
      'SECRET_AAD_APP_CLIENT_SECRET',
      'TEAM_ID',
      'TEAMS_APP_ID',
      'PUBLIC_BASE_URL',
    ])
      expect(stderr).toContain(key);
  }, 60_000);

  it('shuts down cleanly on SIGTERM', async () => {
    const em = await startTestEmulator();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-proc-'));
    try {
      const env: Record<string, string | undefined> = {
        ...process.env,
        ...localAppEnv(em, ROOT),
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'info',
      };
      // Its own SQLite file: on CI's shared PostgreSQL another test's process may hold the public schema's leases.
      delete env.DATABASE_URL;
      // Node itself with tsx as a loader, as production runs `node dist/…/main.js`: the tsx CLI wrapper
      // relays a signal to its child and SIGKILLs it (exit 143) when the child does not confirm within
      // 30 ms, which a loaded CI machine sometimes misses; that would test tsx, not the app.
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], { cwd: ROOT, env, detached: true });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      const deadline = Date.now() + 60_000;
      while (!/listening/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/listening/);
      process.kill(child.pid!, 'SIGTERM');
      const code = await new Promise((r) => child.once('exit', r));
      expect(code).toBe(0);
      expect(out).toMatch(/stopped/);
      expect(out).not.toContain('local-app-secret');
    } finally {
      await em.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
