import type { ChannelInfo, ConversationMember, DirectoryUser, TeamsDirectory } from '../ports/teams-directory';
import { importBilling, type BillingImport } from '../billing';
import { applyAccountWalls } from './walls-run';
import { computeDesiredState, desiredStateOptionsFromMapping, isoDateIn, type DesiredAccount } from '../membership';
import type { KnownAccount, PlanInput } from './plan';
import type { SyncDependencies, SyncRequest } from './run-sync';
import { settleJournal } from './journal';
import { placementTeam, syncTeams } from './teams';

/** Everything the plan is made from, read before anything is written to Teams. */
export interface SyncInputs {
  imported: BillingImport;
  today: string;
  desired: ReadonlyMap<string, DesiredAccount>;
  users: ReadonlyMap<string, DirectoryUser | null>;
  known: ReadonlyMap<string, KnownAccount>;
  recordedMembers: ReadonlyMap<string, ReadonlySet<string>>;
  channels: ChannelInfo[];
  members: Map<string, ConversationMember[]>;
  /** Channels whose members could not be read: left alone this run rather than guessed at. */
  unreadable: Map<string, string>;
  teamMembers?: ConversationMember[];
  /** Each configured team's roster (private channels), keyed by team id. */
  rosters?: Map<string, ConversationMember[]>;
  /** Which team holds each channel (channels this run creates are added as they are made). */
  channelTeams: Map<string, string>;
  /** Where this run's new channels go first (see placementTeam). */
  placement: string;
  lastAcceptedRows: number | null;
}

/**
 * Import, Teams and the store. Teams is read while the export is imported (the reads take longest);
 * a rejected export throws after the reads have ended. Changes a dead run left unrecorded are settled
 * from what Teams shows before the store is read (`runId` set: not in a dry run).
 */
export async function loadInputs(deps: SyncDependencies, req: SyncRequest, runId: string | null): Promise<SyncInputs> {
  const { store, settings, clock } = deps;
  const progress = deps.onProgress ?? (() => undefined);
  progress('read-teams', 0, 1);
  const [teamsRead, importRead] = await Promise.allSettled([
    readAllTeams(deps.directory, syncTeams(settings), settings.channelType === 'private'),
    importBilling(req.source, req.mapping, { authHeader: settings.billingAuthHeader }),
  ]);
  if (importRead.status === 'rejected') throw importRead.reason;
  if (teamsRead.status === 'rejected') throw teamsRead.reason;
  const teams = teamsRead.value;
  const imported = importRead.value;
  progress('read-teams', 1, 1);
  if (runId) await settleJournal(store, runId, teams);

  const today = isoDateIn(clock.now(), settings.timeZone);
  // A manual addition past its end date is no longer granted (issue 11).
  const overrides = (await store.overrides.listAll())
    .filter((o) => o.kind !== 'add' || !o.expiresOn || o.expiresOn >= today)
    .map((o) => ({ customerId: o.customerId, email: o.email, kind: o.kind }));
  const computed = computeDesiredState(
    imported,
    desiredStateOptionsFromMapping(req.mapping, { today, overrides, serviceAccountUpn: settings.serviceAccountUpn }),
  );
  // Walls between accounts: a second membership across a wall is refused, audited and told to both owners.
  const desired = (await applyAccountWalls(deps, computed, settings.walls, { runId, dryRun: !!req.dryRun })).accounts;
  const knownList = await store.accounts.list();
  const known = new Map<string, KnownAccount>(
    knownList.map((a) => [a.customerId, { ...a, missingSince: a.missingSince ? a.missingSince.slice(0, 10) : null }]),
  );
  const recordedMembers = new Map<string, Set<string>>();
  for (const a of knownList)
    recordedMembers.set(a.customerId, new Set((await store.actualMemberships.listForAccount(a.customerId)).map((m) => m.userId)));
  const users = await resolvePeople(deps, desired, runId === null);
  const lastAcceptedRows = (await store.syncRuns.lastAccepted())?.rowsTotal ?? null;
  return { imported, today, desired, users, known, recordedMembers, ...teams, lastAcceptedRows };
}

