import type { AppError } from '../errors/app-error';

/**
 * The domain's narrow view of Teams + Entra (implemented over Microsoft Graph in graph/).
 * No SDK types leak through here; ids are opaque strings.
 */

export interface DirectoryUser {
  id: string;
  displayName: string;
  /** Primary SMTP address as the directory knows it (may be null in Entra). */
  mail: string | null;
  userPrincipalName: string;
}

export interface TeamInfo {
  id: string;
  displayName: string;
  description: string | null;
}

export interface ConversationMember {
  /** Membership id (opaque); needed to remove the member. */
  membershipId: string;
  userId: string;
  displayName: string | null;
  email: string | null;
  roles: string[];
  isOwner: boolean;
}

export type ChannelMembershipType = 'standard' | 'private' | 'shared';

export interface ChannelInfo {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: ChannelMembershipType;
  webUrl: string | null;
}

export interface ChannelMemberSpec {
  userId: string;
  owner: boolean;
}

export interface NewChannel {
  displayName: string;
  description?: string;
  membershipType: ChannelMembershipType;
  /** Initial members (private: ≤ 200 and an owner is required for app-only creation). */
  members: ChannelMemberSpec[];
}

export interface ChannelPatch {
  displayName?: string;
  description?: string;
}

export interface InstalledApp {
  /** Installation id within the team. */
  id: string;
  teamsAppId: string;
}

export interface ChannelTab {
  id: string;
  displayName: string;
  teamsAppId: string | null;
  entityId: string | null;
  contentUrl: string | null;
  websiteUrl: string | null;
}

export interface NewTab {
  displayName: string;
  teamsAppId: string;
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  removeUrl: string;
}

export interface FilesFolder {
  driveId: string;
  itemId: string;
  name: string;
  webUrl: string | null;
}

export interface DriveFolder {
  id: string;
  name: string;
  /** True when this call created it, false when it already existed. */
  created: boolean;
}

/** What one Graph operation gave: its value, or the error it ended with (reported, not thrown, when it is one of many). */
export type Result<V> = { ok: true; value: V } | { ok: false; error: AppError };

/** One item of a bulk/batched write: failures are reported, never dropped. */
export type ItemResult<K, V = undefined> = { key: K } & Result<V>;

/** One membership change in a multi-channel reconciliation. */
export type ChannelMemberChange =
  { kind: 'add'; channelId: string; userId: string; owner: boolean } | { kind: 'remove'; channelId: string; membershipId: string };

/** Promote a channel member to owner (owner: true) or demote an owner to a plain member (owner: false). */
export interface ChannelRoleChange {
  channelId: string;
  membershipId: string;
  owner: boolean;
}

export interface ChannelMemberChangeResult {
  change: ChannelMemberChange;
  ok: boolean;
  /** For adds: the new membership id when Graph returned one. */
  membershipId?: string | null;
  error?: AppError;
}

export interface GraphStats {
  /** HTTP requests sent to Graph (each $batch POST and each retry counts once). */
  httpRequests: number;
  /** Logical Graph operations (a $batch of 20 counts 20; retries do not add). */
  graphOperations: number;
  /** Requests or sub-requests sent again after 429/503/504/timeouts. */
  retries: number;
  /** 429 answers received (whole requests or sub-requests). */
  throttled: number;
}

export interface TeamsDirectory {
  /** Batched look-up by email (mail, then UPN); null = the directory does not know this person. */
  resolveUsers(emails: string[]): Promise<Map<string, DirectoryUser | null>>;
  /** Which of the given Entra groups (≤ 20) the user belongs to, transitively. */
  checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
  getTeam(teamId: string): Promise<TeamInfo>;
  listTeamMembers(teamId: string): Promise<ConversationMember[]>;
  /** Bulk add (chunks of 200); per-user result keyed by user id. */
  addTeamMembers(teamId: string, userIds: string[]): Promise<ItemResult<string>[]>;
  /** Batched removals; keyed by membership id, an already-absent membership counts as ok. */
  removeTeamMembers(teamId: string, membershipIds: string[]): Promise<ItemResult<string>[]>;
  listChannels(teamId: string): Promise<ChannelInfo[]>;
  createChannel(teamId: string, channel: NewChannel): Promise<ChannelInfo>;
  updateChannel(teamId: string, channelId: string, patch: ChannelPatch): Promise<void>;
  listChannelMembers(teamId: string, channelId: string): Promise<ConversationMember[]>;
  /** Members of many channels through $batch + paging; a channel that cannot be read gets ok: false. */
  listChannelMembersMany(teamId: string, channelIds: string[]): Promise<Map<string, Result<ConversationMember[]>>>;
  /** Keyed by user id; value = new membership id. A user already in the channel counts as ok. */
  addChannelMembers(teamId: string, channelId: string, members: ChannelMemberSpec[]): Promise<ItemResult<string, string | null>[]>;
  /** Keyed by membership id; an already-absent membership counts as ok. */
  removeChannelMembers(teamId: string, channelId: string, membershipIds: string[]): Promise<ItemResult<string>[]>;
  /**
   * Adds and removals across many channels, packed together into $batch calls (paced per channel),
   * in input order; the cheapest way to apply a reconciliation plan.
   */
  applyChannelMemberChanges(teamId: string, changes: ChannelMemberChange[]): Promise<ChannelMemberChangeResult[]>;
  /**
   * Role changes of existing members (graph "channel-update-members"), batched and paced like the
   * other member changes, in input order. A demotion of the last owner fails (Graph refuses it).
   */
  setChannelMemberRoles(teamId: string, changes: ChannelRoleChange[]): Promise<ItemResult<ChannelRoleChange>[]>;
  /**
   * Adds the app to a private or shared channel (graph "channel-post-enabledapps"): installed in the
   * team is not enough there. An app already enabled counts as done.
   */
  enableAppInChannel(teamId: string, channel: { id: string; membershipType: ChannelMembershipType }, teamsAppId: string): Promise<void>;
  listInstalledApps(teamId: string): Promise<InstalledApp[]>;
  installApp(teamId: string, teamsAppId: string): Promise<void>;
  listTabs(teamId: string, channelId: string): Promise<ChannelTab[]>;
  addTab(teamId: string, channelId: string, tab: NewTab): Promise<ChannelTab>;
  getFilesFolder(teamId: string, channelId: string): Promise<FilesFolder>;
  /** Creates the missing child folders; existing ones are returned with created: false. */
  ensureFolders(driveId: string, parentItemId: string, names: string[]): Promise<DriveFolder[]>;
  stats(): GraphStats;
}
