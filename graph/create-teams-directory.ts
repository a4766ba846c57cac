import type { AppConfig } from '../src/config/schema';
import type { Logger } from '../src/ports/logger';
import { createGraphAuth, type GraphAuth } from './graph-auth';
import { createGraphClient, type GraphClient } from './graph-client';
import { GraphTeamsDirectory } from './graph-teams-directory';

export interface TeamsDirectoryOptions {
  graphBaseUrl: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  logger: Logger;
  maxRetries?: number;
  requestTimeoutMs?: number;
  pacing?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** Wires auth + client + directory from plain config values (the composition roots call this). */
export function createTeamsDirectory(o: TeamsDirectoryOptions): { directory: GraphTeamsDirectory; client: GraphClient; auth: GraphAuth } {
  const auth = createGraphAuth({
    authorityHost: o.authorityHost,
    tenantId: o.tenantId,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    logger: o.logger,
  });
  const client = createGraphClient({
    graphBaseUrl: o.graphBaseUrl,
    auth,
    logger: o.logger,
    maxRetries: o.maxRetries,
    requestTimeoutMs: o.requestTimeoutMs,
    pacing: o.pacing,
    sleep: o.sleep,
  });
  return { directory: new GraphTeamsDirectory(client, o.logger), client, auth };
}

/** The Graph settings of the validated app config (GRAPH_BASE_URL, AZURE_AUTHORITY_HOST, AAD_APP_*, GRAPH_MAX_RETRIES). */
export function teamsDirectoryOptionsFromConfig(
  cfg: Pick<
    AppConfig,
    | 'GRAPH_BASE_URL'
    | 'AZURE_AUTHORITY_HOST'
    | 'AAD_APP_TENANT_ID'
    | 'AAD_APP_CLIENT_ID'
    | 'SECRET_AAD_APP_CLIENT_SECRET'
    | 'GRAPH_MAX_RETRIES'
  >,
  logger: Logger,
): TeamsDirectoryOptions {
  return {
    graphBaseUrl: cfg.GRAPH_BASE_URL,
    authorityHost: cfg.AZURE_AUTHORITY_HOST,
    tenantId: cfg.AAD_APP_TENANT_ID,
    clientId: cfg.AAD_APP_CLIENT_ID,
    clientSecret: cfg.SECRET_AAD_APP_CLIENT_SECRET,
    maxRetries: cfg.GRAPH_MAX_RETRIES,
    logger,
  };
}
