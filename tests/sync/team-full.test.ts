import { startSyncHarness, sample, type SyncHarness } from '../helpers/sync-harness';
import { headline } from '../../src/sync/summary';
import { seedUsersFromBillingCsv } from '../../emulator';

// One team holds at most 1,000 channels, deleted ones included (Teams limits): 1,000 accounts
// cannot all get a channel in one team. Here the emulated team holds 41 (General + 40).
describe('a team that is full', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    const users = seedUsersFromBillingCsv([sample('supervisors.csv')]);
    h = await startSyncHarness('sqlite', {
      emulator: { users, throttling: false, maxChannelsPerTeam: 41 },
      env: { GRAPH_PACING: 'false' },
    });
  }, 60_000);
  afterAll(() => h.close());

  it('creates what fits and reports the accounts left without a channel once, by id', async () => {
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.summary.accounts.created).toBe(40);
    const full = outcome.summary.problems.filter((p) => /team is full/.test(p));
    expect(full).toHaveLength(1);
    expect(full[0]).toMatch(/60 accounts got no channel: \d+/);
    // No other problem line per refused channel.
    expect(outcome.summary.problems.filter((p) => /^create /.test(p))).toEqual([]);
    expect(h.em.state().teams[0]!.channels).toHaveLength(41);
    // Not "done": a scheduler sees a partial run (exit code 4) and how many accounts are complete.
    expect(outcome.summary.status).toBe('partial');
    expect(outcome.exitCode).toBe(4);
    expect(outcome.summary.accounts.complete).toBe(40);
    expect(headline(outcome.summary)).toMatch(/^Sync partial: 40 of 100 accounts complete/);
  }, 180_000);
});
