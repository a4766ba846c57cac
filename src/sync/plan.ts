import { normaliseEmailOrNull } from '../domain/email';
import type { DesiredAccount, AccessReason } from '../membership';
import type { ChannelInfo, ConversationMember, DirectoryUser } from '../ports/teams-directory';
import { archivedChannelName, channelDescription, channelNameFor, customerIdFromDescription } from './channel-naming';

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
  /**
   * More than one team (TEAM_IDS): each team's roster, which team holds each channel, and where new
   * channels go. Without them the plan has one team (teamMembers).
   */
  rosters?: ReadonlyMap<string, readonly ConversationMember[]>;
  channelTeams?: ReadonlyMap<string, string>;
  placement?: string;
  /** Object ids of everyone this app has ever managed: only they are ever removed from the team. */
  managedUserIds?: ReadonlySet<string>;
  /** Some channel's members could not be read this run: nobody leaves the team (they may be in it). */
  someChannelsUnread?: boolean;
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
  | { kind: 'create'; customerId: string; displayName: string; description: string; initialMembers: PlannedMember[]; teamId?: string }
  /** A channel found by its marker but not recorded (made by hand, or by a run that died): `present` = wanted people already in it. */
  | { kind: 'adopt'; customerId: string; channelId: string; displayName: string; present: PlannedMember[] }
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
  /** `teamId` set when the plan has more than one team (PlanInput.rosters); else the one team. */
  teamAdds: { userId: string; email: string; teamId?: string }[];
  teamRemoves: { membershipId: string; userId: string; email: string | null; teamId?: string }[];
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
const MAX_INITIAL_PRIVATE_MEMBERS = 200;

const daysBetween = (from: string, to: string) =>
  Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const byId = <T extends { customerId: string }>(a: T, b: T) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

interface ActiveTarget {
  account: DesiredAccount;
  channelId: string | null;
  displayName: string;
}

/** What the member planning gathers across accounts. */
interface MemberPlan {
  adds: MemberAdd[];
  removes: MemberRemove[];
  promotions: RoleChange[];
  demotions: RoleChange[];
  /** userId -> email, across all active accounts. */
  wantedUsers: Map<string, string>;
  /** The same per team that holds (or will hold) the account's channel. */
  wantedByTeam: Map<string, Map<string, string>>;
  unknown: Map<string, Set<string>>;
  currentMemberships: number;
  /** Members per account in its existing, active channel now (the guard judges each account by it). */
  currentByAccount: Map<string, number>;
  desiredMemberships: number;
}

/**
 * Compares billing's desired state with what Teams has and lists every change. Pure: the same
 * input always gives the same plan, which `--dry-run` prints and the guard inspects.
 */
export function planSync(input: PlanInput): SyncPlan {
  const { channels, active } = planChannels(input);
  const m: MemberPlan = {
    adds: [],
    removes: [],
    promotions: [],
    demotions: [],
    wantedUsers: new Map(),
    wantedByTeam: new Map(),
    unknown: new Map(),
    currentMemberships: 0,
    currentByAccount: new Map(),
    desiredMemberships: 0,
  };
  for (const target of active) planAccountMembers(input, target, channels, m);
  planArchiveRemovals(input, channels, m);
  const { teamAdds, teamRemoves } = planTeam(input, m);
  return {
    channels,
    adds: m.adds,
    removes: m.removes,
    roleChanges: [...m.promotions, ...m.demotions],
    teamAdds,
    teamRemoves,
    unknownPeople: [...m.unknown]
      .map(([email, accounts]) => ({ email, accounts: [...accounts].sort() }))
      .sort((a, b) => (a.email < b.email ? -1 : 1)),
    currentMemberships: m.currentMemberships,
    currentByAccount: m.currentByAccount,
    desiredMemberships: m.desiredMemberships,
    wantedUserIds: [...m.wantedUsers.keys()].sort(),
  };
}

