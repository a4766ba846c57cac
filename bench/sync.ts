/**
 * Sync benchmark against the Teams emulator (50 ms latency, throttling on). Prints figures, asserts nothing.
 *   npm run bench:sync            cold provisioning, no-change run, next-month run (+ one-member-per-request baseline)
 *   npm run bench:sync -- --10x   also a generated export 10x the size (1,000 accounts)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load-config';
import { silentLogger } from '../src/logging/logger';
import { createServices, mappingFor, syncDependencies } from '../src/server/services';
import { runSync } from '../src/sync/run-sync';
import type { TeamsDirectory } from '../src/ports/teams-directory';
import type { LoggedRequest } from '../emulator';
import { rateLimitLowerBoundSec } from './graph-lower-bound';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';

const ROOT = path.resolve(__dirname, '..');
const LATENCY = Number(process.argv.includes('--latency') ? process.argv[process.argv.indexOf('--latency') + 1] : 50);

type Emu = EmulatorProcess;

const startEmulatorFor = (usersFrom: string[]) =>
  startEmulatorProcess(['--latency', String(LATENCY), '--users-from', usersFrom.join(','), '--omit-none']);

async function emuRequests(emu: Emu): Promise<LoggedRequest[]> {
  return (await fetch(`${emu.url}/_emulator/requests`)).json() as Promise<LoggedRequest[]>;
}

function configFor(emu: Emu, dataDir: string) {
  return loadConfig({
    DATA_DIR: dataDir,
    GRAPH_BASE_URL: `${emu.url}/v1.0`,
    AZURE_AUTHORITY_HOST: emu.url,
    AAD_APP_TENANT_ID: emu.tenantId,
    AAD_APP_CLIENT_ID: 'local-app-id',
    SECRET_AAD_APP_CLIENT_SECRET: 'local-app-secret',
    TEAM_ID: emu.teamId,
    TEAMS_APP_ID: 'local-teams-app-id',
    PUBLIC_BASE_URL: emu.url,
    ARCHIVE_GRACE_DAYS: '0',
    LOG_LEVEL: 'silent',
  });
}

/** The naive way: every membership change and every channel read is its own request. */
function oneMemberPerRequest(d: TeamsDirectory): TeamsDirectory {
  return Object.assign(Object.create(d) as TeamsDirectory, {
    stats: () => d.stats(),
    async listChannelMembersMany(teamId: string, ids: string[]) {
      const out = new Map();
      for (const id of ids) out.set(id, { ok: true, value: await d.listChannelMembers(teamId, id) });
      return out;
    },
    async applyChannelMemberChanges(teamId: string, changes: Parameters<TeamsDirectory['applyChannelMemberChanges']>[1]) {
      const results = [];
      for (const c of changes) {
        if (c.kind === 'add') {
          const [r] = await d.addChannelMembers(teamId, c.channelId, [{ userId: c.userId, owner: c.owner }]);
          results.push({ change: c, ok: r!.ok, membershipId: r!.ok ? r!.value : null, error: r!.ok ? undefined : r!.error });
        } else {
          const [r] = await d.removeChannelMembers(teamId, c.channelId, [c.membershipId]);
          results.push({ change: c, ok: r!.ok, error: r!.ok ? undefined : r!.error });
        }
      }
      return results;
    },
  });
}

const TRACE = process.argv.includes('--trace');
const DUMP_DIR = process.argv.includes('--dump') ? process.argv[process.argv.indexOf('--dump') + 1]! : undefined;

/** `--trace`: every directory and store call with its start and end time (where wall time goes). */
function traced<T extends object>(name: string, target: T, t0: () => number, out: string[]): T {
  return new Proxy(target, {
    get(obj, prop, recv) {
      const v = Reflect.get(obj, prop, recv);
      if (typeof v === 'function') {
        return (...args: unknown[]) => {
          const start = t0();
          const r = v.apply(obj, args);
          if (r && typeof (r as Promise<unknown>).then === 'function') {
            return (r as Promise<unknown>).finally(() => out.push(`${start.toFixed(2)}–${t0().toFixed(2)} ${name}.${String(prop)}`));
          }
          out.push(`${start.toFixed(2)}–${t0().toFixed(2)} ${name}.${String(prop)} (sync)`);
          return r;
        };
      }
      if (v && typeof v === 'object' && name === 'store') return traced(`store.${String(prop)}`, v as object, t0, out);
      return v;
    },
  });
}

