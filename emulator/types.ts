import type { Clock } from '../src/ports/clock';
import type { AppRegistrationRecord, CatalogAppRecord } from './tenant-records';

/** Public contract shared with other engineers (see emulator/index.ts). */
export interface SeedUser {
  id?: string;
  email: string;
  displayName: string;
}

export interface FaultOptions {
  rate429?: number;
  rate503?: number;
  timeoutRate?: number;
  seed?: number;
  retryAfterSec?: number;
  timeoutMs?: number;
  /** Timed-out writes are carried out before their answer is lost (as when the service got the request). */
  timeoutsAfterWork?: boolean;
}

export interface EmulatorOptions {
  port?: number;
  stateDir?: string;
  /**
   * Extension for `npm start`: the tenant is loaded from this JSON file when it exists and written
   * back (a few seconds after a change, and on close), so it survives a restart like the app's data.
   */
  stateFile?: string;
  tenantId?: string;
  clients?: Record<string, string>;
  teamId?: string;
  /** More teams in the tenant, each set up like the first (an app configured with TEAM_IDS fills them in order). */
  extraTeamIds?: string[];
  serviceAccountEmail?: string;
  users?: SeedUser[];
  latencyMs?: number;
  faults?: FaultOptions;
  throttling?: boolean;
  /** At most this many items per page on every paged list (`--page-size N`); unset: each API's documented sizes. */
  pageSize?: number;
  /** Channels a team holds, deleted ones included (Teams: 1,000); smaller to test a full team. */
  maxChannelsPerTeam?: number;
  /** Largest page served whatever `$top` asks (Graph's maximum is 999; smaller ones exercise server-driven paging). */
  maxPageSize?: number;
  /** Extension: lets tests drive the throttling windows deterministically. */
  clock?: Clock;
  /** Catalog id of the app in the org catalog (default 'local-teams-app-id', as scripts/local-env.ts sets TEAMS_APP_ID). */
  teamsAppId?: string;
  /** Service rules; each defaults as in EmulatorRules. Changeable later with `setRules`. */
  rules?: Partial<EmulatorRules>;
  /** Bot app id -> the Teams app (catalog id) whose manifest holds that bot (default: the local ids). */
  botApps?: Record<string, string>;
}

/** Rules of the real service that can be switched, each citing its Microsoft doc where it is enforced. */
export interface EmulatorRules {
  /** Apps must be enabled per private/shared channel (default true, like the service). */
  channelAppEnablement: boolean;
  /** The tenant refuses enabling apps in private channels (rollout paused, MC1197145); default false. */
  privateChannelAppsBlocked: boolean;
  /** A tenant not yet migrated: 30 private channels per team, 250 members per private channel (default false). */
  legacyPrivateChannelLimits: boolean;
  /** A configurable tab's contentUrl must be an absolute https URL (default false). */
  httpsTabContentUrl: boolean;
}

export const DEFAULT_RULES: EmulatorRules = {
  channelAppEnablement: true,
  privateChannelAppsBlocked: false,
  legacyPrivateChannelLimits: false,
  httpsTabContentUrl: false,
};

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  appId?: string;
  batchId?: string;
  throttled?: boolean;
  /** The limit a throttled request hit (a table row, or the team or channel). */
  limit?: string;
  fault?: string;
  /** Arrived inside a Retry-After window the emulator announced for a limit it counts against. */
  insideRetryAfter?: boolean;
}

export interface UserRecord {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
}

export interface MemberRecord {
  id: string;
  userId: string;
  roles: string[];
}

export interface TabRecord {
  id: string;
  displayName: string;
  teamsAppId: string;
  configuration: Record<string, unknown>;
  webUrl: string;
}

export interface ChannelRecord {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: 'standard' | 'private' | 'shared';
  createdDateTime: string;
  deleted: boolean;
  deletedDateTime: string | null;
  members: MemberRecord[];
  tabs: TabRecord[];
  /** driveItem id of the channel folder, created on first filesFolder call. */
  folderId: string | null;
  /** Teams app ids enabled in this private/shared channel (graph "channel-post-enabledapps"). */
  enabledApps: string[];
}

export interface InstalledAppRecord {
  id: string;
  teamsAppId: string;
}

export interface TeamRecord {
  id: string;
  displayName: string;
  description: string;
  driveId: string;
  members: MemberRecord[];
  installedApps: InstalledAppRecord[];
  channels: ChannelRecord[];
}

export interface DriveItemRecord {
  id: string;
  driveId: string;
  parentId: string | null;
  name: string;
  isFolder: boolean;
  createdDateTime: string;
}

export interface ActivityRecord {
  id: string;
  conversationId: string;
  replyToId?: string;
  createdAt: string;
  updatedAt?: string;
  deleted: boolean;
  /** The activity as last sent (updates replace it; earlier versions kept in history). */
  activity: Record<string, unknown>;
  history: Record<string, unknown>[];
}

export interface ConversationRecord {
  id: string;
  isGroup: boolean;
  channelId?: string;
  teamId?: string;
  /** Personal chats: the user's Entra object id. */
  userId?: string;
  createdAt: string;
  activities: ActivityRecord[];
}

export interface EmulatorState {
  tenantId: string;
  users: UserRecord[];
  teams: TeamRecord[];
  driveItems: DriveItemRecord[];
  conversations: ConversationRecord[];
  counters: Record<string, number>;
}

export interface RunningEmulator {
  url: string;
  graphBaseUrl: string;
  authorityHost: string;
  botServiceUrl: string;
  botOpenIdMetadataUrl: string;
  caFile: string;
  caPem: string;
  tenantId: string;
  teamId: string;
  state(): EmulatorState;
  requests(): LoggedRequest[];
  clearRequests(): void;
  setFaults(f: FaultOptions | undefined): void;
  setLatency(ms: number): void;
  setThrottling(on: boolean): void;
  setRules(rules: Partial<EmulatorRules>): void;
  addUser(u: SeedUser): void;
  /** Makes these users (emails or ids) the members of an Entra group (answered by checkMemberGroups). */
  setGroupMembers(groupId: string, users: string[]): void;
  removeUser(emailOrId: string): void;
  /** Control hooks for tenant set-up faults (npm run doctor): the Graph app roles admin-consented for a client. */
  setGrantedRoles(clientId: string, roles: string[]): void;
  /** Changes (creating it if absent; null removes it) a client's app registration: identifier URIs, scopes, pre-authorised clients. */
  updateAppRegistration(clientId: string, patch: Partial<AppRegistrationRecord> | null): void;
  appRegistration(clientId: string): AppRegistrationRecord | undefined;
  /** Replaces the org app catalog. */
  setCatalogApps(apps: CatalogAppRecord[]): void;
  /** Names an Entra group (null deletes it). */
  setGroup(groupId: string, displayName: string | null): void;
  issueUserToken(o: {
    user: string;
    audience?: string;
    tenantId?: string;
    expiresInSec?: number;
    scope?: string;
    signWithUnknownKey?: boolean;
    /** The requesting client app id (azp); the Teams web client by default. */
    azp?: string;
    /** preferred_username as the token carries it (a changed UPN, say); the user's mail by default. */
    preferredUsername?: string;
  }): Promise<string>;
  issueChannelToken(o?: { audience?: string; serviceUrl?: string }): Promise<string>;
  close(): Promise<void>;
}
