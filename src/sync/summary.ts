import type { GraphStats } from '../ports/teams-directory';
import type { GuardVerdict } from './guard';
import type { SyncPlan, UnknownPerson } from './plan';

/** partial: something failed (an account, a member change, a tab or folder); refused: another run holds the lease. */
export type SyncStatus = 'done' | 'partial' | 'held' | 'rejected' | 'failed' | 'refused' | 'dry-run';

export interface SyncSummary {
  runId: string | null;
  status: SyncStatus;
  source: string;
  rows: { total: number; valid: number; rejected: number };
  rowErrors: { line: number; column: string | null; message: string }[];
  /** complete: desired accounts with nothing left failed or waiting in this run. */
  accounts: { desired: number; complete: number; created: number; renamed: number; archived: number; revived: number; adopted: number };
  members: { added: number; removed: number; failed: number };
  team: { added: number; removed: number };
  /** Channel role changes of existing members (owner hand-over). */
  roles: { promoted: number; demoted: number };
  /**
   * Account channels still lacking the app, tabs or folders after this run, those completed by it, and
   * accounts whose channel this run could not create (each also has a line in `problems`).
   */
  provisioning: { repaired: number; incomplete: number; incompleteAccounts: string[]; notCreated: string[] };
  unknownPeople: UnknownPerson[];
  held: null | {
    reasons: GuardVerdict['reasons'];
    removals: { customerId: string; email: string | null; reason: string }[];
    /** Owners who would become plain members: they wait with the removals. */
    demotions: { customerId: string; email: string }[];
    /** Additions the guard holds (not granted until approved). */
    additions?: { customerId: string; email: string }[];
    /** Accounts with anything held. */
    accounts?: string[];
  };
  /**
   * Set when this run approved a held one: it applied exactly the held part, or re-planned from the
   * same source and mapping because Teams or billing had changed since (`changed` says which).
   */
  approval?: { heldRunId: string; outcome: 'applied' | 'replanned'; changed: ('billing' | 'teams')[] };
  /** Runs a dead process had left 'running', closed as interrupted when this one took over. */
  interrupted: string[];
  problems: string[];
  requests: GraphStats;
  durationMs: number;
}

export function emptyCounts(): Pick<SyncSummary, 'accounts' | 'members' | 'team' | 'roles' | 'provisioning'> {
  return {
    accounts: { desired: 0, complete: 0, created: 0, renamed: 0, archived: 0, revived: 0, adopted: 0 },
    members: { added: 0, removed: 0, failed: 0 },
    team: { added: 0, removed: 0 },
    roles: { promoted: 0, demoted: 0 },
    provisioning: { repaired: 0, incomplete: 0, incompleteAccounts: [], notCreated: [] },
  };
}

/** The first line of a run's report: its status and how many accounts are complete. */
export function headline(s: SyncSummary): string {
  return `Sync ${s.status}: ${s.accounts.complete} of ${s.accounts.desired} accounts complete${s.runId ? ` (run ${s.runId})` : ''}`;
}

/** A readable plan for --dry-run: one line per change. */
export function formatPlan(plan: SyncPlan): string[] {
  const lines: string[] = [];
  for (const c of plan.channels) {
    if (c.kind === 'create')
      lines.push(`create channel "${c.displayName}" for ${c.customerId} with ${c.initialMembers.length} initial members`);
    else if (c.kind === 'rename') lines.push(`rename channel of ${c.customerId}: "${c.from}" -> "${c.to}"`);
    else if (c.kind === 'archive') lines.push(`archive ${c.customerId}: "${c.from}" -> "${c.to}" (since ${c.since})`);
    else if (c.kind === 'revive') lines.push(`revive ${c.customerId}: "${c.from}" -> "${c.to}"`);
    else if (c.kind === 'adopt') lines.push(`adopt existing channel "${c.displayName}" for ${c.customerId}`);
    else lines.push(`${c.customerId} missing from billing since ${c.since}`);
  }
  for (const t of plan.teamAdds) lines.push(`add to team: ${t.email}`);
  for (const a of plan.adds) lines.push(`add ${a.email} to ${a.customerId}${a.owner ? ' as owner' : ''}`);
  for (const c of plan.roleChanges)
    lines.push(
      c.owner
        ? `make ${c.email} an owner of ${c.customerId}`
        : `make ${c.email} a plain member of ${c.customerId} (no longer an owner in billing)`,
    );
  for (const r of plan.removes) lines.push(`remove ${r.email ?? r.userId} from ${r.customerId} (${r.reason})`);
  for (const t of plan.teamRemoves) lines.push(`remove from team: ${t.email ?? t.userId}`);
  for (const u of plan.unknownPeople) lines.push(`unknown in directory: ${u.email} (${u.accounts.join(', ')})`);
  return lines;
}
