import { Writable } from 'node:stream';
import { startEmulator, type EmulatorOptions, type RunningEmulator, type SeedUser } from '../../emulator';
import { createGraphAuth, type GraphAuth } from '../../graph/graph-auth';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../../graph/graph-client';
import { GraphTeamsDirectory } from '../../graph/graph-teams-directory';
import { createLogger } from '../../src/logging/logger';
import type { Logger } from '../../src/ports/logger';

export const CLIENT_ID = 'local-app-id';
export const CLIENT_SECRET = 'local-app-secret';

/** A logger that keeps every line, so tests can assert what was (not) logged. */
export function memoryLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  return { logger: createLogger({ level: 'trace', destination }), text: () => chunks.join('') };
}

export function users(n: number, prefix = 'user'): SeedUser[] {
  return Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i + 1}@yritysx.example`, displayName: `${prefix} ${i + 1}` }));
}

export interface Setup {
  em: RunningEmulator;
  auth: GraphAuth;
  client: GraphClient;
  dir: GraphTeamsDirectory;
}

export async function setup(
  emOpts: EmulatorOptions,
  clientOpts: Partial<GraphClientOptions> = {},
  logger: Logger = memoryLogger().logger,
): Promise<Setup> {
  const em = await startEmulator({ port: 0, ...emOpts });
  const auth = createGraphAuth({
    authorityHost: em.authorityHost,
    tenantId: em.tenantId,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    logger,
  });
  const client = createGraphClient({ graphBaseUrl: em.graphBaseUrl, auth, logger, maxRetries: 4, ...clientOpts });
  return { em, auth, client, dir: new GraphTeamsDirectory(client, logger) };
}

/** Graph requests in the emulator's log, version prefix removed. */
export function graphLog(em: RunningEmulator) {
  return em
    .requests()
    .filter((r) => r.path.startsWith('/v1.0'))
    .map((r) => ({ ...r, path: decodeURIComponent(r.path.slice('/v1.0'.length)) }));
}
