/**
 * npm run sync -- [--source PATH|URL] [--mapping PATH] [--dry-run] [--json] [--lang fi|en] [--help]
 * npm run sync -- --approve RUN_ID [--account CUSTOMER_ID] [--json]   (approves that held run, or only that account's
 *   held part; --confirm-removals RUN_ID is its old name)
 * Exit codes: see src/sync/exit-codes.ts (0 done, 1 failure, 2 input rejected, 3 part held (the rest applied), 4 partial, 5 another run holds the lease).
 */
import path from 'node:path';
import { loadCliConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { AppError } from '../errors/app-error';
import { createServices, mappingFor, syncDependencies, REPO_ROOT } from '../server/services';
import os from 'node:os';
import { runSync, type SyncOutcome } from '../sync/run-sync';
import { approveHeldRun } from '../sync/approve-run';
import { EXIT_CODES } from '../sync/exit-codes';
import { progressReporter } from './progress';
import { closeOnFatal, parseCli, runCli, type Lang } from './cli-kit';
import { isBillingImportError } from '../billing';
import { localStackStopped } from '../config/local-stack';
import { SYNC_CLI, planLines, printSummary, rejectionText } from './sync-text';

const MAPPINGS_DIR = path.join(REPO_ROOT, 'mappings');

async function main(): Promise<number> {
  const parsed = parseCli(SYNC_CLI, process.argv.slice(2), { out: process.stdout, err: process.stderr });
  if (!parsed.ok) return parsed.exitCode;
  const { values: args, lang } = parsed;
  const config = loadCliConfig();
  const approve = args.approve ?? args['confirm-removals'];
  if (approve !== undefined) return approveRun(approve, args, lang, config);
  if (args.account !== undefined) {
    process.stderr.write(lang === 'fi' ? 'Valinta --account käy vain valinnan --approve kanssa.\n' : '--account needs --approve.\n');
    return 2;
  }
  const source = args.source ?? config.BILLING_SOURCE;
  if (!source) {
    process.stderr.write(
      lang === 'fi'
        ? 'Laskutusvientiä ei annettu: anna --source PATH|URL tai aseta BILLING_SOURCE.\n'
        : 'No billing export given: pass --source PATH|URL or set BILLING_SOURCE.\n',
    );
    return 2;
  }
  const logger = createLogger({
    level: args.json ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    destination: process.stderr as never,
  });
  let mapping;
  try {
    mapping = mappingFor(config, args.mapping);
  } catch (err) {
    process.stderr.write(rejectionText(AppError.from(err), lang, MAPPINGS_DIR));
    return 2;
  }
  const services = await createServices(config, logger);
  closeOnFatal(() => services.close());
  try {
    const outcome = await runSync(syncDependencies(services, progressReporter()), {
      source,
      mapping: mapping.mapping,
      mappingName: mapping.name,
      trigger: 'cli',
      dryRun: args['dry-run'],
    });
    const rejected = outcome.error && outcome.summary.status === 'rejected';
    if (args.json) {
      const body = args['dry-run'] && outcome.plan ? { ...outcome.summary, plan: outcome.plan } : outcome.summary;
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else if (!rejected) {
      if (args['dry-run'] && outcome.plan) for (const line of planLines(outcome.plan, lang)) process.stdout.write(`${line}\n`);
      printSummary(outcome.summary, lang, process.stdout);
    }
    // A rejected file: one message (what, where, what to do), no summary of zeros.
    if (rejected) process.stderr.write(rejectionText(outcome.error!, lang, MAPPINGS_DIR, mapping.name));
    const stopped = outcome.summary.status === 'failed' ? localStackStopped(lang) : undefined;
    if (stopped) process.stderr.write(`${stopped}\n`);
    // A refusal (another run holds the lease) is told on stderr even with --json: a scheduler's log shows who holds it.
    if (outcome.error && outcome.exitCode === EXIT_CODES.refused) process.stderr.write(`${outcome.error.message}\n`);
    return outcome.exitCode;
  } finally {
    await services.close();
  }
}

type Args = Extract<ReturnType<typeof parseCli<typeof SYNC_CLI.options>>, { ok: true }>['values'];

/** `--approve RUN_ID`: that held run's own source and mapping, so no --source, --mapping or --dry-run. */
async function approveRun(runId: string, args: Args, lang: Lang, config: ReturnType<typeof loadCliConfig>): Promise<number> {
  if (args.source || args.mapping || args['dry-run']) {
    process.stderr.write(
      lang === 'fi'
        ? 'Valinta --approve käyttää pidätetyn ajon omaa lähdettä ja määrittelyä: jätä --source, --mapping ja --dry-run pois.\n'
        : "--approve uses the held run's own source and mapping: leave out --source, --mapping and --dry-run.\n",
    );
    return 2;
  }
  const logger = createLogger({
    level: args.json ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    destination: process.stderr as never,
  });
  const services = await createServices(config, logger);
  try {
    const outcome = await approveHeldRun(syncDependencies(services, progressReporter()), {
      runId,
      approvedBy: `cli:${cliUser()}`,
      trigger: 'cli',
      ...(args.account ? { customerId: args.account } : {}),
    });
    return report(outcome, args, lang);
  } finally {
    await services.close();
  }
}

/** Prints an approval's outcome; a refused or rejected approval is one message on stderr. */
function report(outcome: SyncOutcome, args: Args, lang: Lang): number {
  if (args.json) process.stdout.write(`${JSON.stringify(outcome.summary, null, 2)}\n`);
  else if (outcome.summary.runId) printSummary(outcome.summary, lang, process.stdout);
  if (outcome.error && outcome.summary.status === 'rejected') {
    const e = outcome.error;
    process.stderr.write(isBillingImportError(e) ? rejectionText(e, lang, MAPPINGS_DIR) : `${e.userMessage(lang)}\n`);
  } else if (outcome.error && outcome.exitCode === EXIT_CODES.refused) process.stderr.write(`${outcome.error.message}\n`);
  return outcome.exitCode;
}

function cliUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

runCli('sync', main, { configExitCode: 1 });
