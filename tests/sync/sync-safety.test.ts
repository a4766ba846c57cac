import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { engines } from '../store/engines';
import { loadExpected, sample, startSyncHarness, ROOT, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';
import { localAppEnv } from '../../scripts/local-env';
import { loadMapping } from '../../src/billing';
import { emulatorRequest, emulatorAppToken } from '../helpers/emulator';

const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);
const bad = JSON.parse(fs.readFileSync(sample('bad/README.json'), 'utf8')) as { file: string; why: string }[];
const snapshot = (h: SyncHarness) => JSON.stringify([...h.channels()].sort());

describe.each(engines)('sync safety (%s)', (engine) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, { emulator: { users: allUsers, throttling: false }, env: { GRAPH_PACING: 'false' } });
    const first = await h.run(sample('supervisors.csv'));
    expect(first.exitCode).toBe(0);
  }, 180_000);
  afterAll(() => h?.close());

  // The files bad/README.json says must be refused as a whole.
  const rejected = [
    '01-empty.csv',
    '02-header-only.csv',
    '03-missing-column.csv',
    '04-unclosed-quote.csv',
    '07-site-two-customers.csv',
    '08-binary.csv',
    '13-long-line.csv',
  ];
  it('covers every file of bad/ that must be rejected', () => {
    expect(bad.map((b) => b.file)).toEqual(expect.arrayContaining(rejected));
  });

  it.each(rejected)(
    'rejects %s with exit code 2 and changes nothing',
    async (file) => {
      const before = snapshot(h);
      h.em.clearRequests();
      const outcome = await h.run(sample(`bad/${file}`));
      expect(outcome.exitCode).toBe(2);
      expect(outcome.summary.status).toBe('rejected');
      expect(outcome.error?.message).toMatch(/\S/);
      // Teams is read while the export is imported; the emulator logs each $batch sub-request too, so
      // leaving the envelope out still catches any write sent inside a batch.
      expect(h.em.requests().filter((r) => r.method !== 'GET' && r.path !== '/v1.0/$batch')).toEqual([]);
      expect(snapshot(h)).toBe(before);
    },
    60_000,
  );

  it('keeps the valid rows of an export with a few invalid emails and reports each bad row', async () => {
    const outcome = await h.run(sample('bad/05-invalid-emails.csv'), { dryRun: true });
    expect(outcome.summary.rowErrors.length).toBe(3);
    for (const e of outcome.summary.rowErrors) expect(e.line).toBeGreaterThan(1);
  }, 60_000);

  it('plans nothing for the Finnish Excel export of the same data', async () => {
    const outcome = await h.run(sample('supervisors-fi-excel.csv'), {
      dryRun: true,
      mapping: loadMapping(path.join(ROOT, 'mappings/fi-excel.json')),
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.plan?.adds).toEqual([]);
    expect(outcome.plan?.removes).toEqual([]);
    expect(outcome.plan?.channels).toEqual([]);
  }, 60_000);

  it('a dry run of next month prints the plan and changes nothing', async () => {
    const before = snapshot(h);
    h.em.clearRequests();
    const outcome = await h.run(sample('supervisors-next-month.csv'), { dryRun: true });
    expect(outcome.summary.status).toBe('dry-run');
    expect(outcome.plan!.adds.length).toBeGreaterThan(0);
    expect(outcome.plan!.removes.length).toBeGreaterThan(0);
    expect(h.em.requests().filter((r) => r.method !== 'GET' && !r.path.includes('$batch'))).toEqual([]);
    expect(snapshot(h)).toBe(before);
  }, 60_000);

  it("keeps the owner's manual additions and exclusions across syncs", async () => {
    const store = h.services.store;
    const member = h.channels().get('100035')!.members[0]!;
    // Someone from another account, with no site in this one.
    const helper = h.channels().get('100016')!.owners[0]!;
    expect(h.channels().get('100035')!.members).not.toContain(helper);
    await store.overrides.set({
      customerId: '100035',
      email: member,
      kind: 'exclude',
      setBy: 'marja.mattila@yritysx.example',
      reason: 'moved to another role',
    });
    await store.overrides.set({
      customerId: '100035',
      email: helper,
      kind: 'add',
      setBy: 'marja.mattila@yritysx.example',
      reason: 'helps with onboarding',
    });
    for (let i = 0; i < 2; i++) {
      const outcome = await h.run(sample('supervisors.csv'));
      expect(outcome.exitCode).toBe(0);
      const ch = h.channels().get('100035')!;
      expect(ch.members).not.toContain(member);
      expect(ch.members).toContain(helper);
    }
    const audit = await store.audit.listForAccount('100035');
    expect(audit.find((a) => a.action === 'member-removed' && a.email === member)?.reason).toBe('excluded-by-owner');
    expect(audit.find((a) => a.action === 'member-added' && a.email === helper)?.reason).toMatch(/owner/);
    await store.overrides.remove('100035', member);
    await store.overrides.remove('100035', helper);
    await h.run(sample('supervisors.csv'));
    expect(h.channels().get('100035')!.members).toContain(member);
  }, 120_000);

  it('removes a member added by hand in Teams and reports it', async () => {
    const state = h.em.state();
    const team = state.teams[0]!;
    const channel = team.channels.find((c) => c.description?.includes('asiakasnro 100016'))!;
    const intruder = state.users.find((u) => u.mail === 'inkeri.salo@yritysx.example')!;
    // Put the person in the channel the way an owner would in the Teams client.
    const token = await emulatorAppToken(h.em, 'graph');
    await emulatorRequest(h.em, {
      method: 'POST',
      path: `/v1.0/teams/${encodeURIComponent(team.id)}/channels/${encodeURIComponent(channel.id)}/members`,
      token,
      body: {
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        roles: [],
        'user@odata.bind': `${h.em.graphBaseUrl}/users('${intruder.id}')`,
      },
    });
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.exitCode).toBe(0);
    const audit = await h.services.store.audit.listForAccount('100016');
    expect(audit.find((a) => a.action === 'member-removed' && a.email === 'inkeri.salo@yritysx.example')?.reason).toBe('added-by-hand');
    expect(h.channels().get('100016')!.members).not.toContain('inkeri.salo@yritysx.example');
  }, 60_000);
});

