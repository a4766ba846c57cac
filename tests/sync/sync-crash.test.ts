import { mulberry32 } from '../../emulator/faults';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { engines } from '../store/engines';
import { loadExpected, sample, startSyncHarness, ROOT, type ChannelView, type SyncHarness } from '../helpers/sync-harness';
import type { SyncChildSpec } from '../helpers/sync-child';
import { seedUsersFromBillingCsv } from '../../emulator';

const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);
const CHILD = path.join(ROOT, 'tests/helpers/sync-child.ts');
// Random kill points, replayable: KILL_SEED=n reruns one sequence.
const seed = Number(process.env.KILL_SEED ?? Date.now() % 100_000);
const writes = (h: SyncHarness) => h.em.requests().filter((r) => r.method !== 'GET' && r.path !== '/v1.0/$batch').length;

/** A sync in its own process, SIGKILLed once Teams has taken `after` more writes (or left to finish). */
async function killedRun(h: SyncHarness, source: string, after: number, confirmRemovals = false): Promise<{ killedAt: number | null }> {
  const spec: SyncChildSpec = { env: h.env, database: h.db.location, now: h.clock.now().toISOString(), source, confirmRemovals };
  const start = writes(h);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, SYNC_CHILD_SPEC: JSON.stringify(spec) },
    stdio: 'ignore',
  });
  let exited = false;
  const done = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  while (!exited && writes(h) - start < after) await new Promise((r) => setTimeout(r, 5));
  if (exited) return { killedAt: null };
  child.kill('SIGKILL');
  await done;
  return { killedAt: writes(h) - start };
}

describe.each(engines)(`sync killed at random points, then run again (%s, KILL_SEED=${seed})`, (engine) => {
  let h: SyncHarness;
  const rand = mulberry32(seed);
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users: allUsers, throttling: false, latencyMs: 2 },
      env: { ARCHIVE_GRACE_DAYS: '0', GRAPH_PACING: 'false' },
    });
  }, 120_000);
  afterAll(() => h?.close());

  /** The rerun ends the story: done, exact, nothing left running or unrecorded, every note and post queued. */
  async function rerunIsComplete(file: string, expectedFile: string, confirmRemovals: boolean, before: Map<string, ChannelView>) {
    const outcome = await h.run(sample(file), { confirmRemovals });
    expect(outcome.summary.problems).toEqual([]);
    expect({ status: outcome.summary.status, exitCode: outcome.exitCode }).toEqual({ status: 'done', exitCode: 0 });
    const store = h.services.store;
    const runs = await store.syncRuns.listRecent(50);
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
    expect(await store.syncJournal.listLeftBy(outcome.summary.runId!)).toEqual([]);

    const actual = h.channels(); // throws on a duplicate channel for one account
    const expected = loadExpected(expectedFile);
    for (const [id, exp] of Object.entries(expected)) {
      expect({ id, owners: actual.get(id)?.owners, members: actual.get(id)?.members, tabs: actual.get(id)?.tabs }).toEqual({
        id,
        owners: [exp.owner],
        members: [...exp.members].sort(),
        tabs: 3,
      });
    }
    const welcomes = new Set((await store.outbox.list({ kind: 'welcome' })).map((w) => w.customerId));
    // One card per person per run, listing each channel: every channel a person is in is on one of their cards.
    const notes = new Set(
      (await store.outbox.list({ kind: 'access-granted' })).flatMap((n) =>
        (n.payload as { channels: Array<{ customerId: string }> }).channels.map(
          (c) => `${c.customerId}|${(n.target as { email: string }).email}`,
        ),
      ),
    );
    const audit = await store.audit.listSince('2000-01-01T00:00:00Z', { actions: ['member-added', 'member-removed'] });
    const added = new Set(audit.filter((a) => a.action === 'member-added').map((a) => `${a.customerId}|${a.email}`));
    const removed = new Set(audit.filter((a) => a.action === 'member-removed').map((a) => `${a.customerId}|${a.email}`));
    const missing: string[] = [];
    for (const id of Object.keys(expected)) {
      const ch = actual.get(id)!;
      if (!welcomes.has(id)) missing.push(`welcome ${id}`);
      for (const email of [...ch.owners, ...ch.members]) {
        if (!notes.has(`${id}|${email}`)) missing.push(`note ${id} ${email}`);
        if (!added.has(`${id}|${email}`)) missing.push(`audit added ${id} ${email}`);
      }
      const now = new Set([...ch.owners, ...ch.members]);
      for (const email of [...(before.get(id)?.owners ?? []), ...(before.get(id)?.members ?? [])]) {
        if (!now.has(email) && !removed.has(`${id}|${email}`)) missing.push(`audit removed ${id} ${email}`);
      }
    }
    expect(missing).toEqual([]);
    return outcome;
  }

  it('a first run killed twice: the next run takes over at once, closes the dead runs and completes everything', async () => {
    const kills = [
      await killedRun(h, sample('supervisors.csv'), 20 + Math.floor(rand() * 400)),
      await killedRun(h, sample('supervisors.csv'), 10 + Math.floor(rand() * 300)),
    ];
    expect(kills.some((k) => k.killedAt !== null)).toBe(true);
    const outcome = await rerunIsComplete('supervisors.csv', 'expected.json', false, new Map());
    const runs = await h.services.store.syncRuns.listRecent(10);
    expect(runs.filter((r) => r.status === 'interrupted').length).toBe(kills.filter((k) => k.killedAt !== null).length);
    expect(outcome.summary.interrupted.length).toBeGreaterThan(0);
  }, 300_000);

  it('a next-month run killed twice: the rerun leaves removals, adds and archiving recorded', async () => {
    h.clock.advance(31 * 86_400_000);
    const before = h.channels();
    for (let i = 0; i < 2; i++) await killedRun(h, sample('supervisors-next-month.csv'), 5 + Math.floor(rand() * 150), true);
    await rerunIsComplete('supervisors-next-month.csv', 'expected-next-month.json', true, before);
    const ended = h.channels().get('104173')!;
    expect(ended.displayName.startsWith('Arkisto - ')).toBe(true);
    expect(ended.members).toEqual([]);
  }, 300_000);
});
