import type { Logger } from '../src/ports/logger';
import { createGraphAuth } from './graph-auth';
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
export function createTeamsDirectory(o: TeamsDirectoryOptions): { directory: GraphTeamsDirectory; client: GraphClient } {
  const auth = createGraphAuth({ authorityHost: o.authorityHost, tenantId: o.tenantId, clientId: o.clientId, clientSecret: o.clientSecret, logger: o.logger });
  const client = createGraphClient({
    graphBaseUrl: o.graphBaseUrl,
    auth,
    logger: o.logger,
    maxRetries: o.maxRetries,
    requestTimeoutMs: o.requestTimeoutMs,
    pacing: o.pacing,
    sleep: o.sleep,
  });
  return { directory: new GraphTeamsDirectory(client, o.logger), client };
}
