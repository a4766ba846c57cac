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
import { parseCli, runCli, type CliSpec, type OptionSpec } from './cli-kit';

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

export async function noticeCli(argv: string[], ctx: CliContext = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const parsed = parseCli(NOTICE_CLI, argv, { out, err, env: ctx.env });
  if (!parsed.ok) return parsed.exitCode;
  const { values: args, lang } = parsed;
  const fi = lang === 'fi';
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
  const { config, services, runtime } = await openMessaging(ctx, args.json);
  try {
    const known = new Set((await services.store.accounts.list()).map((a) => a.customerId));
    const unknown = accounts.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      err.write(`${fi ? 'tuntemattomat asiakkuudet' : 'unknown account(s)'}: ${unknown.join(', ')}\n`);
      return 2;
    }
    const svc = config.SERVICE_ACCOUNT_UPN ? await services.store.people.get(config.SERVICE_ACCOUNT_UPN) : undefined;
    const author: Actor = { id: svc?.objectId ?? 'service', name: svc?.displayName ?? 'Account Channels', isService: true };

    if (args['dry-run']) {
      const draft: Notice = {
        id: 'dry-run',
        authorId: author.id,
        authorName: author.name,
        title: args.title!.trim(),
        body: args.body!.trim(),
        targets,
        mention,
        state: 'active',
        createdAt: services.clock.now().toISOString(),
        editedAt: null,
        withdrawnAt: null,
        options: { ackRequired: true },
      };
      const rows = [];
      for (const a of await targetAccounts(runtime.deps, targets))
        rows.push({
          customerId: a.customerId,
          channelId: a.channelId,
          activity: cardActivity(await noticeChannelCard(runtime.deps, draft, a.customerId), draft.title),
        });
      if (args.json) out.write(`${JSON.stringify({ dryRun: true, accounts: rows }, null, 2)}\n`);
      else for (const r of rows) out.write(`${fi ? 'lähetettäisiin kanavaan' : 'would post to'} ${r.customerId} (${r.channelId})\n`);
      return 0;
    }

    let composed;
    try {
      composed = await composeNotice(runtime.deps, { author, title: args.title!, body: args.body!, targets, mention });
    } catch (e) {
      const ae = AppError.from(e);
      if (ae.code === 'BAD_INPUT' || ae.code === 'NOT_FOUND') {
        err.write(`${ae.userMessage(lang)} (${ae.message})\n`);
        return 2;
      }
      throw e;
    }
    const report = await runtime.deliver();
    const rows = [];
    for (const id of composed.accounts) {
      const item = await services.store.outbox.getByKey(`notice:${composed.notice.id}:${id}`);
      rows.push({
        customerId: id,
        status: item?.status ?? 'missing',
        activityId: item?.activityId ?? null,
        error: item?.lastError ?? null,
      });
    }
    if (args.json) out.write(`${JSON.stringify({ noticeId: composed.notice.id, delivery: report, accounts: rows }, null, 2)}\n`);
    else {
      out.write(
        fi
          ? `Kiireellinen tiedote ${composed.notice.id}: ${rows.length} kanavaa\n`
          : `Urgent notice ${composed.notice.id}: ${rows.length} channel(s)\n`,
      );
      for (const r of rows) out.write(`  ${r.customerId}: ${r.status}${r.error ? ` – ${r.error}` : ''}\n`);
    }
    return rows.some((r) => r.status === 'failed') ? 1 : 0;
  } finally {
    await runtime.idle();
    await services.close();
  }
}

if (require.main === module) runCli('notice', () => noticeCli(process.argv.slice(2)));
