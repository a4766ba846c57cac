import type { GraphStats } from '../ports/teams-directory';
import type { AppliedChange } from './applied-change';
import type { SyncInputs } from './load-inputs';
import type { SyncPlan } from './plan';
import type { SyncDependencies, SyncOutcome } from './run-sync';
import { channelSnapshots, summarise } from './results';
import { emptyCounts, type SyncSummary } from './summary';
import { exitCodeFor } from './exit-codes';

/** Where a run started: its requests and duration are counted from here. */
export interface RunStart {
  stats: GraphStats;
  at: number;
}

export function newSummary(source: string): SyncSummary {
  return {
    runId: null,
    status: 'failed',
    source,
    rows: { total: 0, valid: 0, rejected: 0 },
    rowErrors: [],
    ...emptyCounts(),
    unknownPeople: [],
    held: null,
    interrupted: [],
    problems: [],
    requests: { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 },
    durationMs: 0,
  };
}

/** The outcome of a run ending now: requests and time so far, the exit code its status implies. */
export function finishOutcome(
  deps: SyncDependencies,
  summary: SyncSummary,
  start: RunStart,
  extra: Omit<SyncOutcome, 'summary' | 'exitCode'> = {},
): SyncOutcome {
  summary.requests = requestsSince(deps, start.stats);
  summary.durationMs = deps.clock.now().getTime() - start.at;
  return { summary, exitCode: exitCodeFor(summary.status, summary.held !== null), ...extra };
}

function requestsSince(deps: SyncDependencies, start: GraphStats): GraphStats {
  const now = deps.directory.stats();
  return {
    httpRequests: now.httpRequests - start.httpRequests,
    graphOperations: now.graphOperations - start.graphOperations,
    retries: now.retries - start.retries,
    throttled: now.throttled - start.throttled,
  };
}

/**
 * The record stage: counts and problems from the phases' results, the status (held, partial when
 * anything failed, else done), each touched channel's member snapshot, and the run's row.
 */
export async function recordRun(
  deps: SyncDependencies,
  runId: string,
  inputs: SyncInputs,
  results: readonly AppliedChange[],
  summary: SyncSummary,
  start: RunStart,
  held: boolean,
): Promise<void> {
  const incomplete = summarise(results, summary);
  summary.accounts.complete = [...inputs.desired.keys()].filter((id) => !incomplete.has(id)).length;
  summary.status = held ? 'held' : incomplete.size > 0 || inputs.unreadable.size > 0 ? 'partial' : 'done';
  for (const [channelId, s] of channelSnapshots(results, inputs.members)) {
    await deps.store.actualMemberships.replaceForAccount(s.customerId, channelId, s.members);
  }
  const s = inputs.imported.stats;
  await deps.store.syncRuns.finish(runId, {
    status: summary.status === 'held' || summary.status === 'partial' ? summary.status : 'done',
    rowsTotal: s.rows,
    rowsValid: s.acceptedRows,
    rowsRejected: s.skippedRows,
    summary: { ...summary, requests: requestsSince(deps, start.stats) } as unknown as Record<string, unknown>,
  });
}

/** A dry run's counts: what the plan would do. */
export function countPlan(summary: SyncSummary, plan: SyncPlan, held: boolean): void {
  for (const c of plan.channels) {
    if (c.kind === 'create') summary.accounts.created++;
    if (c.kind === 'rename') summary.accounts.renamed++;
    if (c.kind === 'archive' && !held) summary.accounts.archived++;
    if (c.kind === 'revive') summary.accounts.revived++;
    if (c.kind === 'adopt') summary.accounts.adopted++;
  }
  summary.members.added = plan.adds.length + plan.channels.reduce((n, c) => n + (c.kind === 'create' ? c.initialMembers.length : 0), 0);
  summary.members.removed = held ? 0 : plan.removes.length;
  summary.roles.promoted = plan.roleChanges.filter((c) => c.owner).length;
  summary.roles.demoted = held ? 0 : plan.roleChanges.filter((c) => !c.owner).length;
  summary.team.added = plan.teamAdds.length;
  summary.team.removed = held ? 0 : plan.teamRemoves.length;
  summary.accounts.complete = summary.accounts.desired;
}
