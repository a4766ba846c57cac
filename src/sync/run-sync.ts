import { randomUUID } from 'node:crypto';
import type { Store } from '../store';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TeamsDirectory } from '../ports/teams-directory';
import { AppError } from '../errors/app-error';
import { isBillingImportError, type ColumnMapping } from '../billing';
import { planSync, type SyncPlan } from './plan';
import type { GuardLimits, GuardVerdict } from './guard';
import { heldSummary, judgePlan, recordHeld } from './guard-run';
import type { WallSettings } from './walls-run';
import { loadInputs, planInputOf, type SyncInputs } from './load-inputs';
import { persistBillingSnapshot } from './persist-billing';
import { applyPlan } from './apply-plan';
import type { AppliedChange } from './applied-change';
import { billingFingerprint, saveHeldRun, teamsAfter } from './held-run';
import { repairProvisioning } from './repair-provisioning';
import { ChangeRecorder } from './journal';
import { accessNotePrefix } from './results';
import { acquireSyncLease, describeHolder, type HeldLease } from './sync-lease';
import { recordRun, countPlan, newSummary, finishOutcome, type RunStart } from './record-run';
import type { SyncExitCode } from './exit-codes';
import type { SyncSummary } from './summary';

/** The longest a person's access notes wait for a run that dies before it releases them. */
const NOTES_HOLD_MS = 60 * 60_000;

export interface SyncSettings {
  /** The first team (TEAM_ID, or the first of TEAM_IDS). */
  teamId: string;
  /** All teams in fill order (TEAM_IDS); unset = teamId alone. */
  teamIds?: string[];
  teamsAppId: string;
  channelType: 'private' | 'shared';
  timeZone: string;
  graceDays: number;
  guard: GuardLimits;
  /** https base of the tabs' content URLs; null = tabs turned off (TABS_ENABLED=false). */
  tabBaseUrl: string | null;
  /** Re-resolve cached people older than this (a renamed or re-created account gets a new object id). */
  resolveMaxAgeDays?: number;
  billingAuthHeader?: string;
  serviceAccountUpn?: string;
  /** Walls between accounts (ACCOUNT_WALLS). */
  walls?: WallSettings;
}

export interface SyncDependencies {
  store: Store;
  directory: TeamsDirectory;
  clock: Clock;
  logger: Logger;
  settings: SyncSettings;
  /** Progress for a CLI bar or a bot message: phase name and counts. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface SyncRequest {
  source: string;
  mapping: ColumnMapping;
  mappingName?: string;
  trigger: 'cli' | 'schedule' | 'bot' | 'watch' | 'test';
  dryRun?: boolean;
  /**
   * Applies the whole plan, holding nothing. Tests and the benchmark only: neither the CLI nor the bot
   * sets it (a held run is approved by its id, see approve-run.ts).
   */
  confirmRemovals?: boolean;
}

export interface SyncOutcome {
  summary: SyncSummary;
  plan?: SyncPlan;
  guard?: GuardVerdict;
  /** See exit-codes.ts. */
  exitCode: SyncExitCode;
  error?: AppError;
}

/**
 * One sync run, in stages: lease -> load inputs (import, store, Teams) -> plan -> guard -> persist
 * the billing snapshot -> apply (phases) -> record. The plan is complete before the first write to
 * Teams. A run killed at any point is simply run again: it takes over the dead run's lease, settles
 * its unrecorded changes from what Teams shows, and plans from what Teams actually has.
 */
export async function runSync(deps: SyncDependencies, req: SyncRequest): Promise<SyncOutcome> {
  return withRunLease(deps, { source: req.source, dryRun: !!req.dryRun }, async (run) => {
    if (run.runId) await startRun(deps, req, run.runId, run.summary);
    return runStages({ ...run, req });
  });
}

/** A run in progress: its id (null in a dry run), summary, start and whether it still holds the lease. */
export interface RunContext {
  deps: SyncDependencies;
  runId: string | null;
  summary: SyncSummary;
  start: RunStart;
  stillHeld: () => boolean;
}

