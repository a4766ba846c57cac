import type { ActualMembershipInput, AuditInput, EnqueueInput } from '../store';
import type { ConversationMember } from '../ports/teams-directory';
import type { AppliedChange, AppliedOf } from './applied-change';
import type { MemberAdd, PlannedMember } from './plan';
import type { SyncSummary } from './summary';
import type { AccessReason } from '../membership';
import { describeReasons } from './reasons';

/*
 * The one place that turns applied changes into what the run records: audit entries, outbox notes,
 * account and membership rows (per change, written in the step that applied it), and the summary
 * and channel snapshots (once, from all results).
 */

export type MembershipDelta =
  | { op: 'upsert'; customerId: string; channelId: string; member: ActualMembershipInput }
  | { op: 'remove'; customerId: string; userId: string };

export type AccountChange =
  | { op: 'set-channel'; customerId: string; channelId: string; channelName: string; teamId?: string }
  | { op: 'revive' | 'archive'; customerId: string; channelName: string }
  | { op: 'mark-missing'; customerId: string };

export interface Effects {
  audit: AuditInput[];
  outbox: EnqueueInput[];
  memberships: MembershipDelta[];
  account?: AccountChange;
}

/** What the results need to know about the run. */
export interface RecordContext {
  /** The run whose changes these are: a person's access notes of one run become one card. */
  runId: string;
  /** Access notes wait until the run ends (then released) or, if it dies, until this time (ISO). */
  notesHeldUntil?: string;
  teamId: string;
  /** The team that holds a channel (several teams: TEAM_IDS); teamId when not given. */
  teamOf?: (channelId: string) => string;
  today: string;
  graceDays: number;
  accountName: (customerId: string) => string;
}

/** In Teams, what shows that a change happened (the journal checks it after a crash). */
export type Check =
  | { in: 'channel'; channelId: string; userId: string; present: boolean; owner?: boolean }
  | { in: 'team'; userId: string; present: boolean; teamId?: string };

export function checkOf(c: AppliedChange): Check | undefined {
  switch (c.kind) {
    case 'member-add':
      return { in: 'channel', channelId: c.add.channelId, userId: c.add.userId, present: true };
    case 'member-remove':
      return { in: 'channel', channelId: c.remove.channelId, userId: c.remove.userId, present: false };
    case 'role':
      return { in: 'channel', channelId: c.change.channelId, userId: c.change.userId, present: true, owner: c.change.owner };
    case 'team-add':
      return { in: 'team', userId: c.userId, present: true, ...(c.teamId ? { teamId: c.teamId } : {}) };
    case 'team-remove':
      return { in: 'team', userId: c.userId, present: false, ...(c.teamId ? { teamId: c.teamId } : {}) };
    default:
      return undefined;
  }
}

const none = (): Effects => ({ audit: [], outbox: [], memberships: [] });
const member = (p: Pick<PlannedMember, 'userId' | 'email' | 'owner'>, membershipId: string | null = null): ActualMembershipInput => ({
  userId: p.userId,
  email: p.email,
  membershipId,
  roles: p.owner ? ['owner'] : [],
});
const addedEntry = (customerId: string, p: PlannedMember): AuditInput => ({
  action: 'member-added',
  customerId,
  email: p.email,
  reason: describeReasons(p.reasons),
  detail: { userId: p.userId, owner: p.owner, reasons: p.reasons },
});