interface Row {
  scenario: string;
  accounts: number;
  http: number;
  ops: number;
  wallSec: number;
  boundSec: number;
  peakRssMb: number;
  changes: string;
}

async function scenario(
  name: string,
  emu: Emu,
  dataDir: string,
  source: string,
  opts: { confirm?: boolean; naive?: boolean } = {},
): Promise<Row> {
  const config = configFor(emu, dataDir);
  const services = await createServices(config, silentLogger);
  if (opts.naive) services.directory = oneMemberPerRequest(services.directory);
  const before = (await emuRequests(emu)).length;
  let peak = process.memoryUsage().rss;
  let phase = 'start';
  let peakAt = '';
  // `--mem`: where the peak happens (phase, time) and the heap in use then, plus a line every 10 s.
  const MEM = process.argv.includes('--mem');
  let lastLine = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    const t = (performance.now() - t0) / 1000;
    if (m.rss > peak) {
      peak = m.rss;
      peakAt = `${t.toFixed(1)} s in ${phase}, heap used ${(m.heapUsed / 2 ** 20).toFixed(0)} / total ${(m.heapTotal / 2 ** 20).toFixed(0)} MB, external ${((m.external + m.arrayBuffers) / 2 ** 20).toFixed(0)} MB`;
    }
    if (MEM && t - lastLine >= 10) {
      lastLine = t;
      process.stderr.write(
        `    ${name} ${t.toFixed(0)} s ${phase}: rss ${(m.rss / 2 ** 20).toFixed(0)} heap ${(m.heapUsed / 2 ** 20).toFixed(0)}/${(m.heapTotal / 2 ** 20).toFixed(0)} MB\n`,
      );
    }
  }, 25);
  const t0 = performance.now();
  const trace: string[] = [];
  if (TRACE) {
    const since = () => (performance.now() - t0) / 1000;
    services.directory = traced('directory', services.directory, since, trace);
    services.store = traced('store', services.store, since, trace);
  }
  const phases = new Map<string, [number, number]>();
  const onProgress = (name: string) => {
    const t = (performance.now() - t0) / 1000;
    const p = phases.get(name);
    phases.set(name, p ? [p[0], t] : [t, t]);
    phase = name;
  };
  const outcome = await runSync(syncDependencies(services, onProgress), {
    source,
    mapping: mappingFor(config).mapping,
    trigger: 'cli',
    confirmRemovals: opts.confirm,
  });
  const wall = (performance.now() - t0) / 1000;
  if (process.argv.includes('--phases')) {
    process.stderr.write(`  ${name}: ${[...phases].map(([k, [a, b]]) => `${k} ${a.toFixed(1)}–${b.toFixed(1)}s`).join(', ')}\n`);
  }
  clearInterval(sampler);
  if (MEM) process.stderr.write(`  ${name}: peak RSS ${(peak / 2 ** 20).toFixed(0)} MB at ${peakAt}\n`);
  const reqs = (await emuRequests(emu)).slice(before);
  if (TRACE) process.stderr.write(`${trace.map((l) => `    ${l}`).join('\n')}\n`);
  if (DUMP_DIR) fs.writeFileSync(path.join(DUMP_DIR, `${name.replace(/\W+/g, '-')}.json`), JSON.stringify(reqs));
  await services.close();
  const s = outcome.summary;
  if (outcome.exitCode !== 0 || s.problems.length > 0) {
    process.stderr.write(
      `  ${name}: exit ${outcome.exitCode}, ${s.problems.length} problems: ${s.problems
        .slice(0, 3)
        .map((p) => p.slice(0, 300))
        .join('; ')}\n`,
    );
  }
  return {
    scenario: name,
    accounts: s.accounts.desired,
    http: s.requests.httpRequests,
    ops: s.requests.graphOperations,
    wallSec: wall,
    boundSec: rateLimitLowerBoundSec(reqs),
    peakRssMb: peak / 1024 / 1024,
    changes: `+${s.accounts.created}ch +${s.members.added} -${s.members.removed} arch ${s.accounts.archived}`,
  };
}