/**
 * The frame of every run that writes: the sync lease (refused while another run holds it), the
 * failure record when a stage throws, and the outcome with its exit code.
 */
export async function withRunLease(
  deps: SyncDependencies,
  run: { source: string; dryRun: boolean },
  body: (run: RunContext) => Promise<Omit<SyncOutcome, 'summary' | 'exitCode'>>,
): Promise<SyncOutcome> {
  const log = deps.logger.child('sync');
  const summary = newSummary(run.source);
  const start: RunStart = { stats: deps.directory.stats(), at: deps.clock.now().getTime() };
  const runId = run.dryRun ? null : randomUUID();
  let lease: HeldLease | undefined;
  if (runId) {
    const got = await acquireSyncLease(deps.store, deps.clock, runId);
    if (!got.ok) {
      const error = new AppError('CONFLICT', describeHolder(got.holder, got.renewedAt), {
        userMessage: 'Synkronointi on jo käynnissä. Yritä hetken päästä uudelleen.',
      });
      summary.status = 'refused';
      summary.problems.push(error.message);
      return finishOutcome(deps, summary, start, { error });
    }
    lease = got.lease;
  }
  try {
    const ctx: RunContext = { deps: { ...deps, logger: log }, runId, summary, start, stillHeld: () => lease?.stillHeld() ?? true };
    return finishOutcome(deps, summary, start, await body(ctx));
  } catch (err) {
    const error = AppError.from(err);
    log.error({ runId, err: error.message, code: error.code }, 'sync failed');
    summary.status = 'failed';
    summary.problems.push(error.message);
    if (runId) await deps.store.syncRuns.finish(runId, { status: 'failed', summary: { error: error.message } }).catch(() => undefined);
    return finishOutcome(deps, summary, start, { error });
  } finally {
    await lease?.release();
  }
}

type Stages = RunContext & { req: SyncRequest };

/** load inputs -> plan -> guard -> persist billing snapshot -> apply -> record. */
async function runStages(stages: Stages): Promise<Omit<SyncOutcome, 'summary' | 'exitCode'>> {
  const loaded = await loadStage(stages.deps, stages.req, stages.runId, stages.summary);
  if ('rejected' in loaded) return { error: loaded.rejected };
  return planAndApply(stages, loaded.inputs);
}

/** plan -> guard -> persist billing snapshot -> apply -> record (also an approval that had to re-plan). */
export async function planAndApply(
  { deps, req, runId, summary, start, stillHeld }: Stages,
  inputs: SyncInputs,
): Promise<Omit<SyncOutcome, 'summary' | 'exitCode'>> {
  const plan = planSync(planInputOf(inputs, deps.settings));
  summary.unknownPeople = plan.unknownPeople;
  // The guard judges each account: only what looks broken is held; the rest applies.
  const judged = await judgePlan(deps.store, plan, {
    rows: inputs.imported.stats.rows,
    desired: inputs.desired,
    recordedMembers: inputs.recordedMembers,
    knownActiveAccounts: [...inputs.known.values()].filter((a) => a.channelState === 'active').length,
    limits: deps.settings.guard,
    approved: req.confirmRemovals,
  });
  const guard = judged.verdict;
  const held = judged.isHeld;
  if (held) summary.held = heldSummary(judged.held, guard);
  if (!runId) {
    summary.status = 'dry-run';
    countPlan(summary, judged.apply, false);
    return { plan, guard };
  }
  await persistBillingSnapshot(deps.store, inputs.imported, inputs.desired);
  const results = await applyWithNotes({ deps, runId, summary, stillHeld }, inputs, judged.apply, guard.reasons);
  if (held) {
    await recordHeld({ store: deps.store, runId, desired: inputs.desired, users: inputs.users }, judged.held, guard);
    // What approving this run needs: its source and mapping, the held part, and what it was planned against.
    await saveHeldRun(deps.store, { runId, ...req }, judged.held, guard.reasons, {
      billing: billingFingerprint(inputs.desired),
      teams: teamsAfter(inputs, results),
    });
  }
  // Channels an earlier run left without the app, tabs or folders are completed here.
  await repairProvisioning(deps, summary, plan);
  await recordRun(deps, runId, inputs, results, summary, start, held);
  deps.logger.info(
    { runId, status: summary.status, accounts: summary.accounts, members: summary.members, unknown: summary.unknownPeople.length },
    'sync finished',
  );
  return { plan, guard };
}

