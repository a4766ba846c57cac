import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Repositories } from '../store';
import type { ColumnMapping } from '../billing';
import type { DesiredAccount } from '../membership';
import type { ConversationMember } from '../ports/teams-directory';
import type { AppliedChange } from './applied-change';
import type { GuardReason } from './guard';
import type { SyncPlan } from './plan';
import { channelSnapshots } from './results';

/** What a held run keeps for its approval: the held part of its plan and why it was held. */
export interface HeldPart {
  plan: Pick<SyncPlan, 'channels' | 'adds' | 'removes' | 'roleChanges' | 'teamAdds' | 'teamRemoves'>;
  reasons: GuardReason[];
  /** Per held account: the part of Teams its own held changes depend on, so one account can be approved alone. */
  accountTeamsFingerprints?: Record<string, string>;
  /** Accounts approved one at a time (from their approval card or `--account`); the run is done when all are. */
  approvals?: AccountApproval[];
}

export interface AccountApproval {
  customerId: string;
  approvedBy: string;
  approvalRunId: string;
  at: string;
}

/** Teams as the fingerprint sees it: members per channel and the team roster (user ids). */
export interface TeamsState {
  members: ReadonlyMap<string, readonly { userId: string; isOwner: boolean }[]>;
  /** Undefined when the roster is not read (shared channels). */
  teamUserIds?: ReadonlySet<string>;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const emails = (people: readonly { email: string }[]) => people.map((p) => p.email).sort();

/**
 * The desired state billing gives (with manual access and walls applied): who should be where, and
 * which accounts end. Reasons and line numbers are left out: the same people from a re-sorted export
 * are the same decision.
 */
export function billingFingerprint(desired: ReadonlyMap<string, DesiredAccount>): string {
  const accounts = [...desired.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, a]) => [id, a.name, a.ended, a.contractEnd ?? null, emails(a.owners), emails(a.members), emails(a.excluded)]);
  return sha256(accounts);
}

/**
 * The part of Teams the held plan depends on: the members (and owners) of every channel it touches
 * and whether each person it would add to or remove from the team is in it now.
 */
export function teamsFingerprint(held: HeldPart['plan'], teams: TeamsState): string {
  const channelIds = new Set<string>();
  for (const r of held.removes) channelIds.add(r.channelId);
  for (const a of held.adds) if (a.channelId) channelIds.add(a.channelId);
  for (const c of held.roleChanges) channelIds.add(c.channelId);
  for (const c of held.channels) if (c.kind === 'archive') channelIds.add(c.channelId);
  const channels = [...channelIds]
    .sort()
    .map((id) => [id, (teams.members.get(id) ?? []).map((m) => `${m.userId}:${m.isOwner ? 'owner' : 'member'}`).sort()]);
  const people = [...new Set([...held.teamAdds, ...held.teamRemoves].map((t) => t.userId))].sort();
  const team = people.map((userId) => [userId, teams.teamUserIds ? teams.teamUserIds.has(userId) : null]);
  return sha256({ channels, team });
}

/** Teams after a run applied its part: what it read, with the changes that succeeded. */
export function teamsAfter(
  read: { members: ReadonlyMap<string, readonly ConversationMember[]>; teamMembers?: readonly ConversationMember[] },
  results: readonly AppliedChange[],
): TeamsState {
  const members = new Map<string, { userId: string; isOwner: boolean }[]>(
    [...read.members].map(([id, list]) => [id, list.map((m) => ({ userId: m.userId, isOwner: m.isOwner }))]),
  );
  for (const [channelId, s] of channelSnapshots(results, read.members))
    members.set(
      channelId,
      s.members.map((m) => ({ userId: m.userId, isOwner: m.roles.includes('owner') })),
    );
  if (!read.teamMembers) return { members };
  const team = new Set(read.teamMembers.map((m) => m.userId));
  for (const c of results) {
    if (c.kind === 'team-add' && c.ok) team.add(c.userId);
    if (c.kind === 'team-remove' && c.ok) team.delete(c.userId);
  }
  return { members, teamUserIds: team };
}

/** Teams as read at the start of a run. */
export function teamsRead(read: {
  members: ReadonlyMap<string, readonly ConversationMember[]>;
  teamMembers?: readonly ConversationMember[];
}): TeamsState {
  return { members: read.members, teamUserIds: read.teamMembers ? new Set(read.teamMembers.map((m) => m.userId)) : undefined };
}

