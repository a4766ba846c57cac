import { normaliseEmailOrNull } from '../domain/email';
import type { DesiredAccount, DesiredPerson, AccessReason } from '../membership';
import type { ChannelInfo, ConversationMember, DirectoryUser } from '../ports/teams-directory';
import {
  archivedChannelName,
  channelDescription,
  channelNameFor,
  customerIdFromDescription,
} from './channel-naming';

/** What the store knows about an account's channel from earlier runs. */
export interface KnownAccount {
  customerId: string;
  name: string;
  channelId: string | null;
  channelName: string | null;
  channelState: 'none' | 'active' | 'archived';
  missingSince: string | null;
}

export interface PlanInput {
  desired: ReadonlyMap<string, DesiredAccount>;
  /** Keyed by normalised email; null = the directory does not know the person. */
  users: ReadonlyMap<string, DirectoryUser | null>;
  known: ReadonlyMap<string, KnownAccount>;
  channels: readonly ChannelInfo[];
  /** Current members per channel id (only for channels that exist). */
  members: ReadonlyMap<string, readonly ConversationMember[]>;
  /** Team roster, needed in private mode (private-channel members must be team members). */
  teamMembers?: readonly ConversationMember[];
  /** Object ids of everyone this app has ever managed: only they are ever removed from the team. */
  managedUserIds?: ReadonlySet<string>;
  /** Per account, who this app recorded as a channel member: anyone else was added by hand in Teams. */
  recordedMembers?: ReadonlyMap<string, ReadonlySet<string>>;
  channelType: 'private' | 'shared';
  /** yyyy-mm-dd in the app's time zone. */
  today: string;
  graceDays: number;
}

export interface PlannedMember {
  customerId: string;
  userId: string;
  email: string;
  owner: boolean;
  reasons: AccessReason[];
}

export interface MemberAdd extends PlannedMember {
  channelId: string | null; // null = the channel is created in this run
}

export interface MemberRemove {
  customerId: string;
  channelId: string;
  membershipId: string;
  userId: string;
  email: string | null;
  wasOwner: boolean;
  reason: 'not-in-billing' | 'excluded-by-owner' | 'account-archived' | 'added-by-hand';
}

/**
 * An existing member whose channel role must change: promoted to owner (key account director,
 * co-owner, service account) or demoted to a plain member (still wanted, no longer an owner).
 */
export interface RoleChange {
  customerId: string;
  channelId: string;
  membershipId: string;
  userId: string;
  email: string;
  /** The new role: true = owner, false = plain member. */
  owner: boolean;
  /** Why the person is wanted in the new role. */
  reasons: AccessReason[];
}

export type ChannelAction =
  | { kind: 'create'; customerId: string; displayName: string; description: string; initialMembers: PlannedMember[] }
  | { kind: 'adopt'; customerId: string; channelId: string; displayName: string }
  | { kind: 'rename'; customerId: string; channelId: string; from: string; to: string }
  | { kind: 'archive'; customerId: string; channelId: string; from: string; to: string; since: string }
  | { kind: 'revive'; customerId: string; channelId: string; from: string; to: string }
  | { kind: 'mark-missing'; customerId: string; since: string };

export interface UnknownPerson {
  email: string;
  accounts: string[];
}

export interface SyncPlan {
  channels: ChannelAction[];
  adds: MemberAdd[];
  removes: MemberRemove[];
  /** Promotions first, then demotions: a channel is never left without an owner. */
  roleChanges: RoleChange[];
  teamAdds: { userId: string; email: string }[];
  teamRemoves: { membershipId: string; userId: string; email: string | null }[];
  unknownPeople: UnknownPerson[];
  /** Memberships in account channels now (the guard's denominator). */
  currentMemberships: number;
  /** Members per account in its existing, active channel now (the guard judges each account by it). */
  currentByAccount?: ReadonlyMap<string, number>;
  desiredMemberships: number;
  /** Everyone who should be in some active account channel (object ids). */
  wantedUserIds: string[];
}

/** Private channels take at most 200 members at creation (graph "channel-post"); shared ones exactly one owner. */
export const MAX_INITIAL_PRIVATE_MEMBERS = 200;

const daysBetween = (from: string, to: string) =>
  Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const byId = <T extends { customerId: string }>(a: T, b: T) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

interface ActiveTarget {
  account: DesiredAccount;
  channelId: string | null;
  displayName: string;
}

/**
 * Compares billing's desired state with what Teams has and lists every change. Pure: the same
 * input always gives the same plan, which `--dry-run` prints and the guard inspects.
 */
