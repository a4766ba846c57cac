import type { ColumnMapping } from '../billing';
import { AppError } from '../errors/app-error';
import type { AuditInput, HeldRun, Repositories } from '../store';
import {
  accountSlice,
  accountTeamsFingerprint,
  billingFingerprint,
  heldAccounts,
  refreshedPlan,
  teamsFingerprint,
  teamsRead,
  withoutDoneTeamChanges,
  type AccountApproval,
  type HeldPart,
} from './held-run';
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
  /** Approve only this account's held part (its approval card, or `--account`); without it, every account still held. */
  customerId?: string;
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
  const refusal = await approvalRefusal(deps.store, req.runId, req.customerId);
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
    // Read again under the lease: an approval of another account may have finished meanwhile.
    const current = (await deps.store.heldRuns.get(req.runId))!;
    const part = current.held as HeldPart;
    const scope = approvalScope(part, req.customerId);
    const changed: ('billing' | 'teams')[] = [];
    if (billingFingerprint(inputs.desired) !== current.billingFingerprint) changed.push('billing');
    if (teamsChanged(part, scope, teamsRead(inputs), current.teamsFingerprint)) changed.push('teams');
    const outcome = changed.length ? 'replanned' : 'applied';
    // Claimed under the lease, after the reads: a second approval of the same run or account is refused here.
    if (!(await claimScope(deps, req, current, scope, runId, outcome))) {
      const again = await approvalRefusal(deps.store, req.runId, req.customerId);
      return rejectInRun(run, again?.error ?? alreadyApproved(req.runId, current));
    }
    run.summary.approval = { heldRunId: req.runId, outcome, changed };
    await deps.store.audit.append(runId, approvalAudit(req, scope.approving, outcome, changed));
    deps.logger.info({ runId, heldRunId: req.runId, accounts: scope.approving, outcome, changed, by: req.approvedBy }, 'held run approved');
    if (changed.length) return planAndApply({ ...run, req: syncReq }, inputs);
    // Nothing changed: exactly the held part of these accounts, with membership ids as Teams shows them now.
    const base = planSync(planInputOf(inputs, deps.settings));
    const slice = accountSlice(part.plan, scope.approving, scope.stillHeld);
    const plan = withoutDoneTeamChanges(refreshedPlan(slice, base, inputs), inputs.teamMembers);
    const results = await applyWithNotes({ ...run, runId }, inputs, plan, []);
    await recordRun(run.deps, runId, inputs, results, run.summary, run.start, false);
    return { plan };
  });
}

/** Which held accounts this approval covers, which were approved before, and which stay held after it. */
interface ApprovalScope {
  approving: string[];
  before: string[];
  stillHeld: string[];
}

function approvalScope(part: HeldPart, customerId: string | undefined): ApprovalScope {
  const before = (part.approvals ?? []).map((a) => a.customerId);
  const open = heldAccounts(part.plan).filter((id) => !before.includes(id));
  const approving = customerId ? [customerId] : open;
  return { approving, before, stillHeld: open.filter((id) => !approving.includes(id)) };
}

/**
 * The whole run, approved at once, is compared with what the whole held part depended on; one account
 * (or the rest after others were approved) only with its own channels, as earlier approvals changed Teams.
 */
function teamsChanged(part: HeldPart, scope: ApprovalScope, teams: ReturnType<typeof teamsRead>, whole: string): boolean {
  if (scope.before.length === 0 && scope.stillHeld.length === 0) return teamsFingerprint(part.plan, teams) !== whole;
  return scope.approving.some((id) => {
    const was = part.accountTeamsFingerprints?.[id];
    return was === undefined || accountTeamsFingerprint(part.plan, id, teams) !== was;
  });
}

/**
 * Records the approval: the accounts in the held run's stored part, and the run as approved once no
 * account is left (or when the approval re-plans: the new run holds what still looks broken under its own id).
 */
async function claimScope(
  deps: SyncDependencies,
  req: ApproveRequest,
  current: HeldRun,
  scope: ApprovalScope,
  runId: string,
  outcome: 'applied' | 'replanned',
): Promise<boolean> {
  const { store } = deps;
  const part = current.held as HeldPart;
  if (scope.approving.length) {
    const at = deps.clock.now().toISOString();
    const approvals = [
      ...(part.approvals ?? []),
      ...scope.approving.map((customerId) => ({ customerId, approvedBy: req.approvedBy, approvalRunId: runId, at })),
    ];
    if (!(await store.heldRuns.replaceHeld(req.runId, part, { ...part, approvals }))) return false;
  }
  if (scope.stillHeld.length && outcome === 'applied') return true;
  if (!(await store.heldRuns.claim(req.runId, { approvedBy: req.approvedBy, approvalRunId: runId }))) return false;
  await store.heldRuns.setOutcome(req.runId, outcome);
  return true;
}

/** Why this run id cannot be approved (fi + en), or null when it can. */
async function approvalRefusal(
  store: Pick<Repositories, 'syncRuns' | 'heldRuns'>,
  runId: string,
  customerId?: string,
): Promise<{ error: AppError; held?: HeldRun } | null> {
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
  if (customerId === undefined) return null;
  const part = held.held as HeldPart;
  const earlier = (part.approvals ?? []).find((a) => a.customerId === customerId);
  if (earlier) return { error: accountAlreadyApproved(runId, earlier), held };
  if (!heldAccounts(part.plan).includes(customerId))
    return {
      error: new AppError('BAD_INPUT', `sync run ${runId} held nothing for account ${customerId}; nothing was changed`, {
        userMessage: {
          fi: `Synkronointiajo ${runId} ei pidättänyt asiakkuudelle ${customerId} mitään hyväksyttävää. Mitään ei muutettu.`,
          en: `Sync run ${runId} held nothing to approve for account ${customerId}. Nothing was changed.`,
        },
      }),
      held,
    };
  return null;
}

function accountAlreadyApproved(runId: string, a: AccountApproval): AppError {
  return new AppError(
    'CONFLICT',
    `account ${a.customerId} of sync run ${runId} was already approved at ${a.at} (${a.approvalRunId}); nothing was changed`,
    {
      userMessage: {
        fi: `Asiakkuuden ${a.customerId} muutokset synkronointiajossa ${runId} on jo hyväksytty ${a.at}, hyväksynnän ajo (${a.approvalRunId}). Mitään ei muutettu.`,
        en: `The changes of account ${a.customerId} in sync run ${runId} were already approved at ${a.at}, approval run (${a.approvalRunId}). Nothing was changed.`,
      },
    },
  );
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

/** One entry for the run and one per approved account, so each account's trail shows the approval. */
function approvalAudit(req: ApproveRequest, accounts: readonly string[], outcome: string, changed: string[]): AuditInput[] {
  const what = req.customerId ? `held changes of account ${req.customerId} in run ${req.runId}` : `held changes of run ${req.runId}`;
  const reason =
    outcome === 'applied'
      ? `${what} approved by ${req.approvedBy}`
      : `${what} approved by ${req.approvedBy}, but ${changed.join(' and ')} changed since: re-planned`;
  const detail = {
    heldRunId: req.runId,
    approvedBy: req.approvedBy,
    outcome,
    changed,
    ...(req.customerId ? { account: req.customerId } : {}),
  };
  return [
    { action: 'held-run-approved', reason, detail },
    ...accounts.map((customerId) => ({ action: 'held-changes-approved', customerId, reason, detail })),
  ];
}
