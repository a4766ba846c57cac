/**
 * npm run sync -- [--source PATH|URL] [--mapping PATH] [--dry-run] [--confirm-removals] [--json]
 * Exit codes: 0 done, 2 input rejected (nothing changed), 3 held by the guard (no removals made), 1 other failure.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { AppError } from '../errors/app-error';
import { createServices, mappingFor, syncDependencies } from '../server/services';
import { runSync } from '../sync/run-sync';
import { formatPlan, type SyncSummary } from '../sync/summary';
import { progressReporter } from './progress';

function printHuman(s: SyncSummary): void {
  const out = process.stdout;
  out.write(`Sync ${s.status}${s.runId ? ` (run ${s.runId})` : ''}: ${s.source}\n`);
  out.write(`  rows: ${s.rows.total} (${s.rows.valid} used, ${s.rowErrors.length} with problems)\n`);
  out.write(`  accounts: ${s.accounts.desired} national; created ${s.accounts.created}, renamed ${s.accounts.renamed}, archived ${s.accounts.archived}, revived ${s.accounts.revived}\n`);
  out.write(`  members: added ${s.members.added}, removed ${s.members.removed}, failed ${s.members.failed}; owners: +${s.roles.promoted} -${s.roles.demoted}; team: +${s.team.added} -${s.team.removed}\n`);
  const prov = s.provisioning;
  out.write(`  channels incomplete (app, tabs or folders missing): ${prov.incomplete}${prov.incomplete ? ` (${prov.incompleteAccounts.slice(0, 10).join(', ')}${prov.incomplete > 10 ? ', …' : ''})` : ''}; completed now: ${prov.repaired}${prov.notCreated.length ? `; accounts left without a channel: ${prov.notCreated.length}` : ''}\n`);
  out.write(`  unknown people: ${s.unknownPeople.length}${s.unknownPeople.length ? ` (${s.unknownPeople.slice(0, 5).map((u) => u.email).join(', ')}${s.unknownPeople.length > 5 ? ', …' : ''})` : ''}\n`);
  if (s.held) {
    out.write(`  HELD: ${s.held.removals.length} removals${s.held.demotions.length ? ` and ${s.held.demotions.length} owner demotions` : ''} wait for approval: ${s.held.reasons.map((r) => r.message).join('; ')}\n`);
    out.write('  Approve with: npm run sync -- --confirm-removals\n');
  }
  for (const e of s.rowErrors.slice(0, 10)) out.write(`  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}\n`);
  for (const p of s.problems.slice(0, 20)) out.write(`  problem: ${p}\n`);
  out.write(`  Graph: ${s.requests.httpRequests} HTTP requests, ${s.requests.graphOperations} operations, ${s.requests.retries} retries; ${s.durationMs} ms\n`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        source: { type: 'string' },
        mapping: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'confirm-removals': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nUsage: npm run sync -- [--source PATH|URL] [--mapping PATH] [--dry-run] [--confirm-removals] [--json]\n`);
    return 2;
  }
  const config = loadConfig();
  const source = args.source ?? config.BILLING_SOURCE;
  if (!source) {
    process.stderr.write('No billing export given: pass --source PATH|URL or set BILLING_SOURCE.\n');
    return 2;
  }
  const logger = createLogger({ level: args.json ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, destination: process.stderr as never });
  let mapping;
  try {
    mapping = mappingFor(config, args.mapping);
  } catch (err) {
    process.stderr.write(`${AppError.from(err).message}\n`);
    return 2;
  }
  const services = await createServices(config, logger);
  try {
    const outcome = await runSync(syncDependencies(services, progressReporter()), {
      source,
      mapping: mapping.mapping,
      mappingName: mapping.name,
      trigger: 'cli',
      dryRun: args['dry-run'],
      confirmRemovals: args['confirm-removals'],
    });
    if (args.json) {
      const body = args['dry-run'] && outcome.plan ? { ...outcome.summary, plan: outcome.plan } : outcome.summary;
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      if (args['dry-run'] && outcome.plan) for (const line of formatPlan(outcome.plan)) process.stdout.write(`${line}\n`);
      printHuman(outcome.summary);
    }
    if (outcome.error && outcome.exitCode === 2) process.stderr.write(`${outcome.error.message}\n`);
    return outcome.exitCode;
  } finally {
    await services.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`sync failed: ${AppError.from(err).message}\n`);
    process.exit(1);
  },
);