/** The plan's input from the loaded inputs (unreadable channels left out). */
export function planInputOf(inputs: SyncInputs, settings: SyncDependencies['settings']): PlanInput {
  return {
    desired: inputs.desired,
    users: inputs.users,
    known: inputs.known,
    channels: inputs.channels.filter((c) => !inputs.unreadable.has(c.id)),
    members: inputs.members,
    teamMembers: inputs.teamMembers,
    rosters: inputs.rosters,
    channelTeams: inputs.channelTeams,
    placement: inputs.placement,
    managedUserIds: new Set([...inputs.recordedMembers.values()].flatMap((s) => [...s])),
    recordedMembers: inputs.recordedMembers,
    someChannelsUnread: inputs.unreadable.size > 0,
    channelType: settings.channelType,
    today: inputs.today,
    graceDays: settings.graceDays,
  };
}

/** Every configured team, one after another (each team's reads are paced on their own). */
async function readAllTeams(directory: TeamsDirectory, teamIds: readonly string[], withRoster: boolean) {
  const channels: ChannelInfo[] = [];
  const members = new Map<string, ConversationMember[]>();
  const unreadable = new Map<string, string>();
  const channelTeams = new Map<string, string>();
  const rosters = new Map<string, ConversationMember[]>();
  for (const teamId of teamIds) {
    const t = await readTeams(directory, teamId, withRoster);
    channels.push(...t.channels);
    for (const c of t.channels) channelTeams.set(c.id, teamId);
    for (const [k, v] of t.members) members.set(k, v);
    for (const [k, v] of t.unreadable) unreadable.set(k, v);
    if (t.teamMembers) rosters.set(teamId, t.teamMembers);
  }
  const placement = placementTeam(teamIds, channels, channelTeams);
  return {
    channels,
    members,
    unreadable,
    channelTeams,
    placement,
    teamMembers: rosters.get(teamIds[0]!),
    rosters: withRoster ? rosters : undefined,
  };
}

async function readTeams(directory: TeamsDirectory, teamId: string, withRoster: boolean) {
  // Private-channel members must be team members: the roster is part of a complete plan.
  const roster = withRoster ? directory.listTeamMembers(teamId) : Promise.resolve(undefined);
  roster.catch(() => undefined); // awaited below; a failure surfaces there
  const channels = await directory.listChannels(teamId);
  const relevant = channels.filter((c) => c.membershipType !== 'standard').map((c) => c.id);
  const outcomes = await directory.listChannelMembersMany(teamId, relevant);
  const members = new Map<string, ConversationMember[]>();
  const unreadable = new Map<string, string>();
  for (const [id, o] of outcomes) {
    if (o.ok) members.set(id, o.value);
    else unreadable.set(id, o.error.message);
  }
  const teamMembers = await roster;
  return { channels, members, unreadable, teamMembers };
}

/**
 * Email -> directory user, from the people cache where fresh, else through Graph in batches.
 * Unknown people are re-checked every run: they may have been created in Entra since.
 */
async function resolvePeople(
  deps: SyncDependencies,
  accounts: ReadonlyMap<string, DesiredAccount>,
  dryRun: boolean,
): Promise<Map<string, DirectoryUser | null>> {
  const emails = new Set<string>();
  for (const a of accounts.values()) for (const p of [...a.owners, ...a.members]) emails.add(p.email);
  const cached = await deps.store.people.getMany([...emails]);
  const maxAgeMs = (deps.settings.resolveMaxAgeDays ?? 7) * 86_400_000;
  const now = deps.clock.now().getTime();
  const result = new Map<string, DirectoryUser | null>();
  const ask: string[] = [];
  for (const email of emails) {
    const p = cached.get(email);
    if (p?.objectId && p.resolvedAt && now - Date.parse(p.resolvedAt) < maxAgeMs) {
      result.set(email, { id: p.objectId, displayName: p.displayName ?? email, mail: email, userPrincipalName: email });
    } else ask.push(email);
  }
  if (ask.length === 0) return result;
  deps.onProgress?.('resolve-people', 0, ask.length);
  const found = await deps.directory.resolveUsers(ask);
  for (const email of ask) result.set(email, found.get(email) ?? null);
  if (!dryRun) {
    await deps.store.people.saveResolutions(
      ask.map((email) => ({ email, objectId: found.get(email)?.id ?? null, displayName: found.get(email)?.displayName ?? null })),
    );
  }
  deps.onProgress?.('resolve-people', ask.length, ask.length);
  return result;
}