/** Channel actions per account, and the accounts that keep (or get) an active channel. */
function planChannels(input: PlanInput): { channels: ChannelAction[]; active: ActiveTarget[] } {
  const channelsById = new Map(input.channels.map((c) => [c.id, c]));
  const channelByCustomer = new Map<string, ChannelInfo>();
  for (const c of input.channels) {
    const id = customerIdFromDescription(c.description);
    if (id && !channelByCustomer.has(id)) channelByCustomer.set(id, c);
  }
  // Which existing channel belongs to which account: the recorded id first, then the description marker.
  const channelFor = (customerId: string): ChannelInfo | undefined => {
    const known = input.known.get(customerId);
    return (known?.channelId ? channelsById.get(known.channelId) : undefined) ?? channelByCustomer.get(customerId);
  };
  const takenNames = new Set(input.channels.map((c) => c.displayName.toLowerCase()));
  const channels: ChannelAction[] = [];
  const active: ActiveTarget[] = [];
  for (const account of [...input.desired.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1))) {
    const target = planAccountChannel(input, account, channelFor(account.customerId), takenNames, channels);
    if (target) active.push(target);
  }
  channels.push(...planMissingAccounts(input, channelFor));
  return { channels, active };
}

/** One desired account's channel: archive (contract ended), create, or adopt/rename/revive the existing one. */
function planAccountChannel(
  input: PlanInput,
  account: DesiredAccount,
  existing: ChannelInfo | undefined,
  takenNames: Set<string>,
  channels: ChannelAction[],
): ActiveTarget | undefined {
  const id = account.customerId;
  const known = input.known.get(id);
  if (account.ended && account.contractEnd && daysBetween(account.contractEnd, input.today) >= input.graceDays) {
    if (existing && !existing.displayName.startsWith('Arkisto')) {
      channels.push({
        kind: 'archive',
        customerId: id,
        channelId: existing.id,
        from: existing.displayName,
        to: archivedChannelName(existing.displayName),
        since: account.contractEnd,
      });
    }
    return undefined;
  }
  if (!existing) {
    const displayName = channelNameFor(account.name, id, takenNames);
    takenNames.add(displayName.toLowerCase());
    channels.push({
      kind: 'create',
      customerId: id,
      displayName,
      description: channelDescription(account.name, id),
      initialMembers: [],
      ...(input.placement ? { teamId: input.placement } : {}),
    });
    return { account, channelId: null, displayName };
  }
  if (!known?.channelId || known.channelId !== existing.id) {
    channels.push({ kind: 'adopt', customerId: id, channelId: existing.id, displayName: existing.displayName, present: [] });
  }
  const wasArchived = known?.channelState === 'archived' || existing.displayName.startsWith('Arkisto - ');
  const wanted =
    wasArchived || (known && known.name !== account.name)
      ? channelNameFor(account.name, id, withoutName(takenNames, existing.displayName))
      : existing.displayName;
  if (wasArchived) channels.push({ kind: 'revive', customerId: id, channelId: existing.id, from: existing.displayName, to: wanted });
  else if (wanted !== existing.displayName)
    channels.push({ kind: 'rename', customerId: id, channelId: existing.id, from: existing.displayName, to: wanted });
  takenNames.add(wanted.toLowerCase());
  return { account, channelId: existing.id, displayName: wanted };
}

/** Accounts with a channel that billing no longer lists: marked missing, archived once the grace period has passed. */
function planMissingAccounts(input: PlanInput, channelFor: (customerId: string) => ChannelInfo | undefined): ChannelAction[] {
  const actions: ChannelAction[] = [];
  for (const known of [...input.known.values()].sort(byId)) {
    if (input.desired.has(known.customerId) || known.channelState === 'archived') continue;
    const existing = channelFor(known.customerId);
    if (!existing) continue;
    const since = known.missingSince ?? input.today;
    if (!known.missingSince) actions.push({ kind: 'mark-missing', customerId: known.customerId, since });
    if (daysBetween(since, input.today) >= input.graceDays) {
      actions.push({
        kind: 'archive',
        customerId: known.customerId,
        channelId: existing.id,
        from: existing.displayName,
        to: archivedChannelName(existing.displayName),
        since,
      });
    }
  }
  return actions;
}

