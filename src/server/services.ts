import { teamIdsOf, type AppConfig } from '../config/schema';
import { REPO_ROOT, repoPath } from '../config/repo-root';
import type { Logger } from '../ports/logger';
import { type Clock, systemClock } from '../ports/clock';
import type { TeamsDirectory } from '../ports/teams-directory';
import { openDatabase, migrateToLatest, createStore, type OpenedDatabase, type Store } from '../store';
import { loadMapping, type ColumnMapping } from '../billing';
import type { SyncDependencies, SyncSettings } from '../sync/run-sync';
import { createTeamsDirectory } from '../../graph';
import { parseWalls } from '../membership';

/** Everything the server and the CLIs share, built once from config. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  database: OpenedDatabase;
  store: Store;
  directory: TeamsDirectory;
  syncSettings: SyncSettings;
  close(): Promise<void>;
}

export { REPO_ROOT };
export const DEFAULT_MAPPING = repoPath('mappings', 'canonical.json');

export async function createServices(
  config: AppConfig,
  logger: Logger,
  overrides: { clock?: Clock; directory?: TeamsDirectory; database?: OpenedDatabase } = {},
): Promise<Services> {
  const clock = overrides.clock ?? systemClock;
  const database = overrides.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger }));
  await migrateToLatest(database.db);
  const store = createStore(database.db, clock);
  await store.accounts.assignTeamWhereMissing(teamIdsOf(config)[0]);
  const directory =
    overrides.directory ??
    createTeamsDirectory({
      graphBaseUrl: config.GRAPH_BASE_URL,
      authorityHost: config.AZURE_AUTHORITY_HOST,
      tenantId: config.AAD_APP_TENANT_ID,
      clientId: config.AAD_APP_CLIENT_ID,
      clientSecret: config.SECRET_AAD_APP_CLIENT_SECRET,
      logger,
      maxRetries: config.GRAPH_MAX_RETRIES,
      pacing: config.GRAPH_PACING,
    }).directory;
  return {
    config,
    logger,
    clock,
    database,
    store,
    directory,
    syncSettings: syncSettingsFrom(config),
    close: () => database.close(),
  };
}

export function syncSettingsFrom(config: AppConfig): SyncSettings {
  return {
    teamId: teamIdsOf(config)[0],
    teamIds: teamIdsOf(config),
    teamsAppId: config.TEAMS_APP_ID,
    channelType: config.CHANNEL_TYPE,
    timeZone: config.APP_TIMEZONE,
    graceDays: config.ARCHIVE_GRACE_DAYS,
    guard: {
      maxRemoveShare: config.SYNC_GUARD_MAX_REMOVE_SHARE,
      maxRemoveCount: config.SYNC_GUARD_MAX_REMOVE_COUNT,
      minRowShare: config.SYNC_GUARD_MIN_ROW_SHARE,
      maxAccountLossShare: config.SYNC_GUARD_MAX_ACCOUNT_LOSS_SHARE,
      maxAccountAddShare: config.SYNC_GUARD_MAX_ACCOUNT_ADD_SHARE,
      maxNewAccountsPerPerson: config.SYNC_GUARD_MAX_NEW_ACCOUNTS_PER_PERSON,
      maxMissingAccountShare: config.SYNC_GUARD_MAX_MISSING_ACCOUNT_SHARE,
    },
    // Config guarantees an https PUBLIC_BASE_URL while tabs are on.
    tabBaseUrl: config.TABS_ENABLED ? config.PUBLIC_BASE_URL! : null,
    billingAuthHeader: config.SECRET_BILLING_AUTH_HEADER,
    serviceAccountUpn: config.SERVICE_ACCOUNT_UPN,
    walls: {
      walls: parseWalls(config.ACCOUNT_WALLS),
      exemptGroupIds: config.ACCOUNT_WALLS_EXEMPT_DIRECTORS
        ? [config.DIRECTOR_GROUP_ID, config.ADMIN_GROUP_ID].filter((g): g is string => !!g)
        : [],
    },
  };
}

export function syncDependencies(s: Services, onProgress?: SyncDependencies['onProgress']): SyncDependencies {
  return { store: s.store, directory: s.directory, clock: s.clock, logger: s.logger, settings: s.syncSettings, onProgress };
}

export function mappingFor(config: AppConfig, override?: string): { mapping: ColumnMapping; name: string } {
  const file = override ?? config.BILLING_MAPPING ?? DEFAULT_MAPPING;
  return { mapping: loadMapping(file), name: file };
}
