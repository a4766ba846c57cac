import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_OMITTED_EMAILS, seedUsersFromBillingCsv, type RunningEmulator } from '../../emulator';
import { emulatorAppToken, emulatorRequest, graphCaller, startTestEmulator } from '../helpers/emulator';

const repoRoot = path.resolve(__dirname, '..', '..');

async function statusSequence(em: RunningEmulator, n: number): Promise<number[]> {
  const g = graphCaller(em, await emulatorAppToken(em));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await g('GET', '/users?$top=1')).status);
  return out;
}

describe('emulator fault injection, latency, control endpoints, seed, CLI', () => {
  it('replays the same faults for the same seed and differs for another seed', async () => {
    const faults = { rate429: 0.25, rate503: 0.25, seed: 42 };
    const a = await startTestEmulator({ faults, users: [] });
    const b = await startTestEmulator({ faults, users: [] });
    const c = await startTestEmulator({ faults: { ...faults, seed: 43 }, users: [] });
    try {
      const [sa, sb, sc] = [await statusSequence(a, 30), await statusSequence(b, 30), await statusSequence(c, 30)];
      expect(sa).toEqual(sb);
      expect(sa).not.toEqual(sc);
      expect(sa).toContain(429);
      expect(sa).toContain(503);
      expect(sa).toContain(200);
      const faulted = a.requests().filter((r) => r.fault);
      expect(faulted.length).toBe(sa.filter((s) => s !== 200).length);
      // Retry-After accompanies injected 429s.
      a.setFaults({ rate429: 1, seed: 1, retryAfterSec: 5 });
      const r = await emulatorRequest(a, { path: '/v1.0/users', token: await emulatorAppToken(a) });
      expect(r.status).toBe(429);
      expect(r.headers['retry-after']).toBe('5');
      expect(r.body.error.code).toBe('TooManyRequests');
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('holds a timed-out request for timeoutMs, then drops the connection', async () => {
    const em = await startTestEmulator({ users: [] });
    try {
      const token = await emulatorAppToken(em);
      em.setFaults({ timeoutRate: 1, timeoutMs: 300, seed: 1 });
      const t0 = Date.now();
      await expect(emulatorRequest(em, { path: '/v1.0/users', token })).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
      expect(em.requests().some((r) => r.fault === 'timeout')).toBe(true);
    } finally {
      await em.close();
    }
  });

  it('adds configured latency and exposes state, requests, faults and latency over HTTP', async () => {
    const em = await startTestEmulator({ users: [{ email: 'a.b@yritysx.example', displayName: 'A B' }] });
    try {
      const token = await emulatorAppToken(em);
      expect((await emulatorRequest(em, { method: 'POST', path: '/_emulator/latency', body: { ms: 200 } })).status).toBe(204);
      const t0 = Date.now();
      expect((await emulatorRequest(em, { path: '/v1.0/users', token })).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
      em.setLatency(0);
      const state = await emulatorRequest(em, { path: '/_emulator/state' });
      expect(state.body.users.map((u: any) => u.mail).sort()).toEqual(['a.b@yritysx.example', 'palvelutili@yritysx.example']);
      expect(state.body.teams[0].id).toBe(em.teamId);
      const reqs = await emulatorRequest(em, { path: '/_emulator/requests' });
      expect(reqs.body.some((r: any) => r.path === '/v1.0/users' && r.status === 200 && r.appId === 'local-app-id')).toBe(true);
      await emulatorRequest(em, { method: 'POST', path: '/_emulator/faults', body: { rate503: 1, seed: 3 } });
      expect((await emulatorRequest(em, { path: '/v1.0/users', token })).status).toBe(503);
      await emulatorRequest(em, { method: 'POST', path: '/_emulator/faults', body: {} });
      expect((await emulatorRequest(em, { path: '/v1.0/users', token })).status).toBe(200);
      em.removeUser('a.b@yritysx.example');
      expect((await emulatorRequest(em, { path: '/v1.0/users/a.b@yritysx.example', token })).status).toBe(404);
      em.addUser({ email: 'c.d@yritysx.example', displayName: 'C D' });
      expect((await emulatorRequest(em, { path: '/v1.0/users/c.d@yritysx.example', token })).body.displayName).toBe('C D');
    } finally {
      await em.close();
    }
  });

  it('seeds the directory from billing CSVs, leaving the omitted emails out', () => {
    const files = ['samples/billing/supervisors.csv', 'samples/billing/supervisors-next-month.csv'].map((f) => path.join(repoRoot, f));
    const all = seedUsersFromBillingCsv(files);
    const seeded = seedUsersFromBillingCsv(files, { omit: DEFAULT_OMITTED_EMAILS });
    expect(DEFAULT_OMITTED_EMAILS.length).toBeGreaterThanOrEqual(3);
    for (const e of DEFAULT_OMITTED_EMAILS) {
      expect(all.some((u) => u.email === e)).toBe(true);
      expect(seeded.some((u) => u.email === e)).toBe(false);
    }
    expect(seeded.length).toBe(all.length - DEFAULT_OMITTED_EMAILS.length);
    expect(new Set(seeded.map((u) => u.email)).size).toBe(seeded.length);
    expect(seeded.find((u) => u.email === 'henna.lahtinen@yritysx.example')!.displayName).toBe('Henna Lahtinen');
  });

  it('runs as a CLI that prints its URLs and CA file and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--no-throttling'], {
      cwd: repoRoot,
      env: { PATH: path.dirname(process.execPath) },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const deadline = Date.now() + 30000;
    while (!out.includes('CA file') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out).toMatch(/listening on https:\/\/localhost:\d+/);
    expect(out).toContain(path.join(repoRoot, '.emulator', 'ca.pem'));
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