/** Applies a plan; each person's access notes of the run go out together once it ends. */
export async function applyWithNotes(
  { deps, runId, summary, stillHeld }: Pick<RunContext, 'deps' | 'summary' | 'stillHeld'> & { runId: string },
  inputs: SyncInputs,
  plan: SyncPlan,
  guardReasons: GuardVerdict['reasons'],
): Promise<AppliedChange[]> {
  // A person's access notes wait until the run ends, so they go out as one card (an hour at most if it dies).
  const notesHeldUntil = new Date(deps.clock.now().getTime() + NOTES_HOLD_MS).toISOString();
  const recordContext = {
    runId,
    notesHeldUntil,
    teamId: deps.settings.teamId,
    teamOf: (channelId: string) => inputs.channelTeams.get(channelId) ?? deps.settings.teamId,
    today: inputs.today,
    graceDays: deps.settings.graceDays,
    accountName: (id: string) => inputs.desired.get(id)?.name ?? id,
  };
  return applyPlan({
    ...deps,
    runId,
    plan,
    held: false,
    guardReasons,
    inputs,
    recorder: new ChangeRecorder(deps.store, runId, recordContext),
    progress: deps.onProgress ?? (() => undefined),
    stillHeld,
  }).finally(async () => {
    // This run's notes, and those of runs that died before releasing theirs.
    for (const id of [runId, ...summary.interrupted]) await deps.store.outbox.releasePending(accessNotePrefix(id));
  });
}

/** The run's record, after any run a dead process left 'running' is closed as interrupted. */
export async function startRun(
  deps: SyncDependencies,
  req: Pick<SyncRequest, 'trigger' | 'source'>,
  runId: string,
  summary: SyncSummary,
): Promise<void> {
  summary.interrupted = await deps.store.syncRuns.closeAbandoned(runId);
  for (const id of summary.interrupted)
    deps.logger.warn({ runId, interrupted: id }, 'sync took over from an interrupted run: closed it as interrupted');
  await deps.store.syncRuns.start({ id: runId, trigger: req.trigger, source: req.source });
  summary.runId = runId;
}

/** Load inputs; a rejected export ends the run here with nothing changed. */
export async function loadStage(
  deps: SyncDependencies,
  req: SyncRequest,
  runId: string | null,
  summary: SyncSummary,
): Promise<{ inputs: SyncInputs } | { rejected: AppError }> {
  let inputs: SyncInputs;
  try {
    inputs = await loadInputs(deps, req, runId);
  } catch (err) {
    if (!isBillingImportError(err)) throw err;
    summary.status = 'rejected';
    summary.problems.push(err.message);
    if (runId) await deps.store.syncRuns.finish(runId, { status: 'rejected', summary: { error: err.message, details: err.details } });
    return { rejected: err };
  }
  const s = inputs.imported.stats;
  summary.rows = { total: s.rows, valid: s.acceptedRows, rejected: s.skippedRows };
  summary.rowErrors = inputs.imported.rowErrors.slice(0, 200).map((e) => ({ line: e.line, column: e.column, message: e.message }));
  summary.accounts.desired = inputs.desired.size;
  for (const [id, why] of inputs.unreadable) summary.problems.push(`could not read members of channel ${id}: ${why}`);
  return { inputs };
}
