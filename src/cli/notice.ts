/**
 * npm run notice -- (--account ID ... | --all) --title T --body B [--mention supervisors|all|ROLE] [--dry-run] [--json] [--lang fi|en] [--help]
 * Sends an urgent notice as the configured service identity (SERVICE_ACCOUNT_UPN), through the
 * same checks and outbox as the bot. Exit codes: 0 done, 2 bad input, 1 other failure.
 */
import { AppError } from '../errors/app-error';
import { composeNotice, noticeChannelCard, targetAccounts, type Actor } from '../messaging/notices';
import { cardActivity } from '../messaging/render-items';
import { parseMention, MENTION_VALUES } from '../messaging/mention-roles';
import type { MentionSpec, Notice, NoticeTargets } from '../store';
import { openMessaging, type CliContext } from './cli-io';
import { parseCli, runCli, type CliSpec, type CliValues, type Lang, type OptionSpec, type Out } from './cli-kit';

export const NOTICE_CLI = {
  name: 'notice',
  summary: {
    fi: 'Lähettää kiireellisen tiedotteen asiakkuuskanaviin palvelutunnuksella (SERVICE_ACCOUNT_UPN).',
    en: 'Sends an urgent notice to account channels as the service identity (SERVICE_ACCOUNT_UPN).',
  },
  footer: {
    fi: 'Anna joko --account (yksi tai useampi) tai --all, sekä --title ja --body.\nPaluuarvot: 0 valmis, 2 virheellinen syöte, 1 muu virhe.',
    en: 'Give either --account (one or more) or --all, and both --title and --body.\nExit codes: 0 done, 2 bad input, 1 other failure.',
  },
  options: {
    account: { type: 'string', multiple: true, value: 'ID', help: { fi: 'kohdeasiakkuus', en: 'target account' } },
    all: { type: 'boolean', default: false, help: { fi: 'kaikki asiakkuudet', en: 'every account' } },
    title: { type: 'string', value: 'T', help: { fi: 'otsikko', en: 'title' } },
    body: { type: 'string', value: 'B', help: { fi: 'teksti', en: 'text' } },
    mention: {
      type: 'string',
      default: 'supervisors',
      value: MENTION_VALUES.join('|'),
      help: { fi: 'ketkä mainitaan', en: 'who is mentioned' },
    },
    'dry-run': {
      type: 'boolean',
      default: false,
      help: { fi: 'näytä mitä lähetettäisiin, lähetä mitään', en: 'show what would be posted, post nothing' },
    },
    json: { type: 'boolean', default: false, help: { fi: 'tulosta JSON', en: 'print JSON' } },
  },
} as const satisfies CliSpec<Record<string, OptionSpec>>;

type NoticeArgs = CliValues<typeof NOTICE_CLI.options>;
type Messaging = Awaited<ReturnType<typeof openMessaging>>;

/** A checked command line: the parts every later step needs. */
interface NoticeRun {
  args: NoticeArgs;
  lang: Lang;
  out: Out;
  err: Out;
  accounts: string[];
  targets: NoticeTargets;
  mention: MentionSpec;
}

export async function noticeCli(argv: string[], ctx: CliContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const parsed = parseCli(NOTICE_CLI, argv, { out, err, env: ctx.env });
  if (!parsed.ok) return parsed.exitCode;
  const run = checkArguments(parsed.values, parsed.lang, out, err);
  if (typeof run === 'number') return run;
  const messaging = await openMessaging(ctx, run.args.json);
  try {
    if (!(await accountsKnown(run, messaging))) return 2;
    const author = await serviceAuthor(messaging);
    if (run.args['dry-run']) return await dryRun(run, messaging, author);
    return await sendNotice(run, messaging, author);
  } finally {
    await messaging.runtime.idle();
    await messaging.services.close();
  }
}

/** Checks what can be checked without the database; an exit code when the input is bad. */
function checkArguments(args: NoticeArgs, lang: Lang, out: Out, err: Out): NoticeRun | number {
  const accounts = args.account ?? [];
  if (args.all === accounts.length > 0 || !args.title?.trim() || !args.body?.trim()) {
    err.write(`${NOTICE_CLI.footer[lang].split('\n')[0]}\n`);
    return 2;
  }
  const targets: NoticeTargets = args.all ? { all: true } : { accounts };
  let mention: MentionSpec;
  try {
    mention = parseMention(args.mention);
  } catch (e) {
    err.write(`${AppError.from(e).message}\n${NOTICE_CLI.footer[lang].split('\n')[0]}\n`);
    return 2;
  }
  return { args, lang, out, err, accounts, targets, mention };
}