/** What one successful change writes, in the same transaction as its journal entry is closed. */
export function effectsOf(c: AppliedChange, rc: RecordContext): Effects {
  if (!c.ok) return none();
  switch (c.kind) {
    case 'team-add':
      return {
        ...none(),
        audit: [{ action: 'team-member-added', email: c.email, reason: 'member of an account channel', detail: { userId: c.userId } }],
      };
    case 'team-remove':
      return {
        ...none(),
        audit: [{ action: 'team-member-removed', email: c.email, reason: 'no longer in any account', detail: { userId: c.userId } }],
      };
    case 'member-add': {
      const a = c.add;
      return {
        audit: [addedEntry(a.customerId, a)],
        outbox: [accessNote(rc, a)],
        memberships: [{ op: 'upsert', customerId: a.customerId, channelId: a.channelId, member: member(a, c.membershipId ?? null) }],
      };
    }
    case 'member-remove': {
      const r = c.remove;
      return {
        ...none(),
        audit: [
          {
            action: 'member-removed',
            customerId: r.customerId,
            email: r.email,
            reason: r.reason,
            detail: { userId: r.userId, wasOwner: r.wasOwner },
          },
        ],
        memberships: [{ op: 'remove', customerId: r.customerId, userId: r.userId }],
      };
    }
    case 'role': {
      const x = c.change;
      const reason = x.owner ? describeReasons(x.reasons) : `no longer an owner in billing; stays as ${describeReasons(x.reasons)}`;
      return {
        ...none(),
        audit: [
          {
            action: x.owner ? 'member-promoted' : 'member-demoted',
            customerId: x.customerId,
            email: x.email,
            reason,
            detail: { userId: x.userId, owner: x.owner, reasons: x.reasons },
          },
        ],
        memberships: [{ op: 'upsert', customerId: x.customerId, channelId: x.channelId, member: member(x) }],
      };
    }
    case 'channel':
      return channelEffects(c, rc);
    case 'held':
      return {
        ...none(),
        audit: [{ action: 'removals-held', reason: c.reasons, detail: { removals: c.removals, demotions: c.demotions } }],
        outbox: c.approvals,
      };
  }
}

function channelEffects(c: AppliedOf<'channel'>, rc: RecordContext): Effects {
  const a = c.action;
  const id = a.customerId;
  switch (a.kind) {
    case 'create':
    case 'adopt':
      return newChannelEffects(c, a, rc);
    case 'rename':
      return {
        ...none(),
        audit: [
          { action: 'channel-renamed', customerId: id, reason: 'customer name changed in billing', detail: { from: a.from, to: a.to } },
        ],
        account: { op: 'set-channel', customerId: id, channelId: a.channelId, channelName: a.to },
      };
    case 'revive':
      return {
        ...none(),
        audit: [{ action: 'channel-revived', customerId: id, reason: 'account is back in billing', detail: { from: a.from, to: a.to } }],
        account: { op: 'revive', customerId: id, channelName: a.to },
      };
    case 'archive':
      return {
        ...none(),
        audit: [
          {
            action: 'channel-archived',
            customerId: id,
            reason: `missing from billing or contract ended since ${a.since}`,
            detail: { channelId: a.channelId, from: a.from, to: a.to },
          },
        ],
        account: { op: 'archive', customerId: id, channelName: a.to },
      };
    case 'mark-missing':
      return {
        ...none(),
        audit: [{ action: 'account-missing', customerId: id, reason: `not in the billing export; archived after ${rc.graceDays} days` }],
        account: { op: 'mark-missing', customerId: id },
      };
  }
}

type NewChannelAction = Extract<AppliedOf<'channel'>['action'], { kind: 'create' | 'adopt' }>;

/** A created or adopted channel: a channel found again (its creator died before recording it) gets what a new one gets. */
function newChannelEffects(c: AppliedOf<'channel'>, a: NewChannelAction, rc: RecordContext): Effects {
  const id = a.customerId;
  const channelId = a.kind === 'create' ? c.created!.channelId : a.channelId;
  const displayName = a.kind === 'create' ? c.created!.displayName : a.displayName;
  const first = a.kind === 'create' ? c.created!.initial : a.present;
  return {
    audit: [newChannelEntry(c, a, channelId, displayName, first.length), ...first.map((p) => addedEntry(id, p))],
    outbox: [...first.map((p) => accessNote(rc, { ...p, channelId })), welcomePost(rc, id, channelId)],
    memberships: first.map((p) => ({ op: 'upsert' as const, customerId: id, channelId, member: member(p) })),
    account: { op: 'set-channel', customerId: id, channelId, channelName: displayName, teamId: rc.teamOf?.(channelId) },
  };
}