/** The people billing wants in one account (owners first), resolved; the unknown ones are noted. */
function wantedPeople(input: PlanInput, account: DesiredAccount, m: MemberPlan, teamId: string | undefined): PlannedMember[] {
  const people: PlannedMember[] = [];
  const inTeam = teamId === undefined ? undefined : (m.wantedByTeam.get(teamId) ?? m.wantedByTeam.set(teamId, new Map()).get(teamId)!);
  for (const [list, owner] of [
    [account.owners, true],
    [account.members, false],
  ] as const) {
    for (const p of list) {
      const u = input.users.get(p.email);
      if (!u) {
        m.unknown.set(p.email, (m.unknown.get(p.email) ?? new Set()).add(account.customerId));
        continue;
      }
      if (people.some((x) => x.userId === u.id)) continue;
      people.push({ customerId: account.customerId, userId: u.id, email: p.email, owner, reasons: p.reasons });
      m.wantedUsers.set(u.id, p.email);
      inTeam?.set(u.id, p.email);
    }
  }
  m.desiredMemberships += people.length;
  return people;
}

/** One active account's member changes: initial members of a new channel, or adds, role changes and removals. */
function planAccountMembers(input: PlanInput, target: ActiveTarget, channels: ChannelAction[], m: MemberPlan): void {
  const { account } = target;
  const teamId = target.channelId === null ? input.placement : input.channelTeams?.get(target.channelId);
  const people = wantedPeople(input, account, m, teamId);
  if (target.channelId === null) {
    const create = channels.find((c) => c.kind === 'create' && c.customerId === account.customerId) as Extract<
      ChannelAction,
      { kind: 'create' }
    >;
    const owners = people.filter((p) => p.owner);
    const initial =
      input.channelType === 'shared'
        ? owners.slice(0, 1)
        : [...owners, ...people.filter((p) => !p.owner)].slice(0, MAX_INITIAL_PRIVATE_MEMBERS);
    create.initialMembers = initial;
    const initialIds = new Set(initial.map((p) => p.userId));
    for (const p of people) if (!initialIds.has(p.userId)) m.adds.push({ ...p, channelId: null });
    return;
  }
  const channelId = target.channelId;
  const current = input.members.get(channelId) ?? [];
  m.currentMemberships += current.length;
  m.currentByAccount.set(account.customerId, current.length);
  const currentByUser = new Map(current.map((c) => [c.userId, c]));
  const adopt = channels.find((c) => c.kind === 'adopt' && c.customerId === account.customerId);
  if (adopt?.kind === 'adopt') adopt.present = people.filter((p) => currentByUser.has(p.userId));
  const roleChange = (c: ConversationMember, p: PlannedMember): RoleChange => ({
    customerId: account.customerId,
    channelId,
    membershipId: c.membershipId,
    userId: c.userId,
    email: p.email,
    owner: p.owner,
    reasons: p.reasons,
  });
  let futureOwners = 0;
  for (const p of people) {
    const c = currentByUser.get(p.userId);
    if (!c) m.adds.push({ ...p, channelId });
    else if (p.owner && !c.isOwner) m.promotions.push(roleChange(c, p));
    if (p.owner) futureOwners++;
  }
  // Owners leave or step down only when someone wanted stays or becomes owner: apply promotes and
  // adds new owners before any owner is demoted or removed, so the channel always keeps one.
  // With no resolvable owner wanted (e.g. an unknown key account director) the owners stay as they are.
  const wantedIds = new Map(people.map((p) => [p.userId, p]));
  const excluded = new Set(account.excluded.map((p) => p.email));
  for (const c of current) {
    const p = wantedIds.get(c.userId);
    if (p && c.isOwner && !p.owner && futureOwners > 0) m.demotions.push(roleChange(c, p));
    if (p) continue;
    if (c.isOwner && futureOwners === 0) continue;
    const email = normaliseEmailOrNull(c.email);
    const reason =
      email && excluded.has(email)
        ? 'excluded-by-owner'
        : (input.recordedMembers?.get(account.customerId)?.has(c.userId) ?? true)
          ? 'not-in-billing'
          : 'added-by-hand';
    m.removes.push({
      customerId: account.customerId,
      channelId,
      membershipId: c.membershipId,
      userId: c.userId,
      email,
      wasOwner: c.isOwner,
      reason,
    });
  }
}

/** Archiving keeps owners (so someone can still read the history) and removes everyone else. */
function planArchiveRemovals(input: PlanInput, channels: readonly ChannelAction[], m: MemberPlan): void {
  for (const action of channels) {
    if (action.kind !== 'archive') continue;
    const current = input.members.get(action.channelId) ?? [];
    m.currentMemberships += current.length;
    for (const c of current) {
      if (c.isOwner) continue;
      m.removes.push({
        customerId: action.customerId,
        channelId: action.channelId,
        membershipId: c.membershipId,
        userId: c.userId,
        email: normaliseEmailOrNull(c.email),
        wasOwner: false,
        reason: 'account-archived',
      });
    }
  }
}

