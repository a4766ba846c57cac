import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startTestEmulator } from '../helpers/emulator';
import { localAppEnv } from '../../scripts/local-env';
import { FATAL_TOKEN } from './fixtures/reject-on-signal';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');

function run(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, detached: true });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += String(d)));
  child.stderr.on('data', (d) => (out.stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('an unhandled failure stops the process cleanly', () => {
  it.each(['reject', 'throw'] as const)(
    'a CLI (%s): one redacted line on stderr, its store closed, exit 1',
    async (mode) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fatal-cli-'));
      try {
        const { out, exited } = run([path.join(FIXTURES, 'crash-cli.ts'), mode, dataDir, '--lang', 'en'], { ...process.env });
        expect(await exited).toBe(1);
        const lines = out.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          mode === 'reject' ? /^crash-test failed \(unhandledRejection\): / : /^crash-test failed \(uncaughtException\): /,
        );
        expect(lines[0]).toContain('[REDACTED');
        expect(out.stderr + out.stdout).not.toContain(FATAL_TOKEN.slice(0, 20));
        expect(fs.readFileSync(path.join(dataDir, 'closed'), 'utf8')).toBe('yes');
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('the server: one redacted error line, then it closes and exits 1', async () => {
    const em = await startTestEmulator();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fatal-server-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...localAppEnv(em, ROOT),
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      };
      delete env.DATABASE_URL; // its own SQLite file, as in tests/server/app.test.ts
      const { child, out, exited } = run(
        ['--import', path.join(FIXTURES, 'reject-on-signal.ts'), path.join(ROOT, 'src/server/main.ts')],
        env,
      );
      const deadline = Date.now() + 60_000;
      while (!/listening/.test(out.stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out.stdout).toMatch(/listening/);
      process.kill(child.pid!, 'SIGUSR2');
      expect(await exited).toBe(1);
      const entries = out.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { level: number; msg: string; kind?: string });
      const errors = entries.filter((e) => e.level >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ kind: 'unhandledRejection', msg: expect.stringMatching(/^stopping: INTERNAL: Graph refused/) });
      expect(out.stdout + out.stderr).not.toContain(FATAL_TOKEN.slice(0, 20));
      // It closed the server and the store on the way out (app.close logs "stopped").
      expect(out.stdout).toMatch(/stopped/);
    } finally {
      await em.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
