/**
 * npm run doctor -- [--write] [--private-channel-limit N] [--json]
 * Checks the tenant and this app's configuration before go-live (read-only unless --write, which
 * creates a throw-away test channel, enables the app in it, posts a card and deletes it).
 * Exit codes: 0 every check passed, 1 a check failed, 2 bad arguments or configuration.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../errors/app-error';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { mappingFor } from '../server/services';
import { connectorMessengerIfConfigured } from '../server/messaging-wiring';
import { DEFAULT_LIMITS, formatReport, runDoctor, type DoctorSettings } from '../doctor';
import { probeUrl } from '../doctor/probe-url';
import { teamIdsOf, type AppConfig } from '../config/schema';
import type { CliContext } from './cli-io';
import { createTeamsDirectory, createTenantInspector, teamsDirectoryOptionsFromConfig } from '../../graph';

const USAGE = 'Usage: npm run doctor -- [--write] [--private-channel-limit N] [--json]';

function settingsFrom(config: AppConfig): DoctorSettings {
  let mapping: DoctorSettings['mapping'];
  try {
    mapping = mappingFor(config);
  } catch (e) {
    mapping = { error: AppError.from(e).message };
  }
  return {
    clientId: config.AAD_APP_CLIENT_ID,
    botId: config.BOT_ID,
    teamId: teamIdsOf(config)[0],
    teamIds: teamIdsOf(config),
    teamsAppId: config.TEAMS_APP_ID,
    channelType: config.CHANNEL_TYPE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    tabsEnabled: config.TABS_ENABLED,
    ssoExtraAudiences: config.SSO_EXTRA_AUDIENCES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    serviceAccountUpn: config.SERVICE_ACCOUNT_UPN,
    directorGroupId: config.DIRECTOR_GROUP_ID,
    adminGroupId: config.ADMIN_GROUP_ID,
    billingSource: config.BILLING_SOURCE,
    billingWatchDir: config.BILLING_WATCH_DIR,
    billingAuthHeader: config.SECRET_BILLING_AUTH_HEADER,
    mapping,
  };
}

export async function doctorCli(argv: string[], ctx: CliContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        write: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'private-channel-limit': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const privateLimit =
    args['private-channel-limit'] === undefined ? DEFAULT_LIMITS.privateChannelsPerTeam : Number(args['private-channel-limit']);
  if (!Number.isInteger(privateLimit) || privateLimit < 1) {
    err.write(`--private-channel-limit must be a positive whole number (30 for a tenant not yet on the 2025–26 limits)\n${USAGE}\n`);
    return 2;
  }
  let config: AppConfig;
  try {
    config = loadConfig(ctx.env);
  } catch (e) {
    err.write(`FAIL  Asetukset / Configuration: ${AppError.from(e).message}\n`);
    return 2;
  }
  const logger = ctx.logger ?? createLogger({ level: 'silent', destination: process.stderr as never });
  const graphOptions = { ...teamsDirectoryOptionsFromConfig(config, logger), maxRetries: 2, pacing: config.GRAPH_PACING };
  const { directory } = createTeamsDirectory(graphOptions);
  const inspector = createTenantInspector({ ...graphOptions, botId: config.BOT_ID, botPassword: config.SECRET_BOT_PASSWORD });
  const messenger = ctx.messenger ?? connectorMessengerIfConfigured(config, logger);
  const report = await runDoctor(
    {
      settings: settingsFrom(config),
      directory,
      inspector,
      messenger,
      probe: (u) => probeUrl(u),
      limits: { ...DEFAULT_LIMITS, privateChannelsPerTeam: privateLimit },
      now: ctx.clock ? () => ctx.clock!.now() : undefined,
    },
    { write: args.write },
  );
  if (args.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
  else for (const line of formatReport(report.results)) out.write(`${line}\n`);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  doctorCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`doctor failed: ${AppError.from(e).message}\n`);
      process.exit(1);
    },
  );
}