// Timed-out requests are dropped before the service acts; with lost answers (SQLite only, for time)
// timed-out writes are carried out first, as when a create reached Teams but its answer did not come back.
const faultRuns: [string, boolean][] = [...engines.map((e): [string, boolean] => [e, false]), ['sqlite', true]];

describe.each(faultRuns)('sync under faults (%s, lost answers: %s)', (engine, timeoutsAfterWork) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine as 'sqlite' | 'postgres', {
      emulator: {
        users: allUsers,
        throttling: false,
        faults: { rate429: 0.1, rate503: 0.1, timeoutRate: 0.01, seed: 7, retryAfterSec: 0, timeoutMs: 300, timeoutsAfterWork },
      },
      env: { GRAPH_PACING: 'false' },
    });
  }, 60_000);
  afterAll(() => h?.close());

  it('reaches exactly the expected state in one run with 10 % 429, 10 % 503 and 1 % hung requests', async () => {
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.summary.problems).toEqual([]);
    expect(outcome.summary.members.failed).toBe(0);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.summary.accounts.complete).toBe(100);
    const expected = loadExpected('expected.json');
    const actual = h.channels(); // throws on a duplicate channel for one account
    expect(actual.size).toBe(Object.keys(expected).length);
    for (const [id, exp] of Object.entries(expected)) {
      expect({ id, owners: actual.get(id)!.owners, members: actual.get(id)!.members, tabs: actual.get(id)!.tabs }).toEqual({
        id,
        owners: [exp.owner],
        members: [...exp.members].sort(),
        tabs: 3,
      });
    }
    const faults = h.em.requests().filter((r) => r.fault);
    expect(faults.some((r) => r.fault === 'timeout')).toBe(true);
    expect(outcome.summary.requests.retries).toBeGreaterThan(0);
  }, 300_000);
});

describe('sync killed mid-way', () => {
  it('converges when re-run, with no duplicate channels or members', async () => {
    const h = await startSyncHarness('sqlite', {
      emulator: { users: allUsers, throttling: false, latencyMs: 5 },
      env: { GRAPH_PACING: 'false' },
    });
    try {
      // A separate process, killed with SIGKILL once some channels exist.
      const env: Record<string, string | undefined> = {
        ...process.env,
        ...localAppEnv(h.em, ROOT),
        DATA_DIR: fs.mkdtempSync('/tmp/kill-'),
        GRAPH_PACING: 'false',
        LOG_LEVEL: 'silent',
      };
      // Its own SQLite file: a shared PostgreSQL (CI's DATABASE_URL) may hold another run's lease.
      delete env.DATABASE_URL;
      const child = spawn(
        path.join(ROOT, 'node_modules/.bin/tsx'),
        [path.join(ROOT, 'src/cli/sync.ts'), '--source', sample('supervisors.csv')],
        { env, stdio: 'ignore', detached: true },
      );
      const deadline = Date.now() + 120_000;
      let exited = false;
      child.once('exit', () => (exited = true));
      while (Date.now() < deadline && !exited) {
        const created = h.em.state().teams[0]!.channels.filter((c) => c.description?.includes('asiakasnro')).length;
        if (created >= 20) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // tsx runs the CLI in a child process: kill the whole group, as a crash would.
      if (!exited) {
        process.kill(-child.pid!, 'SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      const partial = h.em.state().teams[0]!.channels.filter((c) => c.description?.includes('asiakasnro')).length;
      expect(partial).toBeGreaterThan(0);

      // The harness's own database has never seen these channels: it finds them by their description.
      const outcome = await h.run(sample('supervisors.csv'));
      expect(outcome.summary.problems).toEqual([]);
      const expected = loadExpected('expected.json');
      const actual = h.channels(); // throws on a duplicate channel for one account
      expect(actual.size).toBe(100);
      for (const [id, exp] of Object.entries(expected)) {
        expect({ id, owners: actual.get(id)!.owners, members: actual.get(id)!.members }).toEqual({
          id,
          owners: [exp.owner],
          members: [...exp.members].sort(),
        });
        expect(actual.get(id)!.tabs).toBe(3);
      }
      expect(outcome.summary.accounts.adopted).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  }, 300_000);
});
