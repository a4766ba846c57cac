import path from 'node:path';
import type { RunningEmulator } from '../emulator';
import { DEFAULT_CLIENTS } from '../emulator';

/** The app's environment for a local run against the emulator: every endpoint points at it. */
export function localAppEnv(em: RunningEmulator, root: string, port = 3978): Record<string, string> {
  const [appId, botId] = ['local-app-id', 'local-bot-id'];
  return {
    NODE_EXTRA_CA_CERTS: em.caFile,
    PORT: String(port),
    DATA_DIR: path.join(root, '.data'),
    GRAPH_BASE_URL: em.graphBaseUrl,
    AZURE_AUTHORITY_HOST: em.authorityHost,
    AAD_APP_TENANT_ID: em.tenantId,
    AAD_APP_CLIENT_ID: appId,
    SECRET_AAD_APP_CLIENT_SECRET: DEFAULT_CLIENTS[appId]!,
    BOT_ID: botId,
    SECRET_BOT_PASSWORD: DEFAULT_CLIENTS[botId]!,
    BOT_SERVICE_URL: em.botServiceUrl,
    BOT_OPENID_METADATA_URL: em.botOpenIdMetadataUrl,
    // The emulator's SSO tokens carry the tab app's resource URI as audience, as Teams does.
    SSO_EXTRA_AUDIENCES: `api://localhost/${appId}`,
    TEAM_ID: em.teamId,
    TEAMS_APP_ID: 'local-teams-app-id',
    BILLING_SOURCE: path.join(root, 'samples/billing/supervisors.csv'),
    BILLING_MAPPING: path.join(root, 'mappings/canonical.json'),
    // Tab content URLs must be https; locally the emulator's https host stands in (Teams never loads them here).
    PUBLIC_BASE_URL: em.url,
  };
}
