/**
 * CLI: `npm run emulator -- --port 8443 --latency 50 --fault-429 0.1 --fault-503 0 --timeouts 0 --seed 1 --no-throttling [--page-size N] [--retry-after S] [--users-from a.csv,b.csv] [--omit-none] [--max-channels N] [--extra-teams id,id]`
 * `[--no-channel-apps] [--private-apps-blocked] [--legacy-private-limits] [--https-tab-urls]` (EmulatorRules).
 */
import path from 'node:path';
import { defaultStateDir } from './paths';
import { DEFAULT_OMITTED_EMAILS, seedUsersFromBillingCsv, startEmulator } from './index';

function parseArgs(argv: string[]) {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) out[k] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out[k] = argv[++i]!;
    else out[k] = true;
  }
  return out;
}

const num = (v: string | boolean | undefined, d: number): number =>
  typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : d;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..');
  // --users-from a.csv,b.csv seeds the directory from other exports (e.g. a generated 10x benchmark set).
  const usersFrom = typeof args['users-from'] === 'string' ? args['users-from'].split(',').map((p) => path.resolve(p)) : undefined;
  const users = seedUsersFromBillingCsv(
    usersFrom ?? [path.join(root, 'samples/billing/supervisors.csv'), path.join(root, 'samples/billing/supervisors-next-month.csv')],
    { omit: args['omit-none'] ? [] : DEFAULT_OMITTED_EMAILS },
  );
  const rate429 = num(args['fault-429'], 0);
  const rate503 = num(args['fault-503'], 0);
  const timeoutRate = num(args.timeouts, 0);
  const em = await startEmulator({
    port: num(args.port, 8443),
    stateDir: typeof args['state-dir'] === 'string' ? args['state-dir'] : defaultStateDir(),
    latencyMs: num(args.latency, 0),
    throttling: !args['no-throttling'],
    // --page-size N: small pages on every paged list, so paging is exercised with few items.
    pageSize: typeof args['page-size'] === 'string' ? num(args['page-size'], 100) : undefined,
    // --max-channels N: a team holds N channels, deleted ones included (Teams: 1,000), to see a full team.
    maxChannelsPerTeam: typeof args['max-channels'] === 'string' ? num(args['max-channels'], 1000) : undefined,
    // --extra-teams id,id: more teams in the tenant (for TEAM_IDS).
    extraTeamIds: typeof args['extra-teams'] === 'string' ? args['extra-teams'].split(',').filter(Boolean) : undefined,
    users,
    rules: {
      channelAppEnablement: !args['no-channel-apps'],
      privateChannelAppsBlocked: !!args['private-apps-blocked'],
      legacyPrivateChannelLimits: !!args['legacy-private-limits'],
      httpsTabContentUrl: !!args['https-tab-urls'],
    },
    faults:
      rate429 + rate503 + timeoutRate > 0
        ? {
            rate429,
            rate503,
            timeoutRate,
            seed: num(args.seed, 1),
            timeoutMs: num(args['timeout-ms'], 15000),
            retryAfterSec: num(args['retry-after'], 1),
          }
        : undefined,
  });
  // Handlers go in before the ready lines are printed: a supervisor (or test) that signals as soon as
  // it reads them must never meet the default action, which kills the process without closing.
  let closing = false;
  const stop = (sig: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${sig}: closing emulator\n`);
    em.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const lines = [
    `Teams emulator listening on ${em.url}`,
    `  Graph:              ${em.graphBaseUrl}`,
    `  Authority host:     ${em.authorityHost}  (tenant ${em.tenantId})`,
    `  Bot service URL:    ${em.botServiceUrl}`,
    `  Bot OpenID config:  ${em.botOpenIdMetadataUrl}`,
    `  Team id:            ${em.teamId}`,
    `  Users seeded:       ${users.length + 1} (omitted: ${DEFAULT_OMITTED_EMAILS.join(', ')})`,
    `  State / requests:   ${em.url}/_emulator/state , ${em.url}/_emulator/requests`,
    `  CA file:            ${em.caFile}`,
    `  Trust it with:      NODE_EXTRA_CA_CERTS=${em.caFile}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`emulator failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
