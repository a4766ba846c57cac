/**
 * `npm start`: everything a newcomer needs, offline. Starts the local Teams emulator (seeded from the
 * sample billing export, its tenant kept in .data with the app's database), then the app against it
 * on embedded SQLite, then (when the sync CLI is present) a first sync of the sample export so the
 * account channels appear. Writes .data/local.env so the CLIs in another terminal find this stack.
 *
 *   npm start -- [--port 3978] [--emulator-port 3979] [--reset] [--no-sync] [--lang fi|en] [--data-dir .data]
 * (--data-dir: the CLIs look for <folder they run in>/.data/local.env, so keep the name .data.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OMITTED_EMAILS, seedUsersFromBillingCsv, startEmulator } from '../emulator';
import { writeLocalEnv, envLocale } from '../src/config/local-stack';
import { localAppEnv } from './local-env';
import { lockDataDir, portProblem, resetDataDir } from './local-stack';

const root = path.resolve(__dirname, '..');
const EMULATOR_STATE = 'emulator-state.json';

function run(script: string, args: string[], env: Record<string, string>): ChildProcess {
  // restify 11 touches process.binding on Node 20; the warning is noise for users.
  const nodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=DEP0111'].filter(Boolean).join(' ');
  // Node with tsx as a loader, not the tsx CLI: that wrapper relays signals and SIGKILLs its child when
  // the child does not confirm within 30 ms, so a busy app could be killed instead of shutting down.
  // Its own process group (detached) so a terminal's Ctrl+C reaches only this script, which stops the
  // children in order; the script stops them the same way on a signal sent to npm alone.
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions },
    stdio: 'inherit',
    detached: true,
  });
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
  const r = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--config', path.join(root, 'tabs/vite.config.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.stderr.write('Tab build failed; the bot and APIs still run.\n');
}

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3978' },
      'emulator-port': { type: 'string', default: '3979' },
      reset: { type: 'boolean', default: false },
      'no-sync': { type: 'boolean', default: false },
      lang: { type: 'string' },
      'data-dir': { type: 'string', default: path.join(root, '.data') },
    },
    strict: true,
  });
  const lang = values.lang === 'en' || values.lang === 'fi' ? values.lang : envLocale();
  return {
    port: Number(values.port),
    emulatorPort: Number(values['emulator-port']),
    reset: values.reset,
    sync: !values['no-sync'],
    lang,
    dataDir: path.resolve(values['data-dir']),
  };
}

async function main(): Promise<void> {
  const opts = options();
  const { dataDir } = opts;
  const fi = opts.lang === 'fi';
  for (const p of [opts.port, opts.emulatorPort]) {
    const problem = await portProblem(p, opts.lang);
    if (problem) throw new Error(problem);
  }
  const lock = lockDataDir(dataDir, opts.lang);
  if ('refused' in lock) throw new Error(lock.refused);
  process.on('exit', () => lock.release());
  if (opts.reset) {
    resetDataDir(dataDir, ['stack.lock']);
    process.stdout.write(
      fi ? 'Tiedot nollattu (.data: tietokanta ja emulaattorin tila).\n' : 'Data reset (.data: database and emulator state).\n',
    );
  }
  ensureTabsBuilt();

  const users = seedUsersFromBillingCsv(
    ['supervisors.csv', 'supervisors-next-month.csv'].map((f) => path.join(root, 'samples/billing', f)),
    { omit: DEFAULT_OMITTED_EMAILS },
  );
  const em = await startEmulator({ port: opts.emulatorPort, users, stateFile: path.join(dataDir, EMULATOR_STATE) });
  // Two sample people stand for the director and admin groups, so the stand-in (/dev/) can show each role.
  const [director, admin] = [users[0], users[1]];
  if (director) em.setGroupMembers('local-directors', [director.email]);
  if (admin) em.setGroupMembers('local-admins', [admin.email]);
  const env = {
    ...localAppEnv(em, root, opts.port),
    DATA_DIR: dataDir,
    DIRECTOR_GROUP_ID: 'local-directors',
    ADMIN_GROUP_ID: 'local-admins',
  };
  const localEnvFile = path.join(dataDir, 'local.env');
  writeLocalEnv({ ...env, APP_LOCALE: opts.lang }, localEnvFile);
  process.stdout.write(`Teams emulator: ${em.url} (state: ${em.url}/_emulator/state)\n`);

  const children = new Set<ChildProcess>();
  const start = (script: string, args: string[]) => {
    const c = run(script, args, env);
    children.add(c);
    c.once('exit', () => children.delete(c));
    return c;
  };
  const app = start('src/server/main.ts', []);
  const appUrl = `http://localhost:${opts.port}`;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c !== app) c.kill('SIGTERM');
    if (app.exitCode === null && app.signalCode === null) {
      app.kill('SIGTERM');
      await new Promise((r) => app.once('exit', r));
    }
    await em.close();
    lock.release();
    process.exit(code);
  };
  app.once('exit', (code) => void stop(code ?? 1));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));

  await waitForReady(appUrl, 60_000);
  process.stdout.write(
    fi
      ? `\nAccount Channels on käynnissä: ${appUrl}\n  Paikallinen Teams (välilehdet, botti, dialogit): ${appUrl}/dev/\n  Terveys: ${appUrl}/healthz\n`
      : `\nAccount Channels is running: ${appUrl}\n  Local Teams (tabs, bot, dialogs): ${appUrl}/dev/\n  Health: ${appUrl}/healthz\n`,
  );

  if (opts.sync && fs.existsSync(path.join(root, 'src/cli/sync.ts'))) {
    process.stdout.write(fi ? 'Ensimmäinen synkronointi esimerkkiviennistä…\n' : 'Running a first sync of the sample billing export…\n');
    const sync = start('src/cli/sync.ts', ['--lang', opts.lang]);
    const code: number = await new Promise((r) => sync.once('exit', (c) => r(c ?? 1)));
    if (stopping) return;
    process.stdout.write(fi ? `Synkronointi päättyi koodilla ${code}.\n` : `First sync finished with exit code ${code}.\n`);
  }
  const cfg = path.relative(root, localEnvFile);
  process.stdout.write(
    fi
      ? `\nKomentorivityökalut löytävät tämän ympäristön (${cfg}), esim. toisessa ikkunassa:\n  npm run sync -- --dry-run\n  npm run weekly -- --dry-run\nPysäytä: Ctrl+C. Aloita alusta: npm start -- --reset\n`
      : `\nThe CLIs find this stack (${cfg}); in another terminal try:\n  npm run sync -- --dry-run\n  npm run weekly -- --dry-run\nStop: Ctrl+C. Start afresh: npm start -- --reset\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