function print(rows: Row[], header = true): void {
  const head = ['scenario', 'accounts', 'HTTP req', 'Graph ops', 'wall s', 'bound s', 'wall/bound', 'peak RSS MB', 'changes'];
  if (header) process.stdout.write(`${head.join(' | ')}\n${head.map(() => '---').join(' | ')}\n`);
  for (const r of rows) {
    const ratio = r.boundSec > 0 ? (r.wallSec / r.boundSec).toFixed(2) : '-';
    process.stdout.write(
      `${[r.scenario, r.accounts, r.http, r.ops, r.wallSec.toFixed(1), r.boundSec.toFixed(1), ratio, r.peakRssMb.toFixed(0), r.changes].join(' | ')}\n`,
    );
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--10x-scenario')) return oneScenarioProcess();
  if (process.argv.includes('--10x-only')) return main10x();
  const sample = (f: string) => path.join(ROOT, 'samples/billing', f);
  const rows: Row[] = [];
  const emu = await startEmulatorFor([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  try {
    rows.push(await scenario('cold provisioning', emu, dir, sample('supervisors.csv')));
    rows.push(await scenario('no-change run', emu, dir, sample('supervisors.csv')));
    rows.push(await scenario('next-month run', emu, dir, sample('supervisors-next-month.csv'), { confirm: true }));
    if (!process.argv.includes('--no-baseline')) {
      await scenario('(back to this month)', emu, dir, sample('supervisors.csv'), { confirm: true });
      rows.push(
        await scenario('next-month, one member per request', emu, dir, sample('supervisors-next-month.csv'), {
          confirm: true,
          naive: true,
        }),
      );
    }
  } finally {
    emu.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  print(rows);
  if (process.argv.includes('--10x')) {
    // A fresh process, as a real sync runs: its peak RSS must not include the scenarios above.
    const args = [...process.execArgv, __filename, '--10x-only', ...process.argv.slice(2).filter((a) => a !== '--10x')];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(child.stdout);
    if (child.status !== 0) throw new Error(`10x run failed (exit ${child.status})`);
  }
}

/**
 * The generated export 10x the size: 1,000 accounts, about 27,000 rows. Each run is its own process,
 * as a real sync (CLI or nightly job) starts with a fresh heap: its peak RSS is its own.
 */
async function main10x(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-10x-'));
  const rows: Row[] = [];
  try {
    const gen = spawnSync('python3', [path.join(ROOT, 'samples/gen_billing.py'), dir, '--accounts', '1000'], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`gen_billing.py failed: ${gen.stderr}`);
    const source = path.join(dir, 'supervisors.csv');
    const emu10 = await startEmulatorFor([source]);
    try {
      const emu = JSON.stringify({ url: emu10.url, tenantId: emu10.tenantId, teamId: emu10.teamId });
      for (const name of ['10x cold provisioning', '10x no-change run']) {
        const extra = process.argv.slice(2).filter((a) => a !== '--10x' && a !== '--10x-only');
        const args = [
          ...process.execArgv,
          __filename,
          '--10x-scenario',
          name,
          '--emu',
          emu,
          '--dir',
          path.join(dir, 'data'),
          '--source',
          source,
          ...extra,
        ];
        const child = spawnSync(process.execPath, args, {
          stdio: ['ignore', 'pipe', 'inherit'],
          encoding: 'utf8',
          maxBuffer: 64 * 2 ** 20,
        });
        if (child.status !== 0) throw new Error(`${name} failed (exit ${child.status})`);
        rows.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Row);
      }
    } finally {
      emu10.child.kill('SIGTERM');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  print(rows, false);
}

/** `--10x-scenario NAME --emu JSON --dir DIR --source FILE`: one run, its row as JSON on the last line. */
async function oneScenarioProcess(): Promise<void> {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1]!;
  const emu = JSON.parse(arg('--emu')) as Omit<Emu, 'child'>;
  const row = await scenario(arg('--10x-scenario'), emu as Emu, arg('--dir'), arg('--source'));
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
    process.exit(1);
  },
);
