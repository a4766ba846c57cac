import { teamIdsOf, type AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';
import type { ApiRoutes } from '../http/api-routes';
import { claimRoleCheck, directoryRoleCheck, type RoleCheck } from './access';
import type { DirectoryLookup } from './members-service';
import { parseWalls } from '../membership';
import { createTabsApi } from './routes';
import { createSsoVerifier, splitAudiences } from './sso-auth';

/**
 * The tab API as the composition root builds it; `roles` lets tests decide who is a director. With a
 * `directory`, directors and admins are found with Graph checkMemberGroups (Teams SSO tokens carry no
 * `groups` claim unless the app registration asks for one); without it, only token claims count.
 */
export function tabsApiFromConfig(
  config: AppConfig,
  deps: {
    store: Store;
    logger: Logger;
    clock: Clock;
    roles?: RoleCheck;
    directory?: { checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> } & Partial<DirectoryLookup>;
  },
): ApiRoutes {
  const groups = { directorGroupId: config.DIRECTOR_GROUP_ID, adminGroupId: config.ADMIN_GROUP_ID };
  const roles =
    deps.roles ??
    (deps.directory
      ? directoryRoleCheck(deps.directory, groups, { ttlMs: config.TAB_ROLE_CACHE_SEC * 1000, now: () => deps.clock.now() })
      : claimRoleCheck(groups));
  return createTabsApi({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    verifier: createSsoVerifier({
      authorityHost: config.AZURE_AUTHORITY_HOST,
      tenantId: config.AAD_APP_TENANT_ID,
      clientId: config.AAD_APP_CLIENT_ID,
      extraAudiences: splitAudiences(config.SSO_EXTRA_AUDIENCES),
      extraClientIds: splitAudiences(config.SSO_ALLOWED_CLIENT_IDS),
      tokenCacheMs: config.SSO_TOKEN_CACHE_SEC * 1000,
    }),
    roles,
    timeZone: config.APP_TIMEZONE,
    syncCron: config.SYNC_CRON,
    teamId: teamIdsOf(config)[0],
    teamsAppId: config.TEAMS_APP_ID,
    tenantId: config.AAD_APP_TENANT_ID,
    manualAccessDays: config.MANUAL_ACCESS_DAYS,
    walls: parseWalls(config.ACCOUNT_WALLS),
    directory: deps.directory?.resolveUsers ? { resolveUsers: (emails) => deps.directory!.resolveUsers!(emails) } : undefined,
  });
}
