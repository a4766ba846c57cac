/**
 * npm run weekly -- [--account ID ...] [--week 2026-W48] [--dry-run] [--json] [--lang fi|en] [--help]
 * Runs the weekly status job now: one post per account per ISO week (a second run posts nothing).
 * With --dry-run --json it prints, per account, the exact activity it would send and sends nothing;
 * a dry run needs no bot credentials.
 * Exit codes: 0 done, 2 bad input, 1 other failure (e.g. a post failed for good).
 */
import { runWeeklyJob, weeklyKey } from '../messaging/weekly';
import { isIsoWeek } from '../messaging/iso-week';
import { openMessaging, type CliContext } from './cli-io';
import { parseCli, runCli, type CliSpec, type CliValues, type OptionSpec, type Out } from './cli-kit';

export const WEEKLY_CLI = {
  name: 'weekly',
  summary: {
    fi: 'Lähettää viikkotilanteen asiakkuuskanaviin nyt (kerran viikossa per asiakkuus).',
    en: 'Posts the weekly status to the account channels now (once per account per week).',
  },
  footer: { fi: 'Paluuarvot: 0 valmis, 2 virheellinen syöte, 1 muu virhe.', en: 'Exit codes: 0 done, 2 bad input, 1 other failure.' },
  options: {
    account: { type: 'string', multiple: true, value: 'ID', help: { fi: 'vain tämä asiakkuus', en: 'only this account' } },
    week: { type: 'string', value: '2026-W48', help: { fi: 'ISO-viikko (oletus kuluva)', en: 'ISO week (default: this week)' } },
    'dry-run': {
      type: 'boolean',
      default: false,
      help: { fi: 'näytä mitä lähetettäisiin, lähetä mitään', en: 'show what would be posted, post nothing' },
    },
    json: { type: 'boolean', default: false, help: { fi: 'tulosta JSON', en: 'print JSON' } },
  },
} as const satisfies CliSpec<Record<string, OptionSpec>>;

type WeeklyArgs = CliValues<typeof WEEKLY_CLI.options>;
type Messaging = Awaited<ReturnType<typeof openMessaging>>;
type WeeklyJob = Awaited<ReturnType<typeof runWeeklyJob>>;

/** The checked command line and where to write. */
interface WeeklyRun {
  args: WeeklyArgs;
  fi: boolean;
  out: Out;
  err: Out;
}

export async function weeklyCli(argv: string[], ctx: CliContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const parsed = parseCli(WEEKLY_CLI, argv, { out, err, env: ctx.env });
  if (!parsed.ok) return parsed.exitCode;
  const run: WeeklyRun = { args: parsed.values, fi: parsed.lang === 'fi', out, err };
  if (!weekValid(run)) return 2;
  const messaging = await openMessaging(ctx, run.args.json);
  try {
    if (!(await accountsKnown(run, messaging))) return 2;
    const { args } = run;
    const job = await runWeeklyJob(messaging.runtime.deps, { week: args.week, customerIds: args.account, dryRun: args['dry-run'] });
    if (args['dry-run']) {
      printDryRun(run, job);
      return 0;
    }
    return await deliverAndReport(run, messaging, job);
  } finally {
    await messaging.runtime.idle();
    await messaging.services.close();
  }
}

function weekValid({ args, fi, err }: WeeklyRun): boolean {
  if (!args.week || isIsoWeek(args.week)) return true;
  err.write(
    fi ? `--week on ISO-viikko kuten 2026-W48, saatiin "${args.week}"\n` : `--week must be an ISO week like 2026-W48, got "${args.week}"\n`,
  );
  return false;
}

async function accountsKnown({ args, fi, err }: WeeklyRun, { services }: Messaging): Promise<boolean> {
  const known = new Set((await services.store.accounts.list()).map((a) => a.customerId));
  const unknown = (args.account ?? []).filter((id) => !known.has(id));
  if (unknown.length === 0) return true;
  err.write(`${fi ? 'tuntemattomat asiakkuudet' : 'unknown account(s)'}: ${unknown.join(', ')}\n`);
  return false;
}

function printDryRun({ args, fi, out }: WeeklyRun, job: WeeklyJob): void {
  if (args.json)
    out.write(
      `${JSON.stringify({ isoWeek: job.isoWeek, dryRun: true, accounts: job.accounts.map((a) => ({ customerId: a.customerId, name: a.name, ...(a.skipped ? { skipped: true } : { activity: a.activity }) })) }, null, 2)}\n`,
    );
  else
    for (const a of job.accounts)
      out.write(
        `${job.isoWeek} ${a.customerId} ${a.name}: ${a.skipped ? (fi ? 'ei uutta: ei julkaisua, omistajaa muistutettaisiin' : 'nothing new: no post, the owner would be reminded') : fi ? 'viikkotilanne lähetettäisiin' : 'would post the weekly status'}\n`,
      );
}

/** Delivers the outbox and reports each account's post; 1 when any post failed for good. */
async function deliverAndReport(run: WeeklyRun, { services, runtime }: Messaging, job: WeeklyJob): Promise<number> {
  const report = await runtime.deliver();
  const rows = [];
  for (const a of job.accounts) {
    const item = await services.store.outbox.getByKey(weeklyKey(a.customerId, job.isoWeek));
    rows.push({
      customerId: a.customerId,
      name: a.name,
      newlyQueued: a.queued,
      status: item?.status ?? (a.skipped ? 'skipped' : 'missing'),
      activityId: item?.activityId ?? null,
      error: item?.lastError ?? null,
    });
  }
  const { args, fi, out } = run;
  if (args.json) out.write(`${JSON.stringify({ isoWeek: job.isoWeek, delivery: report, accounts: rows }, null, 2)}\n`);
  else {
    out.write(
      fi ? `Viikkotilanne ${job.isoWeek}: ${rows.length} asiakkuutta\n` : `Weekly status ${job.isoWeek}: ${rows.length} account(s)\n`,
    );
    for (const r of rows)
      out.write(
        `  ${r.customerId} ${r.name}: ${r.status}${r.newlyQueued ? '' : fi ? ' (jonossa jo aiemmin)' : ' (already queued earlier)'}${r.error ? ` – ${r.error}` : ''}\n`,
      );
  }
  return rows.some((r) => r.status === 'failed') ? 1 : 0;
}

if (require.main === module) runCli('weekly', () => weeklyCli(process.argv.slice(2)));