function newChannelEntry(
  c: AppliedOf<'channel'>,
  a: NewChannelAction,
  channelId: string,
  displayName: string,
  present: number,
): AuditInput {
  const prov = c.provisioning;
  return a.kind === 'create'
    ? {
        action: 'channel-created',
        customerId: a.customerId,
        reason: 'national account in billing',
        detail: { channelId, displayName, tabs: prov?.tabsAdded ?? [], folders: prov?.foldersCreated ?? [] },
      }
    : {
        action: 'channel-adopted',
        customerId: a.customerId,
        reason: 'existing channel carries the customer id',
        detail: { channelId, present },
      };
}

/** One channel in a person's access note: which account and why. */
export interface AccessChannel {
  customerId: string;
  accountName: string;
  channelId: string | null;
  reasons: AccessReason[];
}

/**
 * A person's access note for this run. Each added membership writes its own, in the same transaction
 * as the change; the store merges those of one (run, person) into the one pending item (`mergeAccessNotes`),
 * so the person gets one card listing every channel instead of one card per channel.
 */
function accessNote(
  rc: RecordContext,
  add: Pick<MemberAdd, 'customerId' | 'userId' | 'email' | 'reasons'> & { channelId: string | null },
): EnqueueInput {
  const channel: AccessChannel = {
    customerId: add.customerId,
    accountName: rc.accountName(add.customerId),
    channelId: add.channelId,
    reasons: add.reasons,
  };
  return {
    idempotencyKey: accessNoteKey(rc.runId, add.userId),
    kind: 'access-granted',
    customerId: null,
    target: { userId: add.userId, email: add.email },
    payload: { runId: rc.runId, channels: [channel] },
    ...(rc.notesHeldUntil ? { notBefore: new Date(rc.notesHeldUntil) } : {}),
  };
}

export const accessNoteKey = (runId: string, userId: string) => `${accessNotePrefix(runId)}${userId}`;
export const accessNotePrefix = (runId: string) => `access:${runId}:`;

/** The pending note with the incoming note's channels added (each channel once: writing twice changes nothing). */
export function mergeAccessNotes(existing: unknown, incoming: unknown): unknown {
  const a = existing as { runId: string; channels: AccessChannel[] };
  const b = incoming as { channels: AccessChannel[] };
  const known = new Set(a.channels.map((c) => c.customerId));
  return { ...a, channels: [...a.channels, ...b.channels.filter((c) => !known.has(c.customerId))] };
}

function welcomePost(rc: RecordContext, customerId: string, channelId: string): EnqueueInput {
  return {
    idempotencyKey: `welcome:${customerId}:${channelId}`,
    kind: 'welcome',
    customerId,
    target: { teamId: rc.teamOf?.(channelId) ?? rc.teamId, channelId },
    payload: { customerId, accountName: rc.accountName(customerId) },
  };
}

/** Counts, problems and the accounts left incomplete, from every phase's results. */
export function summarise(results: readonly AppliedChange[], summary: SyncSummary): Set<string> {
  const incomplete = new Set<string>();
  const fail = (customerIds: readonly string[], problem: string) => {
    for (const id of customerIds) incomplete.add(id);
    summary.problems.push(problem);
  };
  const teamFull: string[] = [];
  for (const c of results) {
    switch (c.kind) {
      case 'team-add':
        if (c.ok) summary.team.added++;
        else {
          summary.members.failed++;
          fail(c.customerIds, `could not add ${c.email} to the team: ${c.error}`);
        }
        break;
      case 'team-remove':
        if (c.ok) summary.team.removed++;
        else fail(['(team)'], `could not remove ${c.email ?? c.userId} from the team: ${c.error}`);
        break;
      case 'member-add':
        if (c.ok) summary.members.added++;
        else if (!c.add.channelId) {
          summary.members.failed++;
          incomplete.add(c.add.customerId);
        } // the channel's own problem says why
        else {
          summary.members.failed++;
          fail([c.add.customerId], `could not add ${c.add.email} to ${c.add.customerId}: ${c.error}`);
        }
        break;
      case 'member-remove':
        if (c.ok) summary.members.removed++;
        else {
          summary.members.failed++;
          fail([c.remove.customerId], `could not remove ${c.remove.email ?? c.remove.userId} from ${c.remove.customerId}: ${c.error}`);
        }
        break;
      case 'role':
        if (c.ok) summary.roles[c.change.owner ? 'promoted' : 'demoted']++;
        else {
          summary.members.failed++;
          fail(
            [c.change.customerId],
            `could not make ${c.change.email} ${c.change.owner ? 'an owner' : 'a plain member'} of ${c.change.customerId}: ${c.error}`,
          );
        }
        break;
      case 'deferred':
        fail([c.customerId], `${c.customerId}: ${c.what} waits for the next run (the new owner is not in place yet)`);
        break;
      case 'channel':
        if (c.teamFull) {
          teamFull.push(c.action.customerId);
          incomplete.add(c.action.customerId);
        } else if (!c.ok) fail([c.action.customerId], `${c.action.kind} ${c.action.customerId}: ${c.error}`);
        else countChannel(c, summary);
        if (c.provisioning?.problems.length) fail([c.action.customerId], `${c.action.customerId}: ${c.provisioning.problems.join('; ')}`);
        break;
      case 'held':
        break;
    }
  }
  if (teamFull.length) summary.problems.push(teamFullProblem(teamFull));
  return incomplete;
}

