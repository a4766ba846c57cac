import type { AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';
import type { ApiRoutes } from '../server/create-server';
import { claimRoleCheck, type RoleCheck } from './access';
import { createTabsApi } from './routes';
import { createSsoVerifier, splitAudiences } from './sso-auth';

/** The tab API as the composition root builds it; `roles` lets tests decide who is a director. */
export function tabsApiFromConfig(config: AppConfig, deps: { store: Store; logger: Logger; clock: Clock; roles?: RoleCheck }): ApiRoutes {
  return createTabsApi({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    verifier: createSsoVerifier({ authorityHost: config.AZURE_AUTHORITY_HOST, tenantId: config.AAD_APP_TENANT_ID, clientId: config.AAD_APP_CLIENT_ID, extraAudiences: splitAudiences(config.SSO_EXTRA_AUDIENCES) }),
    roles: deps.roles ?? claimRoleCheck({ directorGroupId: config.DIRECTOR_GROUP_ID, adminGroupId: config.ADMIN_GROUP_ID }),
    timeZone: config.APP_TIMEZONE,
    teamId: config.TEAM_ID,
    tenantId: config.AAD_APP_TENANT_ID,
  });
}
