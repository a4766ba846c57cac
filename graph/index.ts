export { createGraphAuth, GRAPH_DEFAULT_SCOPE, type GraphAuth, type GraphAuthOptions } from './graph-auth';
export {
  createGraphClient,
  type GraphClient,
  type GraphClientOptions,
  type GraphResponse,
  type HttpMethod,
  type CallOptions,
} from './graph-client';
export { runBatch, retryAfterMs, MAX_BATCH_SIZE, type BatchRequest, type BatchResult } from './batch';
export { RequestPacer, teamsPaceRules, TEAMS_RATE, type PaceRule } from './request-pacer';
export { graphError, readGraphError, RETRYABLE_STATUS } from './graph-errors';
export { GraphTeamsDirectory, MAX_BULK_ADD, MAX_CREATE_CHANNEL_MEMBERS } from './graph-teams-directory';
export { createTeamsDirectory, teamsDirectoryOptionsFromConfig, type TeamsDirectoryOptions } from './create-teams-directory';
export { GraphTenantInspector } from './graph-tenant-inspector';
export { createTenantInspector, BOT_CONNECTOR_SCOPE } from './create-tenant-inspector';