/** A full team refuses every further channel: one clear report instead of one per account. */
function teamFullProblem(customerIds: string[]): string {
  return (
    `every configured team is full: Teams allows 1,000 channels per team, deleted ones included for 30 days (private channels may be limited to 30 in tenants not yet migrated); ` +
    `${customerIds.length} accounts got no channel: ${[...customerIds].sort().join(', ')}. ` +
    `What to do: create a new team (the service account as owner, the app installed) and add its id to the end of TEAM_IDS, then run the sync again.`
  );
}

function countChannel(c: AppliedOf<'channel'>, summary: SyncSummary): void {
  const k = c.action.kind;
  if (k === 'create') {
    summary.accounts.created++;
    summary.members.added += c.created!.initial.length;
  }
  if (k === 'adopt') summary.accounts.adopted++;
  if (k === 'rename') summary.accounts.renamed++;
  if (k === 'revive') summary.accounts.revived++;
  if (k === 'archive') summary.accounts.archived++;
}

/**
 * What each touched channel now holds (the basis of "managed" people and of reports): the members
 * read at the start, without those removed, with the role changes and the adds.
 */
export function channelSnapshots(
  results: readonly AppliedChange[],
  before: ReadonlyMap<string, readonly ConversationMember[]>,
): Map<string, { customerId: string; members: ActualMembershipInput[] }> {
  const out = new Map<string, { customerId: string; byUser: Map<string, ActualMembershipInput> }>();
  const touch = (customerId: string, channelId: string) => {
    let s = out.get(channelId);
    if (!s) {
      s = {
        customerId,
        byUser: new Map(
          (before.get(channelId) ?? []).map((m) => [
            m.userId,
            { userId: m.userId, email: m.email, membershipId: m.membershipId, roles: m.roles },
          ]),
        ),
      };
      out.set(channelId, s);
    }
    return s.byUser;
  };
  const setOwner = (m: ActualMembershipInput, owner: boolean) => ({
    ...m,
    roles: owner ? [...m.roles.filter((r) => r !== 'owner'), 'owner'] : m.roles.filter((r) => r !== 'owner'),
  });
  for (const c of results) {
    if (!c.ok) continue;
    if (c.kind === 'channel' && c.created)
      for (const p of c.created.initial) touch(c.action.customerId, c.created.channelId).set(p.userId, member(p));
    if (c.kind === 'channel' && c.action.kind === 'adopt') touch(c.action.customerId, c.action.channelId);
    if (c.kind === 'member-add') touch(c.add.customerId, c.add.channelId).set(c.add.userId, member(c.add, c.membershipId ?? null));
    if (c.kind === 'member-remove') touch(c.remove.customerId, c.remove.channelId).delete(c.remove.userId);
    if (c.kind === 'role') {
      const m = touch(c.change.customerId, c.change.channelId);
      const was = m.get(c.change.userId);
      if (was) m.set(c.change.userId, setOwner(was, c.change.owner));
    }
  }
  return new Map([...out].map(([channelId, s]) => [channelId, { customerId: s.customerId, members: [...s.byUser.values()] }]));
}
