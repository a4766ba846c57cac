import type { Store } from '../store';
import type { Logger } from '../ports/logger';
import type { TeamsDirectory } from '../ports/teams-directory';
import { AppError } from '../errors/app-error';
import type { SyncPlan } from './plan';
import type { GuardVerdict } from './guard';
import type { SyncSettings } from './run-sync';
import type { SyncInputs } from './load-inputs';
import type { AppliedChange } from './applied-change';
import type { ChangeRecorder } from './journal';
import { teamAdds } from './phases/team-adds';
import { channelActions } from './phases/channel-actions';
import { memberAdds } from './phases/member-adds';
import { ownerHandover } from './phases/owner-handover';
import { removals } from './phases/removals';
import { archive } from './phases/archive';

export interface ApplyContext {
  store: Store;
  directory: TeamsDirectory;
  logger: Logger;
  settings: SyncSettings;
  runId: string;
  plan: SyncPlan;
  /** The guard holds removals, demotions and archiving for approval; adds go ahead. */
  held: boolean;
  /** Why the guard holds it, for the approval cards and the audit. */
  guardReasons: GuardVerdict['reasons'];
  inputs: SyncInputs;
  recorder: ChangeRecorder;
  progress: (phase: string, done: number, total: number) => void;
  /** False once another run has taken the lease over: no further phase starts. */
  stillHeld: () => boolean;
}

/** One step of applying a plan: it sees what the earlier phases did and returns what it did. */
export interface Phase {
  name: string;
  run(ctx: ApplyContext, earlier: readonly AppliedChange[]): Promise<AppliedChange[]>;
}

/**
 * In this order: people join the team before private channels take them; channels exist before
 * members are added; new owners are in before old ones step down or leave; archiving comes after
 * the removals it implies. Each phase records its changes as it makes them (see ChangeRecorder).
 */
const PHASES: readonly Phase[] = [teamAdds, channelActions, memberAdds, ownerHandover, removals, archive];

/** The team that holds a channel (several teams: TEAM_IDS); the first team for one not read. */
export function teamOfChannel(ctx: Pick<ApplyContext, 'inputs' | 'settings'>, channelId: string): string {
  return ctx.inputs.channelTeams.get(channelId) ?? ctx.settings.teamId;
}

export async function applyPlan(ctx: ApplyContext): Promise<AppliedChange[]> {
  const results: AppliedChange[] = [];
  for (const phase of PHASES) {
    if (!ctx.stillHeld()) throw new AppError('CONFLICT', `the sync lease was taken over before phase ${phase.name}; this run stops`);
    results.push(...(await phase.run(ctx, results)));
  }
  return results;
}
