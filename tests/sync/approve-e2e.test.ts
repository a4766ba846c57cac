import fs from 'node:fs';
import { engines } from '../store/engines';
import { sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { emptyAccount, removeVariant, variantOf } from '../helpers/guard-world';
import { seedUsersFromBillingCsv } from '../../emulator';
import { approveHeldRun } from '../../src/sync/approve-run';
import { syncDependencies } from '../../src/server/services';
import { printSummary } from '../../src/cli/sync-text';
import type { SyncOutcome } from '../../src/sync/run-sync';
import { createBotSyncRunner } from '../../src/server/bot-sync-runner';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';

const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv'), sample('supervisors-next-month.csv')]);
const DROPPED = ['100016', '100428', '100801', '101000', '101280'];

/** Everyone in some private channel of the team must be in the team (or Teams would have dropped them). */
function privateMembersOutsideTeam(h: SyncHarness): string[] {
  const team = h.em.state().teams[0]!;
  const roster = new Set(team.members.map((m) => m.userId));
  return team.channels
    .filter((c) => c.membershipType === 'private' && !c.deleted)
    .flatMap((c) => c.members.filter((m) => !roster.has(m.userId)).map((m) => `${c.displayName}: ${m.userId}`));
}

const printed = (o: SyncOutcome, lang: 'fi' | 'en') => {
  let text = '';
  printSummary(o.summary, lang, { write: (s: string) => ((text += s), true) } as never);
  return text;
};

describe.each(engines)('approving a held run by its id, end to end against the Teams emulator (%s)', (engine) => {
  let h: SyncHarness;
  const files: string[] = [];
  // Each run a minute after the one before: the row-count baseline is the latest accepted run.
  const approve = (runId: string) => {
    h.clock.advance(60_000);
    return approveHeldRun(syncDependencies(h.services), { runId, approvedBy: 'cli:test', trigger: 'test' });
  };
  const run = (file: string) => {
    h.clock.advance(60_000);
    return h.run(file);
  };
  beforeAll(async () => {
    h = await startSyncHarness(engine, { emulator: { users: allUsers, throttling: false }, env: { GRAPH_PACING: 'false' } });
    expect((await h.run(sample('supervisors.csv'))).exitCode).toBe(0);
  }, 300_000);
  afterAll(async () => {
    files.forEach(removeVariant);
    await h?.close();
  });

  it('keeps the members of accounts that dropped out of billing in their channels and in the team (grace)', async () => {
    const file = variantOf('supervisors.csv', (r) => (DROPPED.includes(r.customer_id!) ? { ...r, customer_id: '' } : r));
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith(','))
        .join('\n'),
    );
    files.push(file);
    const before = h.channels();
    const outcome = await run(file);
    expect(outcome.summary.held).toBeNull();
    expect(outcome.exitCode).toBe(0);
    const after = h.channels();
    for (const id of DROPPED) expect({ id, ...after.get(id)! }).toEqual({ id, ...before.get(id)! });
    expect(outcome.summary.members.removed).toBe(0);
    expect(outcome.summary.team.removed).toBe(0);
    expect(privateMembersOutsideTeam(h)).toEqual([]);
    // Back in billing: nothing to do for their people.
    const back = await run(sample('supervisors.csv'));
    expect(back.exitCode).toBe(0);
    expect(back.summary.members).toEqual({ added: 0, removed: 0, failed: 0 });
  }, 300_000);

  it('re-plans from the same source and mapping when billing changed since the held run, and says so', async () => {
    const file = variantOf('supervisors.csv', emptyAccount('100428'));
    files.push(file);
    const before = h.channels().get('100428')!;
    const held = await run(file);
    expect(held.exitCode).toBe(3);
    expect(held.summary.held!.accounts).toEqual(['100428']);
    // The export was fixed before anyone approved: the approval sees it and re-plans.
    fs.copyFileSync(sample('supervisors.csv'), file);
    const outcome = await approve(held.summary.runId!);
    expect(outcome.summary.approval).toEqual({ heldRunId: held.summary.runId, outcome: 'replanned', changed: ['billing'] });
    expect(outcome.exitCode).toBe(0);
    expect(h.channels().get('100428')).toEqual(before);
    expect(printed(outcome, 'fi')).toContain(
      'laskutus oli muuttunut sen jälkeen: suunniteltiin uudelleen samasta lähteestä ja määrittelystä',
    );
    expect(printed(outcome, 'en')).toContain('billing changed since: re-planned from the same source and mapping');
    expect((await h.services.store.heldRuns.get(held.summary.runId!))!.outcome).toBe('replanned');
  }, 300_000);

  it('applies exactly the held part of that run, prints that command, and refuses unknown, not held and repeated approvals', async () => {
    const store = h.services.store;
    const baseline = (await store.syncRuns.lastAccepted())!.id;
    const held = await run(sample('supervisors-truncated.csv'));
    expect(held.exitCode).toBe(3);
    const runId = held.summary.runId!;
    expect(printed(held, 'en')).toContain(`  Approve with: npm run sync -- --approve ${runId}\n`);
    expect(printed(held, 'fi')).toContain(`  Hyväksy: npm run sync -- --approve ${runId}\n`);
    // A held run never becomes the row-count baseline.
    expect((await store.syncRuns.lastAccepted())!.id).toBe(baseline);

    const before = JSON.stringify([...h.channels()]);
    const runs = (await store.syncRuns.listRecent(100)).length;
    const doneRun = (await store.syncRuns.listRecent(100)).find((r) => r.status === 'done')!.id;
    for (const [id, code, fi] of [
      ['no-such-run', 'NOT_FOUND', /Synkronointiajoa no-such-run ei ole/],
      [doneRun, 'BAD_INPUT', /ei pidättänyt mitään hyväksyttävää/],
    ] as const) {
      const refused = await approve(id);
      expect(refused.exitCode).toBe(2);
      expect(refused.error!.code).toBe(code);
      expect(refused.error!.userMessage('fi')).toMatch(fi);
      expect(refused.error!.userMessage('en')).toMatch(/Nothing was changed/);
    }
    expect(JSON.stringify([...h.channels()])).toBe(before);
    expect((await store.syncRuns.listRecent(100)).length).toBe(runs);

    const heldPart = held.summary.held!;
    const missing = (held.plan!.channels ?? []).filter((c) => c.kind === 'mark-missing').map((c) => c.customerId);
    expect(missing.length).toBeGreaterThan(10);
    const beforeMap = h.channels();
    const outcome = await approve(runId);
    expect(outcome.summary.approval).toEqual({ heldRunId: runId, outcome: 'applied', changed: [] });
    expect(outcome.exitCode).toBe(0);
    const channelRemovals = heldPart.removals.filter((r) => r.customerId !== '(team)');
    expect(outcome.summary.members.removed).toBe(channelRemovals.length);
    const after = h.channels();
    for (const r of channelRemovals) expect(after.get(r.customerId)!.members).not.toContain(r.email);
    // Accounts missing from the truncated export are in grace: their channels keep everyone, and
    // nobody in a private channel has left the team (Teams would have taken them out of it).
    for (const id of missing) expect(after.get(id)).toEqual(beforeMap.get(id));
    expect(privateMembersOutsideTeam(h)).toEqual([]);
    const audit = await store.audit.listForRun(outcome.summary.runId!);
    expect(audit.filter((a) => a.action === 'member-removed').length).toBe(channelRemovals.length);
    expect(audit.filter((a) => a.action === 'member-removed').every((a) => !!a.customerId)).toBe(true);
    expect(audit.some((a) => a.action === 'held-run-approved' && a.detail.heldRunId === runId)).toBe(true);
    // The approved export is the accepted baseline now.
    expect((await store.syncRuns.lastAccepted())!.id).toBe(outcome.summary.runId);

    const again = await approve(runId);
    expect(again.exitCode).toBe(2);
    expect(again.error!.code).toBe('CONFLICT');
    expect(again.error!.userMessage('en')).toMatch(/already approved/);
    expect(JSON.stringify([...h.channels()])).toBe(JSON.stringify([...after]));
  }, 600_000);

  it('re-plans when Teams changed since the held run (a member added by hand), and says so', async () => {
    const store = h.services.store;
    const file = variantOf('supervisors.csv', emptyAccount('100428'));
    files.push(file);
    const held = await run(file);
    expect(held.exitCode).toBe(3);
    const customerId = held.summary.held!.accounts![0]!;
    const channelId = (await store.accounts.get(customerId))!.channelId!;
    const inChannel = new Set([...h.channels().get(customerId)!.members, ...h.channels().get(customerId)!.owners]);
    const stranger = allUsers.map((u) => u.email.toLowerCase()).find((e) => !inChannel.has(e))!;
    const user = (await h.services.directory.resolveUsers([stranger])).get(stranger)!;
    const teamId = h.services.syncSettings.teamId;
    await h.services.directory.addTeamMembers(teamId, [user.id]);
    const [added] = await h.services.directory.applyChannelMemberChanges(teamId, [
      { kind: 'add', channelId, userId: user.id, owner: false },
    ]);
    expect(added!.ok).toBe(true);
    const outcome = await approve(held.summary.runId!);
    expect(outcome.summary.approval).toEqual({ heldRunId: held.summary.runId, outcome: 'replanned', changed: ['teams'] });
    expect(printed(outcome, 'fi')).toContain('Teams oli muuttunut sen jälkeen: suunniteltiin uudelleen');
    // The new plan is judged like any run: what still looks broken is held again, under a new run id.
    expect(outcome.summary.runId).not.toBe(held.summary.runId);
    expect(outcome.exitCode).toBe(3);
    expect(printed(outcome, 'en')).toContain(`Approve with: npm run sync -- --approve ${outcome.summary.runId}`);

    // The card's Approve goes through the bot's sync runner with the run id: the same approval.
    const runner = createBotSyncRunner({
      config: loadConfig({ ...h.env, BILLING_SOURCE: sample('supervisors.csv') }),
      store,
      clock: h.clock,
      logger: silentLogger,
      directory: h.services.directory,
    })!;
    const unknown = await runner({ requestedBy: 'owner-1', approveRunId: 'no-such-run' });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.refusal).toEqual({
      fi: 'Synkronointiajoa no-such-run ei ole. Mitään ei muutettu.',
      en: 'There is no sync run no-such-run. Nothing was changed.',
    });
    h.clock.advance(60_000);
    const byCard = await runner({ requestedBy: 'owner-1', approveRunId: outcome.summary.runId! });
    expect(byCard.exitCode).toBe(0);
    const record = (await store.heldRuns.get(outcome.summary.runId!))!;
    expect(record).toMatchObject({ outcome: 'applied', approvedBy: 'owner-1' });
    expect(h.channels().get(customerId)!.members).not.toContain(stranger);
  }, 300_000);
});
