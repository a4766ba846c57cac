import type { EnqueueInput, Repositories } from '../store';

/** What judging a plan reads, and what recording a held run writes. */
type GuardStore = Pick<Repositories, 'syncRuns' | 'sites'>;
type HeldRecordStore = Pick<Repositories, 'audit' | 'outbox'>;
import type { DesiredAccount } from '../membership';
import type { DirectoryUser } from '../ports/teams-directory';
import { guard, isEmptyPlan, splitPlan, type GuardLimits, type GuardVerdict } from './guard';
import type { SyncPlan } from './plan';
import type { SyncSummary } from './summary';

export interface JudgedPlan {
  verdict: GuardVerdict;
  /** What goes ahead now (the whole plan when nothing is held or the run was approved). */
  apply: SyncPlan;
  /** What waits for approval; empty when nothing is held. */
  held: SyncPlan;
  isHeld: boolean;
}

/**
 * Reads what the guard compares against (the last accepted export's row count, the sites recorded by
 * earlier runs) and judges the plan. An approved run (--confirm-removals) applies everything.
 */
export async function judgePlan(
  store: GuardStore,
  plan: SyncPlan,
  input: {
    rows: number;
    desired: ReadonlyMap<string, DesiredAccount>;
    recordedMembers: ReadonlyMap<string, ReadonlySet<string>>;
    knownActiveAccounts: number;
    limits: GuardLimits;
    approved?: boolean;
  },
): Promise<JudgedPlan> {
  const lastAccepted = await store.syncRuns.lastAccepted();
  const previousSites = new Map<string, Set<string>>();
  for (const s of await store.sites.listAll())
    previousSites.set(s.customerId, (previousSites.get(s.customerId) ?? new Set()).add(s.siteId));
  const verdict = guard(plan, {
    rows: input.rows,
    lastAcceptedRows: lastAccepted?.rowsTotal ?? null,
    desired: input.desired,
    previousSites,
    knownActiveAccounts: input.knownActiveAccounts,
    largestFootprint: largestFootprint(input.recordedMembers),
    limits: input.limits,
  });
  if (input.approved || !verdict.held)
    return {
      verdict,
      apply: plan,
      held: splitPlan(plan, {
        holdAllRemovals: false,
        heldRemovalAccounts: [],
        heldAdditionAccounts: [],
        heldPeople: [],
        heldMissingAccounts: [],
      }).held,
      isHeld: false,
    };
  const parts = splitPlan(plan, verdict);
  return { verdict, ...parts, isHeld: !isEmptyPlan(parts.held) };
}

/** The summary's record of what waits and why. */
export function heldSummary(held: SyncPlan, verdict: GuardVerdict): NonNullable<SyncSummary['held']> {
  return {
    reasons: verdict.reasons,
    removals: [
      ...held.removes.map((r) => ({ customerId: r.customerId, email: r.email, reason: r.reason })),
      ...held.teamRemoves.map((t) => ({ customerId: '(team)', email: t.email, reason: 'no-account' })),
    ],
    demotions: held.roleChanges.filter((c) => !c.owner).map((c) => ({ customerId: c.customerId, email: c.email })),
    additions: held.adds.map((a) => ({ customerId: a.customerId, email: a.email })),
    accounts: [...new Set([...held.removes, ...held.adds, ...held.channels].map((x) => x.customerId))].sort(),
  };
}

/**
 * Records the held part: one audit entry per held account (and one for the run), and an approval
 * note to each affected account's owners listing what waits there and why. Nothing in it is applied.
 */
export async function recordHeld(
  deps: {
    store: HeldRecordStore;
    runId: string;
    desired: ReadonlyMap<string, DesiredAccount>;
    users: ReadonlyMap<string, DirectoryUser | null>;
  },
  held: SyncPlan,
  verdict: GuardVerdict,
): Promise<void> {
  const { store, runId } = deps;
  const accounts = new Map<string, { removals: SyncPlan['removes']; additions: SyncPlan['adds']; demotions: number; channels: string[] }>();
  const at = (id: string) => accounts.get(id) ?? accounts.set(id, { removals: [], additions: [], demotions: 0, channels: [] }).get(id)!;
  for (const r of held.removes) at(r.customerId).removals.push(r);
  for (const a of held.adds) at(a.customerId).additions.push(a);
  for (const c of held.roleChanges) at(c.customerId).demotions++;
  for (const c of held.channels) at(c.customerId).channels.push(c.kind);
  const reasonsFor = (customerId: string, userIds: ReadonlySet<string>) =>
    verdict.reasons.filter(
      (r) => r.scope === 'run-removals' || r.customerId === customerId || (r.userId !== undefined && userIds.has(r.userId)),
    );

  const audit: Parameters<HeldRecordStore['audit']['append']>[1][number][] = [];
  const notes: EnqueueInput[] = [];
  for (const [customerId, part] of [...accounts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const reasons = reasonsFor(customerId, new Set(part.additions.map((a) => a.userId)));
    audit.push({
      action: 'changes-held',
      customerId,
      reason: reasons.map((r) => r.message).join('; ') || 'guard',
      detail: {
        removals: part.removals.length,
        additions: part.additions.length,
        demotions: part.demotions,
        channel: part.channels,
        codes: reasons.map((r) => r.code),
      },
    });
    // Held additions get a card too: a wrongly mapped column must not wait unseen.
    if (part.removals.length === 0 && part.demotions === 0 && part.additions.length === 0) continue;
    for (const owner of deps.desired.get(customerId)?.owners ?? []) {
      const user = deps.users.get(owner.email);
      if (!user) continue;
      notes.push({
        idempotencyKey: `approval:${runId}:${customerId}:${user.id}`,
        kind: 'removal-approval',
        customerId,
        target: { userId: user.id, email: owner.email },
        payload: {
          runId,
          customerId,
          reasons,
          removals: part.removals.map((r) => ({ email: r.email, reason: r.reason })),
          additions: part.additions.map((a) => ({ email: a.email })),
        },
      });
    }
  }
  audit.push({
    action: 'removals-held',
    reason: verdict.reasons.map((r) => r.message).join('; ') || 'guard',
    detail: {
      removals: held.removes.length + held.teamRemoves.length,
      additions: held.adds.length,
      demotions: held.roleChanges.length,
      accounts: accounts.size,
    },
  });
  await store.audit.append(runId, audit);
  if (notes.length) await store.outbox.enqueueMany(notes);
}

/** The most account channels any one person is recorded in. */
export function largestFootprint(recorded: ReadonlyMap<string, ReadonlySet<string>>): number {
  const count = new Map<string, number>();
  let max = 0;
  for (const ids of recorded.values()) for (const id of ids) max = Math.max(max, count.set(id, (count.get(id) ?? 0) + 1).get(id)!);
  return max;
}
