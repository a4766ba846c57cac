/**
 * `npm start`: everything a newcomer needs, offline. Starts the local Teams emulator (seeded from the
 * sample billing export), then the app against it on embedded SQLite, then (when the sync CLI is
 * present) a first sync of the sample export so the account channels appear.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_OMITTED_EMAILS, seedUsersFromBillingCsv, startEmulator } from '../emulator';
import { localAppEnv } from './local-env';

const root = path.resolve(__dirname, '..');

function run(script: string, args: string[], env: Record<string, string>): ChildProcess {
  // restify 11 touches process.binding on Node 20; the warning is noise for users.
  const nodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=DEP0111'].filter(Boolean).join(' ');
  // Node with tsx as a loader, not the tsx CLI: that wrapper relays signals and SIGKILLs its child when
  // the child does not confirm within 30 ms, so a busy app could be killed instead of shutting down.
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { cwd: root, env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions }, stdio: 'inherit' });
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`app did not become ready at ${url} within ${timeoutMs} ms`);
}

/** A fresh clone has no built tabs yet: build them once so /tabs/ works at first start. */
function ensureTabsBuilt(): void {
  if (fs.existsSync(path.join(root, 'tabs/dist/annual-clock.html'))) return;
  process.stdout.write('Building the tabs (first start only)…\n');
  const r = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--config', path.join(root, 'tabs/vite.config.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.stderr.write('Tab build failed; the bot and APIs still run.\n');
}

async function main(): Promise<void> {
  ensureTabsBuilt();
  const port = Number(process.argv.includes('--port') ? process.argv[process.argv.indexOf('--port') + 1] : 3978);
  const users = seedUsersFromBillingCsv(
    ['supervisors.csv', 'supervisors-next-month.csv'].map((f) => path.join(root, 'samples/billing', f)),
    { omit: DEFAULT_OMITTED_EMAILS },
  );
  const em = await startEmulator({ port: 0, users });
  const env = localAppEnv(em, root, port);
  process.stdout.write(`Teams emulator: ${em.url} (state: ${em.url}/_emulator/state)\n`);

  const app = run('src/server/main.ts', [], env);
  const appUrl = `http://localhost:${port}`;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r)).catch(() => undefined);
    await em.close();
    process.exit(code);
  };
  app.once('exit', (code) => void stop(code ?? 1));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await waitForReady(appUrl, 60_000);
  process.stdout.write(`\nAccount Channels is running: ${appUrl}  (health: ${appUrl}/healthz, tabs: ${appUrl}/tabs/)\n`);

  if (fs.existsSync(path.join(root, 'src/cli/sync.ts'))) {
    process.stdout.write('Running a first sync of the sample billing export…\n');
    const sync = run('src/cli/sync.ts', [], env);
    const code: number = await new Promise((r) => sync.once('exit', (c) => r(c ?? 1)));
    process.stdout.write(`First sync finished with exit code ${code}. Emulator state: ${em.url}/_emulator/state\n`);
  }
  process.stdout.write('Press Ctrl+C to stop.\n');
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${(err as Error).message}\n`);
  process.exit(1);
});