export function planSync(input: PlanInput): SyncPlan {
  const channelsById = new Map(input.channels.map((c) => [c.id, c]));
  const channelByCustomer = new Map<string, ChannelInfo>();
  for (const c of input.channels) {
    const id = customerIdFromDescription(c.description);
    if (id && !channelByCustomer.has(id)) channelByCustomer.set(id, c);
  }
  const takenNames = new Set(input.channels.map((c) => c.displayName.toLowerCase()));
  const channels: ChannelAction[] = [];
  const active: ActiveTarget[] = [];
  const unknown = new Map<string, Set<string>>();

  // Which existing channel belongs to which account: the recorded id first, then the description marker.
  const channelFor = (customerId: string): ChannelInfo | undefined => {
    const known = input.known.get(customerId);
    const recorded = known?.channelId ? channelsById.get(known.channelId) : undefined;
    return recorded ?? channelByCustomer.get(customerId);
  };

  const desiredSorted = [...input.desired.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  for (const account of desiredSorted) {
    const existing = channelFor(account.accountId);
    const known = input.known.get(account.accountId);
    if (account.ended && account.contractEnd && daysBetween(account.contractEnd, input.today) >= input.graceDays) {
      if (existing && !existing.displayName.startsWith('Arkisto')) {
        channels.push({ kind: 'archive', customerId: account.accountId, channelId: existing.id, from: existing.displayName, to: archivedChannelName(existing.displayName), since: account.contractEnd });
      }
      continue;
    }
    if (!existing) {
      const displayName = channelNameFor(account.name, account.accountId, takenNames);
      takenNames.add(displayName.toLowerCase());
      channels.push({ kind: 'create', customerId: account.accountId, displayName, description: channelDescription(account.name, account.accountId), initialMembers: [] });
      active.push({ account, channelId: null, displayName });
      continue;
    }
    if (!known?.channelId || known.channelId !== existing.id) {
      channels.push({ kind: 'adopt', customerId: account.accountId, channelId: existing.id, displayName: existing.displayName });
    }
    const wasArchived = known?.channelState === 'archived' || existing.displayName.startsWith('Arkisto - ');
    const wanted = wasArchived || (known && known.name !== account.name)
      ? channelNameFor(account.name, account.accountId, withoutName(takenNames, existing.displayName))
      : existing.displayName;
    if (wasArchived) {
      channels.push({ kind: 'revive', customerId: account.accountId, channelId: existing.id, from: existing.displayName, to: wanted });
    } else if (wanted !== existing.displayName) {
      channels.push({ kind: 'rename', customerId: account.accountId, channelId: existing.id, from: existing.displayName, to: wanted });
    }
    takenNames.add(wanted.toLowerCase());
    active.push({ account, channelId: existing.id, displayName: wanted });
  }

  // Accounts with a channel that billing no longer lists: archived once the grace period has passed.
  const archivedIds = new Set<string>();
  for (const known of [...input.known.values()].sort(byId)) {
    if (input.desired.has(known.customerId) || known.channelState === 'archived') continue;
    const existing = channelFor(known.customerId);
    if (!existing) continue;
    const since = known.missingSince ?? input.today;
    if (!known.missingSince) channels.push({ kind: 'mark-missing', customerId: known.customerId, since });
    if (daysBetween(since, input.today) >= input.graceDays) {
      channels.push({ kind: 'archive', customerId: known.customerId, channelId: existing.id, from: existing.displayName, to: archivedChannelName(existing.displayName), since });
      archivedIds.add(existing.id);
    }
  }
  for (const a of channels) if (a.kind === 'archive') archivedIds.add(a.channelId);

  const adds: MemberAdd[] = [];
  const removes: MemberRemove[] = [];
  const promotions: RoleChange[] = [];
  const demotions: RoleChange[] = [];
  const wantedUsers = new Map<string, string>(); // userId -> email, across all active accounts
  const keptOwners = new Set<string>(); // owners left in a channel although billing no longer wants them there
  let currentMemberships = 0;
  let desiredMemberships = 0;
  const currentByAccount = new Map<string, number>();

  const resolve = (p: DesiredPerson, customerId: string): DirectoryUser | undefined => {
    const u = input.users.get(p.email);
    if (u) return u;
    unknown.set(p.email, (unknown.get(p.email) ?? new Set()).add(customerId));
    return undefined;
  };

  for (const target of active) {
    const { account } = target;
    const people: PlannedMember[] = [];
    for (const [list, owner] of [[account.owners, true], [account.members, false]] as const) {
      for (const p of list) {
        const u = resolve(p, account.accountId);
        if (!u || people.some((x) => x.userId === u.id)) continue;
        people.push({ customerId: account.accountId, userId: u.id, email: p.email, owner, reasons: p.reasons });
        wantedUsers.set(u.id, p.email);
      }
    }
    desiredMemberships += people.length;
    const excluded = new Set(account.excluded.map((p) => p.email));

    if (target.channelId === null) {
      const create = channels.find((c) => c.kind === 'create' && c.customerId === account.accountId) as Extract<ChannelAction, { kind: 'create' }>;
      const owners = people.filter((p) => p.owner);
      const members = people.filter((p) => !p.owner);
      const initial = input.channelType === 'shared' ? owners.slice(0, 1) : [...owners, ...members].slice(0, MAX_INITIAL_PRIVATE_MEMBERS);
      create.initialMembers = initial;
      const initialIds = new Set(initial.map((p) => p.userId));
      for (const p of people) if (!initialIds.has(p.userId)) adds.push({ ...p, channelId: null });
      continue;
    }

    const current = input.members.get(target.channelId) ?? [];
    currentMemberships += current.length;
    currentByAccount.set(account.accountId, current.length);
    const currentByUser = new Map(current.map((m) => [m.userId, m]));
    const wantedIds = new Map(people.map((p) => [p.userId, p]));
    const roleChange = (m: ConversationMember, p: PlannedMember): RoleChange =>
      ({ customerId: account.accountId, channelId: target.channelId!, membershipId: m.membershipId, userId: m.userId, email: p.email, owner: p.owner, reasons: p.reasons });
    let futureOwners = 0;
    for (const p of people) {
      const m = currentByUser.get(p.userId);
      if (!m) adds.push({ ...p, channelId: target.channelId });
      else if (p.owner && !m.isOwner) promotions.push(roleChange(m, p));
      if (p.owner) futureOwners++;
    }
    // Owners leave or step down only when someone wanted stays or becomes owner: apply promotes and
    // adds new owners before any owner is demoted or removed, so the channel always keeps one.
    // With no resolvable owner wanted (e.g. an unknown key account director) the owners stay as they are.
    for (const m of current) {
      const p = wantedIds.get(m.userId);
      if (p && m.isOwner && !p.owner && futureOwners > 0) demotions.push(roleChange(m, p));
      if (p) continue;
      if (m.isOwner && futureOwners === 0) {
        keptOwners.add(m.userId);
        continue;
      }
      const email = normaliseEmailOrNull(m.email);
      const reason = email && excluded.has(email) ? 'excluded-by-owner' : input.recordedMembers?.get(account.accountId)?.has(m.userId) ?? true ? 'not-in-billing' : 'added-by-hand';
      removes.push({ customerId: account.accountId, channelId: target.channelId, membershipId: m.membershipId, userId: m.userId, email, wasOwner: m.isOwner, reason });
    }
  }

  // Archiving keeps owners (so someone can still read the history) and removes everyone else.
  for (const action of channels) {
    if (action.kind !== 'archive') continue;
    const current = input.members.get(action.channelId) ?? [];
    currentMemberships += current.length;
    for (const m of current) {
      if (m.isOwner) {
        keptOwners.add(m.userId);
        continue;
      }
      removes.push({ customerId: action.customerId, channelId: action.channelId, membershipId: m.membershipId, userId: m.userId, email: normaliseEmailOrNull(m.email), wasOwner: false, reason: 'account-archived' });
    }
  }

  const teamAdds: SyncPlan['teamAdds'] = [];
  const teamRemoves: SyncPlan['teamRemoves'] = [];
  if (input.channelType === 'private' && input.teamMembers) {
    const inTeam = new Set(input.teamMembers.map((m) => m.userId));
    for (const [userId, email] of [...wantedUsers].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
      if (!inTeam.has(userId)) teamAdds.push({ userId, email });
    }
    for (const m of input.teamMembers) {
      // Leaving the team takes a person out of its private channels too, so an owner the plan keeps
      // in a channel (the last owner, or an archived channel's owner) stays in the team.
      if (m.isOwner || wantedUsers.has(m.userId) || keptOwners.has(m.userId) || !input.managedUserIds?.has(m.userId)) continue;
      teamRemoves.push({ membershipId: m.membershipId, userId: m.userId, email: normaliseEmailOrNull(m.email) });
    }
  }

  return {
    channels,
    adds,
    removes,
    roleChanges: [...promotions, ...demotions],
    teamAdds,
    teamRemoves,
    unknownPeople: [...unknown].map(([email, accounts]) => ({ email, accounts: [...accounts].sort() })).sort((a, b) => (a.email < b.email ? -1 : 1)),
    currentMemberships,
    currentByAccount,
    desiredMemberships,
    wantedUserIds: [...wantedUsers.keys()].sort(),
  };
}

function withoutName(names: ReadonlySet<string>, name: string): Set<string> {
  const copy = new Set(names);
  copy.delete(name.toLowerCase());
  return copy;
}
