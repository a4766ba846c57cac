/**
 * npm run weekly -- [--account ID ...] [--week 2026-W48] [--dry-run] [--json]
 * Runs the weekly status job now: one post per account per ISO week (a second run posts nothing).
 * With --dry-run --json it prints, per account, the exact activity it would send and sends nothing.
 * Exit codes: 0 done, 2 bad input, 1 other failure (e.g. a post failed for good).
 */
import { parseArgs } from 'node:util';
import { AppError } from '../errors/app-error';
import { runWeeklyJob, weeklyKey } from '../messaging/weekly';
import { isIsoWeek } from '../messaging/iso-week';
import { openMessaging, type CliContext } from './cli-io';

const USAGE = 'Usage: npm run weekly -- [--account ID ...] [--week 2026-W48] [--dry-run] [--json]';

export async function weeklyCli(argv: string[], ctx: CliContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { account: { type: 'string', multiple: true }, week: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
      strict: true,
    }).values;
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.week && !isIsoWeek(args.week)) {
    err.write(`--week must be an ISO week like 2026-W48, got "${args.week}"\n${USAGE}\n`);
    return 2;
  }
  const { services, runtime } = await openMessaging(ctx, args.json);
  try {
    const known = new Set((await services.store.accounts.list()).map((a) => a.customerId));
    const unknown = (args.account ?? []).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      err.write(`unknown account(s): ${unknown.join(', ')}\n`);
      return 2;
    }
    const job = await runWeeklyJob(runtime.deps, { week: args.week, accountIds: args.account, dryRun: args['dry-run'] });
    if (args['dry-run']) {
      if (args.json) out.write(`${JSON.stringify({ isoWeek: job.isoWeek, dryRun: true, accounts: job.accounts.map((a) => ({ customerId: a.customerId, name: a.name, ...(a.skipped ? { skipped: true } : { activity: a.activity }) })) }, null, 2)}\n`);
      else for (const a of job.accounts) out.write(`${job.isoWeek} ${a.customerId} ${a.name}: ${a.skipped ? 'nothing new: no post, the owner would be reminded' : 'would post the weekly status'}\n`);
      return 0;
    }
    const report = await runtime.deliver();
    const rows = [];
    for (const a of job.accounts) {
      const item = await services.store.outbox.getByKey(weeklyKey(a.customerId, job.isoWeek));
      rows.push({ customerId: a.customerId, name: a.name, newlyQueued: a.queued, status: item?.status ?? (a.skipped ? 'skipped' : 'missing'), activityId: item?.activityId ?? null, error: item?.lastError ?? null });
    }
    if (args.json) out.write(`${JSON.stringify({ isoWeek: job.isoWeek, delivery: report, accounts: rows }, null, 2)}\n`);
    else {
      out.write(`Weekly status ${job.isoWeek}: ${rows.length} account(s)\n`);
      for (const r of rows) out.write(`  ${r.customerId} ${r.name}: ${r.status}${r.newlyQueued ? '' : ' (already queued earlier)'}${r.error ? ` – ${r.error}` : ''}\n`);
    }
    return rows.some((r) => r.status === 'failed') ? 1 : 0;
  } finally {
    await runtime.idle();
    await services.close();
  }
}

if (require.main === module) {
  weeklyCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`weekly failed: ${AppError.from(e).message}\n`);
      process.exit(AppError.from(e).code === 'CONFIG_INVALID' || AppError.from(e).code === 'BAD_INPUT' ? 2 : 1);
    },
  );
}