/**
 * Private mode: everyone wanted joins the team; managed people no account wants leave it, but only
 * once they are in no private channel of the team after this plan. Leaving the team takes a person
 * out of every private channel in it (Teams "Private channels in Microsoft Teams": "If a team member
 * leaves or is removed from a team, that user will also leave or be removed from all private
 * channels in the team"), so a person still in a channel in grace (an account missing from billing
 * for less than ARCHIVE_GRACE_DAYS), a kept owner, or anyone in a channel this run could not read
 * stays in the team: every loss of channel access is a planned, counted and audited channel removal.
 */
function planTeam(input: PlanInput, m: MemberPlan): Pick<SyncPlan, 'teamAdds' | 'teamRemoves'> {
  const teamAdds: SyncPlan['teamAdds'] = [];
  const teamRemoves: SyncPlan['teamRemoves'] = [];
  if (input.channelType !== 'private') return { teamAdds, teamRemoves };
  if (input.rosters) return planTeams(input, input.rosters, m);
  if (!input.teamMembers) return { teamAdds, teamRemoves };
  const inTeam = new Set(input.teamMembers.map((t) => t.userId));
  for (const [userId, email] of [...m.wantedUsers].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
    if (!inTeam.has(userId)) teamAdds.push({ userId, email });
  }
  // A channel whose members could not be read may hold anyone: nobody leaves the team this run.
  if (input.someChannelsUnread) return { teamAdds, teamRemoves };
  const staying = peopleStayingInPrivateChannels(input, m.removes);
  for (const t of input.teamMembers) {
    if (t.isOwner || m.wantedUsers.has(t.userId) || staying.has(t.userId) || !input.managedUserIds?.has(t.userId)) continue;
    teamRemoves.push({ membershipId: t.membershipId, userId: t.userId, email: normaliseEmailOrNull(t.email) });
  }
  return { teamAdds, teamRemoves };
}

/** Everyone still in some private channel of the team once the planned channel removals are made. */
function peopleStayingInPrivateChannels(input: PlanInput, removes: readonly MemberRemove[]): Set<string> {
  const leaving = new Set(removes.map((r) => `${r.channelId}\n${r.userId}`));
  const staying = new Set<string>();
  for (const c of input.channels) {
    if (c.membershipType !== 'private') continue;
    for (const member of input.members.get(c.id) ?? []) if (!leaving.has(`${c.id}\n${member.userId}`)) staying.add(member.userId);
  }
  return staying;
}

/**
 * Several teams: a person joins each team that holds (or will hold) a channel that wants them. Only
 * someone no account wants at all leaves a team: staying in one more team's roster opens no account
 * channel, and it keeps a person whose channel went to the next team from leaving and rejoining.
 */
function planTeams(
  input: PlanInput,
  rosters: ReadonlyMap<string, readonly ConversationMember[]>,
  m: MemberPlan,
): Pick<SyncPlan, 'teamAdds' | 'teamRemoves'> {
  const teamAdds: SyncPlan['teamAdds'] = [];
  const teamRemoves: SyncPlan['teamRemoves'] = [];
  // A channel whose members could not be read may hold anyone: nobody leaves a team this run.
  const staying = input.someChannelsUnread ? undefined : peopleStayingInPrivateChannels(input, m.removes);
  for (const [teamId, roster] of rosters) {
    const inTeam = new Set(roster.map((t) => t.userId));
    const wanted = m.wantedByTeam.get(teamId) ?? new Map<string, string>();
    for (const [userId, email] of [...wanted].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
      if (!inTeam.has(userId)) teamAdds.push({ userId, email, teamId });
    }
    for (const t of roster) {
      if (!staying || t.isOwner || m.wantedUsers.has(t.userId) || staying.has(t.userId) || !input.managedUserIds?.has(t.userId)) continue;
      teamRemoves.push({ membershipId: t.membershipId, userId: t.userId, email: normaliseEmailOrNull(t.email), teamId });
    }
  }
  return { teamAdds, teamRemoves };
}

function withoutName(names: ReadonlySet<string>, name: string): Set<string> {
  const copy = new Set(names);
  copy.delete(name.toLowerCase());
  return copy;
}
