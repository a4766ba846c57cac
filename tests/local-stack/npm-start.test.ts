/**
 * `npm start` as a person uses it: the stack comes up, a second start is refused (same port, or same
 * data folder), a CLI in another "terminal" finds the running stack with no setup, and SIGINT to the
 * top process stops everything and frees the data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
jest.setTimeout(120_000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function start(args: string[], cwd = ROOT): { child: ChildProcess; output: () => string; exited: Promise<number> } {
  let text = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/dev.ts'), ...args], {
    cwd,
    env: { ...process.env, APP_LOCALE: '' },
    detached: true,
  });
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, output: () => text, exited };
}

async function waitFor(pred: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cli(script: string, args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // As a new terminal would: no app configuration in the environment.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(AAD_|SECRET_|BOT_|TEAM|GRAPH_|DATA_DIR|DATABASE_URL|APP_LOCALE)/.test(k)),
    );
    const c = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, script), ...args], { cwd, env });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.once('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

describe('npm start (local stack)', () => {
  let home: string;
  let dataDir: string;
  let ports: [number, number];
  let first: ReturnType<typeof start>;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-'));
    dataDir = path.join(home, '.data');
    ports = [await freePort(), await freePort()];
    first = start(['--port', String(ports[0]), '--emulator-port', String(ports[1]), '--data-dir', dataDir, '--no-sync', '--lang', 'en']);
    await waitFor(() => first.output().includes('The CLIs find this stack'), 'the first stack');
  });

  afterAll(async () => {
    if (first.child.exitCode === null) process.kill(-first.child.pid!, 'SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('refuses a second start on the same port, and one on the same data folder, in one line', async () => {
    const samePort = start([
      '--port',
      String(ports[0]),
      '--emulator-port',
      String(await freePort()),
      '--data-dir',
      path.join(home, 'other'),
      '--lang',
      'en',
    ]);
    expect(await samePort.exited).toBe(1);
    expect(samePort.output().trim()).toBe(
      `Port ${ports[0]} is in use (is npm start already running?). Stop it or choose another port: npm start -- --port N`,
    );

    const sameData = start(['--port', String(await freePort()), '--emulator-port', String(await freePort()), '--data-dir', dataDir]);
    expect(await sameData.exited).toBe(1);
    expect(sameData.output()).toContain(`Tietokansiota ${dataDir} käyttää jo toinen npm start (prosessi ${first.child.pid})`);
    // The running stack is untouched.
    expect((await fetch(`http://localhost:${ports[0]}/readyz`)).status).toBe(200);
  });

  it('a CLI in another terminal finds the running stack through .data/local.env', async () => {
    const r = await cli('src/cli/sync.ts', ['--dry-run', '--lang', 'en'], home);
    expect(r.err).not.toContain('Invalid configuration');
    expect({ code: r.code, err: r.code ? r.err : '' }).toEqual({ code: 0, err: '' });
    expect(
      r.out
        .split('\n')
        .filter((l) => !l.startsWith('create channel') && !l.startsWith('add '))
        .join('\n'),
    ).toContain('Sync dry run: ');
    expect(r.out).toMatch(/accounts: 100 national; created 100/);
    // No app keys and no stack: the CLI names what is missing, in Finnish by default.
    const none = await cli('src/cli/sync.ts', ['--dry-run'], os.tmpdir());
    expect(none.code).toBe(1);
    expect(none.err).toContain('Asetukset puuttuvat tai ovat virheelliset');
    expect(none.err).toContain('AAD_APP_TENANT_ID');
  });

  it('stops the whole stack on SIGINT to the top process and frees the data folder', async () => {
    process.kill(first.child.pid!, 'SIGINT');
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'stack.lock'))).toBe(false);
    await expect(fetch(`http://localhost:${ports[0]}/readyz`)).rejects.toThrow();
    // The emulator's tenant is kept with the app's data.
    expect(fs.existsSync(path.join(dataDir, 'emulator-state.json'))).toBe(true);
  });
});
