import type { ColumnMapping } from '../billing';
import { AppError } from '../errors/app-error';
import type { AuditInput, HeldRun, Store } from '../store';
import { billingFingerprint, refreshedPlan, teamsFingerprint, teamsRead, type HeldPart } from './held-run';
import { planInputOf } from './load-inputs';
import { planSync } from './plan';
import { finishOutcome, newSummary, recordRun } from './record-run';
import {
  applyWithNotes,
  loadStage,
  planAndApply,
  startRun,
  withRunLease,
  type RunContext,
  type SyncDependencies,
  type SyncOutcome,
  type SyncRequest,
} from './run-sync';

export interface ApproveRequest {
  /** The held run to approve. */
  runId: string;
  /** Who approves (a user id, or "cli"). */
  approvedBy: string;
  trigger: SyncRequest['trigger'];
}

/**
 * Approves one held run by its id. Under the sync lease it reads the run's own source with its own
 * mapping and Teams as they are now; when neither the desired state nor the part of Teams the held
 * changes depend on has changed since, it applies exactly the held part of that run's plan. When
 * something changed it says so and re-plans from the same source and mapping like any run (the guard
 * judges the new plan; anything it holds gets a new run id to approve). An unknown, already approved
 * or not held run id is refused before anything is read or written.
 */
export async function approveHeldRun(deps: SyncDependencies, req: ApproveRequest): Promise<SyncOutcome> {
  const refusal = await approvalRefusal(deps.store, req.runId);
  if (refusal) return refused(deps, refusal.error, refusal.held?.source ?? '');
  const held = (await deps.store.heldRuns.get(req.runId))!;
  return withRunLease(deps, { source: held.source, dryRun: false }, async (run) => {
    const syncReq: SyncRequest = {
      source: held.source,
      mapping: held.mapping as ColumnMapping,
      mappingName: held.mappingName ?? undefined,
      trigger: req.trigger,
    };
    const runId = run.runId!;
    await startRun(deps, syncReq, runId, run.summary);
    const loaded = await loadStage(run.deps, syncReq, runId, run.summary);
    if ('rejected' in loaded) return { error: loaded.rejected };
    const { inputs } = loaded;
    // Claimed under the lease, after the reads: a second approval of the same run is refused here.
    if (!(await deps.store.heldRuns.claim(req.runId, { approvedBy: req.approvedBy, approvalRunId: runId }))) {
      const again = await approvalRefusal(deps.store, req.runId);
      return rejectInRun(run, again?.error ?? alreadyApproved(req.runId, held));
    }
    const part = held.held as HeldPart;
    const changed: ('billing' | 'teams')[] = [];
    if (billingFingerprint(inputs.desired) !== held.billingFingerprint) changed.push('billing');
    if (teamsFingerprint(part.plan, teamsRead(inputs)) !== held.teamsFingerprint) changed.push('teams');
    const outcome = changed.length ? 'replanned' : 'applied';
    run.summary.approval = { heldRunId: req.runId, outcome, changed };
    await deps.store.heldRuns.setOutcome(req.runId, outcome);
    await deps.store.audit.append(runId, approvalAudit(req, part, outcome, changed));
    deps.logger.info({ runId, heldRunId: req.runId, outcome, changed, by: req.approvedBy }, 'held run approved');
    if (changed.length) return planAndApply({ ...run, req: syncReq }, inputs);
    // Nothing changed: exactly the held part, with membership ids as Teams shows them now.
    const base = planSync(planInputOf(inputs, deps.settings));
    const plan = refreshedPlan(part.plan, base, inputs);
    const results = await applyWithNotes({ ...run, runId }, inputs, plan, []);
    await recordRun(run.deps, runId, inputs, results, run.summary, run.start, false);
    return { plan };
  });
}

/** Why this run id cannot be approved (fi + en), or null when it can. */
async function approvalRefusal(store: Store, runId: string): Promise<{ error: AppError; held?: HeldRun } | null> {
  const run = runId ? await store.syncRuns.get(runId) : undefined;
  if (!run)
    return {
      error: new AppError('NOT_FOUND', `there is no sync run ${runId || '(no id given)'}; nothing was changed`, {
        userMessage: {
          fi: `Synkronointiajoa ${runId || '(tunnus puuttuu)'} ei ole. Mitään ei muutettu.`,
          en: `There is no sync run ${runId || '(no id given)'}. Nothing was changed.`,
        },
      }),
    };
  const held = await store.heldRuns.get(runId);
  if (held?.approvedAt) return { error: alreadyApproved(runId, held), held };
  if (!held || run.status !== 'held')
    return {
      error: new AppError('BAD_INPUT', `sync run ${runId} held nothing to approve (status ${run.status}); nothing was changed`, {
        userMessage: {
          fi: `Synkronointiajo ${runId} ei pidättänyt mitään hyväksyttävää (tila: ${run.status}). Mitään ei muutettu.`,
          en: `Sync run ${runId} held nothing to approve (status: ${run.status}). Nothing was changed.`,
        },
      }),
      held,
    };
  return null;
}

function alreadyApproved(runId: string, held: HeldRun): AppError {
  const by = held.approvalRunId ? ` (${held.approvalRunId})` : '';
  return new AppError('CONFLICT', `sync run ${runId} was already approved at ${held.approvedAt}${by}; nothing was changed`, {
    userMessage: {
      fi: `Synkronointiajo ${runId} on jo hyväksytty ${held.approvedAt ?? ''}${by ? `, hyväksynnän ajo${by}` : ''}. Mitään ei muutettu.`,
      en: `Sync run ${runId} was already approved at ${held.approvedAt ?? ''}${by ? `, approval run${by}` : ''}. Nothing was changed.`,
    },
  });
}

/** A refusal before any run starts: no run row, no lease, exit code 2. */
function refused(deps: SyncDependencies, error: AppError, source: string): SyncOutcome {
  const summary = newSummary(source);
  summary.status = 'rejected';
  summary.problems.push(error.message);
  return finishOutcome(deps, summary, { stats: deps.directory.stats(), at: deps.clock.now().getTime() }, { error });
}

async function rejectInRun(run: RunContext, error: AppError) {
  run.summary.status = 'rejected';
  run.summary.problems.push(error.message);
  await run.deps.store.syncRuns.finish(run.runId!, { status: 'rejected', summary: { error: error.message } });
  return { error };
}

/** One entry for the run and one per account with held changes, so each account's trail shows the approval. */
function approvalAudit(req: ApproveRequest, part: HeldPart, outcome: string, changed: string[]): AuditInput[] {
  const p = part.plan;
  const accounts = [...new Set([...p.removes, ...p.adds, ...p.roleChanges, ...p.channels].map((x) => x.customerId))].sort();
  const reason =
    outcome === 'applied'
      ? `held changes of run ${req.runId} approved by ${req.approvedBy}`
      : `run ${req.runId} approved by ${req.approvedBy}, but ${changed.join(' and ')} changed since: re-planned`;
  const detail = { heldRunId: req.runId, approvedBy: req.approvedBy, outcome, changed };
  return [
    { action: 'held-run-approved', reason, detail },
    ...accounts.map((customerId) => ({ action: 'held-changes-approved', customerId, reason, detail })),
  ];
}
