import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { engines, openTestDb, type TestDb } from '../store/engines';
import { acquireSyncLease, LEASE_TTL_MS, type LeaseHolder } from '../../src/sync/sync-lease';
import { startSyncHarness, sample, ROOT } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';

const holderText = (h: Partial<LeaseHolder>) =>
  JSON.stringify({ runId: 'r-old', host: os.hostname(), pid: process.pid, startedAt: '2026-11-23T05:00:00.000Z', ...h });
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe.each(engines)('the sync lease (%s)', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(engine);
    t.clock.set('2026-11-23T06:00:00Z');
  });
  afterEach(() => t.close());

  it('refuses while a live holder renews, and names it', async () => {
    await t.store.leases.tryAcquire('sync', holderText({}), LEASE_TTL_MS);
    const got = await acquireSyncLease(t.store, t.clock, 'r-new');
    expect(got).toEqual({
      ok: false,
      holder: { runId: 'r-old', host: os.hostname(), pid: process.pid, startedAt: '2026-11-23T05:00:00.000Z' },
      renewedAt: '2026-11-23T06:00:00.000Z',
    });
  });

  it('takes over at once from a dead process on this host', async () => {
    await t.store.leases.tryAcquire('sync', holderText({ pid: deadPid() }), LEASE_TTL_MS);
    const got = await acquireSyncLease(t.store, t.clock, 'r-new');
    expect(got.ok && got.tookOverFrom?.runId).toBe('r-old');
    expect(JSON.parse((await t.store.leases.get('sync'))!.holder).runId).toBe('r-new');
    if (got.ok) await got.lease.release();
    expect(await t.store.leases.get('sync')).toBeUndefined();
  });

  it('waits for a holder on another host until it misses its renewals', async () => {
    await t.store.leases.tryAcquire('sync', holderText({ host: 'other-host', pid: deadPid() }), LEASE_TTL_MS);
    expect((await acquireSyncLease(t.store, t.clock, 'r-new')).ok).toBe(false);
    t.clock.advance(LEASE_TTL_MS + 1);
    const got = await acquireSyncLease(t.store, t.clock, 'r-new');
    expect(got.ok && got.tookOverFrom?.host).toBe('other-host');
    if (got.ok) await got.lease.release();
  });
});

describe('a sync refused because another run holds the lease', () => {
  it('exits 5 and names the holder on stderr, with --json too', async () => {
    const users = seedUsersFromBillingCsv([sample('supervisors.csv')]);
    const h = await startSyncHarness('sqlite', { emulator: { users, throttling: false }, env: { GRAPH_PACING: 'false' } });
    try {
      // This (live) process holds the lease, as a run in progress would.
      await h.services.store.leases.tryAcquire(
        'sync',
        holderText({ runId: 'r-busy', startedAt: '2026-11-02T05:59:00.000Z' }),
        100 * 365 * 86_400_000,
      );
      const inProcess = await h.run(sample('supervisors.csv'));
      expect({ status: inProcess.summary.status, exitCode: inProcess.exitCode }).toEqual({ status: 'refused', exitCode: 5 });
      const env: Record<string, string | undefined> = { ...process.env, ...h.env, DATA_DIR: h.db.location.dataDir, LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL; // the harness's SQLite file
      const cli = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'src/cli/sync.ts'), '--source', sample('supervisors.csv'), '--json'],
        { cwd: ROOT, env, encoding: 'utf8' },
      );
      expect(cli.status).toBe(5);
      expect(cli.stderr).toMatch(/another sync is running: run r-busy on .+ \(pid \d+\), started 2026-11-02T05:59:00.000Z/);
      expect(JSON.parse(cli.stdout).status).toBe('refused');
      expect(h.em.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await h.close();
    }
  }, 120_000);
});
