import type { TeamsDirectoryOptions } from './create-teams-directory';
import { createGraphAuth } from './graph-auth';
import { createGraphClient } from './graph-client';
import { GraphTenantInspector } from './graph-tenant-inspector';

const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

/** The doctor's inspector: v1.0 and beta clients sharing one Graph token, plus the bot's own token source. */
export function createTenantInspector(o: TeamsDirectoryOptions & { botId?: string; botPassword?: string }): GraphTenantInspector {
  const auth = createGraphAuth({
    authorityHost: o.authorityHost,
    tenantId: o.tenantId,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    logger: o.logger,
  });
  const common = {
    auth,
    logger: o.logger,
    maxRetries: o.maxRetries ?? 2,
    requestTimeoutMs: o.requestTimeoutMs,
    pacing: o.pacing,
    sleep: o.sleep,
  };
  const origin = new URL(o.graphBaseUrl).origin;
  const graph = createGraphClient({ ...common, graphBaseUrl: o.graphBaseUrl });
  const betaGraph = createGraphClient({ ...common, graphBaseUrl: `${origin}/beta` });
  const botAuth =
    o.botId && o.botPassword
      ? createGraphAuth({
          authorityHost: o.authorityHost,
          tenantId: o.tenantId,
          clientId: o.botId,
          clientSecret: o.botPassword,
          logger: o.logger,
          scope: BOT_CONNECTOR_SCOPE,
        })
      : undefined;
  return new GraphTenantInspector({ graph, betaGraph, botAuth });
}