/** A local export is kept by its absolute path, so an approval from another directory reads the same file. */
const sourceForApproval = (source: string) => (/^https?:\/\//i.test(source) ? source : path.resolve(source));

/** Keeps what approving the run needs. */
export async function saveHeldRun(
  store: Pick<Repositories, 'heldRuns'>,
  run: { runId: string; source: string; mapping: ColumnMapping; mappingName?: string },
  held: SyncPlan,
  reasons: GuardReason[],
  fingerprints: { billing: string; teams: TeamsState },
): Promise<void> {
  const part: HeldPart = {
    plan: {
      channels: held.channels,
      adds: held.adds,
      removes: held.removes,
      roleChanges: held.roleChanges,
      teamAdds: held.teamAdds,
      teamRemoves: held.teamRemoves,
    },
    reasons,
  };
  part.accountTeamsFingerprints = Object.fromEntries(
    heldAccounts(part.plan).map((id) => [id, accountTeamsFingerprint(part.plan, id, fingerprints.teams)]),
  );
  await store.heldRuns.save({
    runId: run.runId,
    source: sourceForApproval(run.source),
    mapping: run.mapping,
    mappingName: run.mappingName ?? null,
    held: part,
    billingFingerprint: fingerprints.billing,
    teamsFingerprint: teamsFingerprint(part.plan, fingerprints.teams),
  });
}

/**
 * The stored held part against Teams as read now (the fingerprint matched, so the same people are in
 * the same places): membership ids are taken from this read, as a membership may have been re-made.
 */
export function refreshedPlan(
  part: HeldPart['plan'],
  base: SyncPlan,
  read: { members: ReadonlyMap<string, readonly ConversationMember[]>; teamMembers?: readonly ConversationMember[] },
): SyncPlan {
  const membershipIn = (channelId: string, userId: string, was: string) =>
    (read.members.get(channelId) ?? []).find((m) => m.userId === userId)?.membershipId ?? was;
  const team = new Map((read.teamMembers ?? []).map((m) => [m.userId, m.membershipId]));
  return {
    ...base,
    channels: part.channels,
    adds: part.adds,
    removes: part.removes.map((r) => ({ ...r, membershipId: membershipIn(r.channelId, r.userId, r.membershipId) })),
    roleChanges: part.roleChanges.map((c) => ({ ...c, membershipId: membershipIn(c.channelId, c.userId, c.membershipId) })),
    teamAdds: part.teamAdds,
    teamRemoves: part.teamRemoves.map((t) => ({ ...t, membershipId: team.get(t.userId) ?? t.membershipId })),
  };
}

/**
 * One account's channels as its held changes depend on them. The team roster is left out: another
 * account's approval of the same run may change it, and team changes already made are skipped anyway.
 */
export function accountTeamsFingerprint(plan: HeldPart['plan'], customerId: string, teams: TeamsState): string {
  return teamsFingerprint({ ...accountSlice(plan, [customerId], []), teamAdds: [], teamRemoves: [] }, teams);
}

/** The accounts a held part holds changes for, sorted. */
export function heldAccounts(plan: HeldPart['plan']): string[] {
  return [...new Set([...plan.removes, ...plan.adds, ...plan.roleChanges, ...plan.channels].map((x) => x.customerId))].sort();
}

/**
 * The held changes of the accounts being approved, with the team changes that serve them. A team
 * addition goes with a channel addition of these accounts; a team removal only when none of the
 * accounts that stay held still involves the person (they stay in the team while anything held
 * may keep or give them a channel). Team changes tied to no account go with the last approval.
 */
export function accountSlice(plan: HeldPart['plan'], approving: readonly string[], stillHeld: readonly string[]): HeldPart['plan'] {
  const now = new Set(approving);
  const later = new Set(stillHeld);
  const mine = <T extends { customerId: string }>(xs: readonly T[]) => xs.filter((x) => now.has(x.customerId));
  const peopleOf = (ids: ReadonlySet<string>) =>
    new Set([...plan.adds, ...plan.removes, ...plan.roleChanges].filter((x) => ids.has(x.customerId)).map((x) => x.userId));
  const involvedNow = peopleOf(now);
  const involvedLater = peopleOf(later);
  // Team changes of people no held account involves wait for the last approval; those of people an
  // earlier approval involved were made (or deliberately left) by it.
  const unattached = (userId: string) =>
    later.size === 0 && ![...plan.adds, ...plan.removes, ...plan.roleChanges].some((x) => x.userId === userId);
  const addedNow = new Set(mine(plan.adds).map((a) => a.userId));
  return {
    channels: mine(plan.channels),
    adds: mine(plan.adds),
    removes: mine(plan.removes),
    roleChanges: mine(plan.roleChanges),
    teamAdds: plan.teamAdds.filter((t) => addedNow.has(t.userId) || unattached(t.userId)),
    teamRemoves: plan.teamRemoves.filter((t) => !involvedLater.has(t.userId) && (involvedNow.has(t.userId) || unattached(t.userId))),
  };
}

/**
 * Team changes that an earlier approval of the same run (or anyone) already made are left out: the
 * person added to the team is in it, the person removed is not.
 */
export function withoutDoneTeamChanges(plan: SyncPlan, teamMembers: readonly ConversationMember[] | undefined): SyncPlan {
  if (!teamMembers) return plan;
  const inTeam = new Set(teamMembers.map((m) => m.userId));
  return {
    ...plan,
    teamAdds: plan.teamAdds.filter((t) => !inTeam.has(t.userId)),
    teamRemoves: plan.teamRemoves.filter((t) => inTeam.has(t.userId)),
  };
}