async function accountsKnown(run: NoticeRun, { services }: Messaging): Promise<boolean> {
  const known = new Set((await services.store.accounts.list()).map((a) => a.customerId));
  const unknown = run.accounts.filter((id) => !known.has(id));
  if (unknown.length === 0) return true;
  run.err.write(`${run.lang === 'fi' ? 'tuntemattomat asiakkuudet' : 'unknown account(s)'}: ${unknown.join(', ')}\n`);
  return false;
}

async function serviceAuthor({ config, services }: Messaging): Promise<Actor> {
  const svc = config.SERVICE_ACCOUNT_UPN ? await services.store.people.get(config.SERVICE_ACCOUNT_UPN) : undefined;
  return { id: svc?.objectId ?? 'service', name: svc?.displayName ?? 'Account Channels', isService: true };
}

/** Renders the card each target channel would get, and posts nothing. */
async function dryRun(run: NoticeRun, { services, runtime }: Messaging, author: Actor): Promise<number> {
  const { args, out } = run;
  const draft: Notice = {
    id: 'dry-run',
    authorId: author.id,
    authorName: author.name,
    title: args.title!.trim(),
    body: args.body!.trim(),
    targets: run.targets,
    mention: run.mention,
    state: 'active',
    createdAt: services.clock.now().toISOString(),
    editedAt: null,
    withdrawnAt: null,
    options: { ackRequired: true },
  };
  const rows = [];
  for (const a of await targetAccounts(runtime.deps, run.targets))
    rows.push({
      customerId: a.customerId,
      channelId: a.channelId,
      activity: cardActivity(await noticeChannelCard(runtime.deps, draft, a.customerId), draft.title),
    });
  if (args.json) out.write(`${JSON.stringify({ dryRun: true, accounts: rows }, null, 2)}\n`);
  else
    for (const r of rows)
      out.write(`${run.lang === 'fi' ? 'lähetettäisiin kanavaan' : 'would post to'} ${r.customerId} (${r.channelId})\n`);
  return 0;
}

/** Composes the notice, delivers the outbox and reports each channel; 1 when any post failed. */
async function sendNotice(run: NoticeRun, messaging: Messaging, author: Actor): Promise<number> {
  const { args, lang } = run;
  let composed;
  try {
    composed = await composeNotice(messaging.runtime.deps, {
      author,
      title: args.title!,
      body: args.body!,
      targets: run.targets,
      mention: run.mention,
    });
  } catch (e) {
    const ae = AppError.from(e);
    if (ae.code === 'BAD_INPUT' || ae.code === 'NOT_FOUND') {
      run.err.write(`${ae.userMessage(lang)} (${ae.message})\n`);
      return 2;
    }
    throw e;
  }
  const report = await messaging.runtime.deliver();
  const rows = await deliveryRows(messaging, composed.notice.id, composed.accounts);
  printDelivery(run, composed.notice.id, report, rows);
  return rows.some((r) => r.status === 'failed') ? 1 : 0;
}

interface DeliveryRow {
  customerId: string;
  status: string;
  activityId: string | null;
  error: string | null;
}

async function deliveryRows({ services }: Messaging, noticeId: string, accounts: readonly string[]): Promise<DeliveryRow[]> {
  const rows: DeliveryRow[] = [];
  for (const id of accounts) {
    const item = await services.store.outbox.getByKey(`notice:${noticeId}:${id}`);
    rows.push({
      customerId: id,
      status: item?.status ?? 'missing',
      activityId: item?.activityId ?? null,
      error: item?.lastError ?? null,
    });
  }
  return rows;
}

function printDelivery(run: NoticeRun, noticeId: string, report: unknown, rows: DeliveryRow[]): void {
  const { out } = run;
  if (run.args.json) {
    out.write(`${JSON.stringify({ noticeId, delivery: report, accounts: rows }, null, 2)}\n`);
    return;
  }
  out.write(
    run.lang === 'fi'
      ? `Kiireellinen tiedote ${noticeId}: ${rows.length} kanavaa\n`
      : `Urgent notice ${noticeId}: ${rows.length} channel(s)\n`,
  );
  for (const r of rows) out.write(`  ${r.customerId}: ${r.status}${r.error ? ` – ${r.error}` : ''}\n`);
}

if (require.main === module) runCli('notice', () => noticeCli(process.argv.slice(2)));
