/**
 * What `npm run doctor` reads from (and, with --write, briefly changes in) the tenant beyond the
 * TeamsDirectory port. Implemented over Microsoft Graph in graph/graph-tenant-inspector.ts.
 * Reads answer null for "not there"; any other refusal (403, 401, network) throws an AppError.
 */
export interface AppRegistrationInfo {
  appId: string;
  displayName: string;
  identifierUris: string[];
  scopes: { id: string; value: string; isEnabled: boolean }[];
  preAuthorized: { appId: string; permissionIds: string[] }[];
}

export interface CatalogApp {
  /** The catalog id (what /installedApps binds to). */
  id: string;
  /** The id in the app package's manifest. */
  externalId: string | null;
  displayName: string;
  distributionMethod: string;
}

export interface GroupInfo {
  id: string;
  displayName: string;
}

export interface TenantInspector {
  /** Names of the Microsoft Graph application roles granted (admin-consented) to this client id. */
  grantedGraphRoles(clientId: string): Promise<string[]>;
  appRegistration(clientId: string): Promise<AppRegistrationInfo | null>;
  /** Org-catalog apps whose catalog id or manifest id is `teamsAppId`. */
  findCatalogApps(teamsAppId: string): Promise<CatalogApp[]>;
  getGroup(groupId: string): Promise<GroupInfo | null>;
  /** Fetches a Bot Connector token with the bot's credentials (throws when refused). */
  fetchBotToken(): Promise<void>;
  /** --write only: enables the app in a private/shared channel (Graph enabledApps). */
  enableAppInChannel(teamId: string, channelId: string, teamsAppId: string, membershipType: 'private' | 'shared'): Promise<void>;
  /** --write only: deletes a channel (the doctor's own test channel). */
  deleteChannel(teamId: string, channelId: string): Promise<void>;
}
