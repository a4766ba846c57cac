import type { TurnContext } from 'botbuilder';
import { AppError } from '../src/errors/app-error';
import {
  COMMAND_WORDS,
  errorCard,
  feedbackReceivedCard,
  helpCard,
  membersCard,
  refusalCard,
  toAttachment,
  weeklyStatusCard,
  whyAccessCard,
  APPROVE_REMOVALS_VERB,
  NOTICE_VERBS,
  type AdaptiveCardJson,
  type CardLocale,
  type CommandKey,
} from '../src/cards';
import type { MessagingDeps } from '../src/messaging/deps';
import { acknowledgeNotice, composeNotice, noticeCardFor, quickReplyKind, withdrawNotice, type Actor } from '../src/messaging/notices';
import { accountOwners } from '../src/messaging/people';
import { noticeAccess } from '../src/messaging/notice-access';
import { editableWeek, submitWeeklyForm, weeklyCardData, weeklyFormFor } from '../src/messaging/weekly';
import { toAccessReason } from '../src/messaging/render-items';

/** Runs a sync for the bot (injected: the app wires it to `runSync`). */
export type SyncRunner = (req: { requestedBy: string; confirmRemovals?: boolean; runId?: string }) => Promise<{ status: string; exitCode: number; text?: string }>;

export interface MessagingHandlerOptions {
  deps: MessagingDeps;
  runSync?: SyncRunner;
  /** Sends what the outbox holds now (after composing a notice), without waiting for the scheduler. */
  kickDelivery?: () => void;
}

const WORDS = new Map<string, CommandKey>();
for (const locale of ['fi', 'en'] as const) for (const [key, word] of Object.entries(COMMAND_WORDS[locale])) WORDS.set(word, key as CommandKey);
WORDS.set('jasenet', 'members');
WORDS.set('urgent', 'urgent');

export type InvokeResult = { status: number; body?: unknown };

/** The bot's commands, card actions and dialogs; plain functions over a TurnContext. */
export class MessagingHandlers {
  constructor(private readonly o: MessagingHandlerOptions) {}

  private get deps() {
    return this.o.deps;
  }

  actor(context: TurnContext): Actor {
    const from = context.activity.from;
    return { id: from.aadObjectId ?? from.id, name: from.name ?? from.aadObjectId ?? from.id };
  }

  /** The account whose channel (or thread in it) this conversation is. */
  async accountOfConversation(context: TurnContext) {
    const channelId =
      (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? context.activity.conversation.id.split(';')[0]!;
    return this.deps.store.accounts.getByChannelId(channelId);
  }

  private async accountFrom(context: TurnContext, arg: string | undefined) {
    if (arg) {
      const a = await this.deps.store.accounts.get(arg);
      if (a) return a;
    }
    return this.accountOfConversation(context);
  }

  private async sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
    await context.sendActivity({ type: 'message', attachments: [toAttachment(card)] });
  }

  private async isAdmin(userId: string): Promise<boolean> {
    return this.deps.adminGroupId ? this.deps.isInGroup(userId, this.deps.adminGroupId) : false;
  }

  /** Text commands (Finnish and English) and quick replies; true when handled. */
  async handleMessage(context: TurnContext, locale: CardLocale, text: string): Promise<boolean> {
    const [word = '', ...rest] = text.split(' ');
    const args = rest.join(' ').trim();
    const key = WORDS.get(word.toLowerCase());
    const actor = this.actor(context);
    if (!key) {
      const kind = quickReplyKind(text);
      return kind ? this.quickReply(context, locale, actor, kind) : false;
    }
    switch (key) {
      case 'help':
        await this.sendCard(context, helpCard(locale, { isAdmin: await this.isAdmin(actor.id) }));
        return true;
      case 'status':
        return this.status(context, locale, actor, args);
      case 'urgent':
        return this.notice(context, locale, actor, args);
      case 'sync':
        return this.sync(context, locale, actor, args);
      case 'members':
        return this.members(context, locale, actor, args);
      case 'why':
        return this.why(context, locale, actor, args);
      case 'feedback':
        return this.feedback(context, locale, actor, args);
    }
  }

  private async quickReply(context: TurnContext, locale: CardLocale, actor: Actor, kind: 'ok' | 'looking'): Promise<boolean> {
    const noticeIds = await this.noticesRepliedTo(context, actor);
    if (noticeIds.length === 0) return false;
    for (const noticeId of noticeIds) {
      if (!(await noticeAccess(this.deps, noticeId, actor))) continue;
      await acknowledgeNotice(this.deps, noticeId, actor, kind).catch((err) => {
        if (AppError.from(err).code !== 'CONFLICT') throw err;
      });
    }
    await context.sendActivity(locale === 'en' ? 'Thanks, your reply was recorded.' : 'Kiitos, vastauksesi on kirjattu.');
    return true;
  }

  /**
   * A reply in a notice's thread answers that notice. In the personal chat it answers the notices the
   * user was reminded about there and has not acknowledged yet (still active ones).
   */
  private async noticesRepliedTo(context: TurnContext, actor: Actor): Promise<string[]> {
    const conv = context.activity.conversation.id;
    const m = /;messageid=(.+)$/.exec(conv);
    if (m) {
      const ref = await this.deps.store.messageRefs.findByActivity(conv, m[1]!);
      return ref?.kind === 'notice' ? [ref.refId] : [];
    }
    if (context.activity.conversation.conversationType !== 'personal') return [];
    const out: string[] = [];
    for (const ref of await this.deps.store.messageRefs.listInConversation(conv, 'reminder')) {
      if (out.includes(ref.refId)) continue;
      const notice = await this.deps.store.notices.get(ref.refId);
      if (notice?.state !== 'active' || (await this.deps.store.acknowledgements.get(ref.refId, actor.id))?.kind === 'ack') continue;
      out.push(ref.refId);
    }
    return out;
  }

  private async status(context: TurnContext, locale: CardLocale, actor: Actor, args: string): Promise<boolean> {
    const account = await this.accountFrom(context, args.split(' ')[0]);
    if (!account) {
      await context.sendActivity(locale === 'en' ? 'Which account? Type "status <account id>" or use the command in the account channel.' : 'Mikä asiakkuus? Kirjoita "tila <asiakasnumero>" tai käytä komentoa asiakkaan kanavalla.');
      return true;
    }
    const form = await weeklyFormFor(this.deps, actor, account.customerId, undefined, locale);
    if (!form.allowed) {
      await this.sendCard(context, form.card);
      return true;
    }
    const week = await editableWeek(this.deps, account.customerId);
    const data = await weeklyCardData(this.deps, account.customerId, week);
    await this.sendCard(context, weeklyStatusCard({ ...data!, editable: true }, locale, { timeZone: this.deps.timeZone }));
    return true;
  }

  /** `tiedote [asiakasnumero|kaikki] Otsikko | Teksti` */
  private async notice(context: TurnContext, locale: CardLocale, actor: Actor, args: string): Promise<boolean> {
    const [first = '', ...more] = args.split(' ');
    const all = ['all', 'kaikki'].includes(first.toLowerCase());
    const named = !all && first ? await this.deps.store.accounts.get(first) : undefined;
    const restText = all || named ? more.join(' ') : args;
    const [title = '', ...bodyParts] = restText.split('|');
    const body = bodyParts.join('|').trim();
    const account = named ?? (all ? undefined : await this.accountOfConversation(context));
    if (!title.trim() || !body || (!all && !account)) {
      await context.sendActivity(
        locale === 'en'
          ? 'Usage: notice [account id | all] Title | Text (in an account channel the account is implied).'
          : 'Käyttö: tiedote [asiakasnumero | kaikki] Otsikko | Teksti (asiakkaan kanavalla asiakas on valmiiksi valittu).',
      );
      return true;
    }
    try {
      const { accounts } = await composeNotice(this.deps, { author: actor, title, body, targets: all ? { all: true } : { accounts: [account!.customerId] } });
      await context.sendActivity(locale === 'en' ? `Urgent notice queued for ${accounts.length} channel(s).` : `Kiireellinen tiedote lähtee ${accounts.length} kanavalle.`);
      this.o.kickDelivery?.();
    } catch (err) {
      const e = AppError.from(err);
      if (e.code === 'FORBIDDEN') await this.sendCard(context, refusalCard('urgentNotice', locale));
      else await this.sendCard(context, errorCard({ error: e }, locale));
    }
    return true;
  }

  private async sync(context: TurnContext, locale: CardLocale, actor: Actor, _args: string): Promise<boolean> {
    if (!(await this.isAdmin(actor.id))) {
      this.deps.logger.warn({ userId: actor.id }, 'sync command refused');
      await this.sendCard(context, refusalCard('sync', locale));
      return true;
    }
    if (!this.o.runSync) {
      await context.sendActivity(locale === 'en' ? 'Sync is not available here.' : 'Synkronointi ei ole käytettävissä.');
      return true;
    }
    await context.sendActivity(locale === 'en' ? 'Sync started…' : 'Synkronointi käynnistyi…');
    const r = await this.o.runSync({ requestedBy: actor.id });
    await context.sendActivity(r.text ?? (locale === 'en' ? `Sync finished: ${r.status}.` : `Synkronointi valmis: ${r.status}.`));
    return true;
  }

  private async members(context: TurnContext, locale: CardLocale, actor: Actor, args: string): Promise<boolean> {
    const account = await this.accountFrom(context, args.split(' ')[0]);
    if (!account) return this.askAccount(context, locale);
    const desired = await this.deps.store.desiredMemberships.listForAccount(account.customerId);
    const people = await this.deps.store.people.getMany(desired.map((d) => d.email));
    const me = [...people.values()].find((p) => p.objectId === actor.id);
    if (!me && !(await this.isAdmin(actor.id))) {
      this.deps.logger.warn({ userId: actor.id, customerId: account.customerId }, 'members command refused');
      await this.sendCard(context, refusalCard('members', locale));
      return true;
    }
    const sites = new Map((await this.deps.store.sites.listForAccount(account.customerId)).map((s) => [s.siteId, s.name]));
    const members = desired.map((d) => ({
      name: people.get(d.email)?.displayName ?? d.email,
      reasons: d.reasons.map((r) => toAccessReason({ ...r, siteName: r.siteId ? sites.get(r.siteId) : undefined })),
    }));
    await this.sendCard(context, membersCard({ accountName: account.name, members }, locale));
    return true;
  }

  private async why(context: TurnContext, locale: CardLocale, actor: Actor, args: string): Promise<boolean> {
    const person = await this.deps.store.people.getByObjectId(actor.id);
    const mine = person ? await this.deps.store.desiredMemberships.listForEmail(person.email) : [];
    const account = await this.accountFrom(context, args.split(' ')[0]);
    const relevant = account ? mine.filter((m) => m.customerId === account.customerId) : mine;
    if (relevant.length === 0) {
      await this.sendCard(context, whyAccessCard({ accountName: account?.name ?? '', reasons: [] }, locale));
      return true;
    }
    for (const m of relevant.slice(0, 5)) {
      const a = await this.deps.store.accounts.get(m.customerId);
      const sites = new Map((await this.deps.store.sites.listForAccount(m.customerId)).map((s) => [s.siteId, s.name]));
      const reasons = m.reasons.map((r) => toAccessReason({ ...r, siteName: r.siteId ? sites.get(r.siteId) : undefined }));
      await this.sendCard(context, whyAccessCard({ accountName: a?.name ?? m.customerId, reasons }, locale));
    }
    return true;
  }

  private async feedback(context: TurnContext, locale: CardLocale, actor: Actor, args: string): Promise<boolean> {
    const account = await this.accountOfConversation(context);
    if (!account || !args) {
      await context.sendActivity(locale === 'en' ? 'Write feedback in the account channel: feedback your text.' : 'Kirjoita palaute asiakkaan kanavalla: palaute teksti.');
      return true;
    }
    const saved = await this.deps.store.feedback.add({ customerId: account.customerId, userId: actor.id, userName: actor.name, text: args.slice(0, 4000) });
    for (const owner of await accountOwners(this.deps.store, account.customerId)) {
      await this.deps.store.outbox.enqueue({
        idempotencyKey: `feedback:${saved.id}:${owner.id}`,
        kind: 'feedback',
        customerId: account.customerId,
        target: { userId: owner.id },
        payload: { accountName: account.name, from: { id: actor.id, name: actor.name }, text: saved.text, receivedAt: saved.createdAt },
      });
    }
    this.o.kickDelivery?.();
    await this.sendCard(context, feedbackReceivedCard({ accountName: account.name, from: actor, text: '', receivedAt: saved.createdAt }, 'sender', locale));
    return true;
  }

  private async askAccount(context: TurnContext, locale: CardLocale): Promise<boolean> {
    await context.sendActivity(locale === 'en' ? 'Use the command in an account channel, or add the account id.' : 'Käytä komentoa asiakkaan kanavalla tai lisää asiakasnumero.');
    return true;
  }

  /** `adaptiveCard/action` (Universal Actions): acknowledge, refresh, withdraw, approve removals. */
  async cardAction(context: TurnContext, locale: CardLocale, verb: string, data: Record<string, unknown>): Promise<InvokeResult> {
    const actor = this.actor(context);
    const cardResponse = (card: AdaptiveCardJson) => ({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } });
    const messageResponse = (text: string) => ({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } });
    const noticeId = typeof data.noticeId === 'string' ? data.noticeId : '';
    const ref = context.activity.replyToId ? await this.deps.store.messageRefs.findByActivity(context.activity.conversation.id, context.activity.replyToId) : undefined;
    const customerId = ref?.customerId ?? (await this.accountOfConversation(context))?.customerId;
    try {
      // Refresh and ack show content and store receipts: only for those the notice concerns (notice-access.ts).
      if ((verb === NOTICE_VERBS.ack || verb === NOTICE_VERBS.refresh) && !(await noticeAccess(this.deps, noticeId, actor))) {
        this.deps.logger.warn({ noticeId: noticeId.slice(0, 100), userId: actor.id, verb }, 'notice card action refused');
        return cardResponse(refusalCard('generic', locale));
      }
      switch (verb) {
        case NOTICE_VERBS.ack:
          await acknowledgeNotice(this.deps, noticeId, actor, 'ack');
          return cardResponse(await noticeCardFor(this.deps, noticeId, actor, { customerId, locale }));
        case NOTICE_VERBS.refresh:
          return cardResponse(await noticeCardFor(this.deps, noticeId, actor, { customerId, locale }));
        case NOTICE_VERBS.withdraw:
          await withdrawNotice(this.deps, noticeId, actor);
          this.o.kickDelivery?.();
          return cardResponse(await noticeCardFor(this.deps, noticeId, actor, { customerId, locale }));
        case APPROVE_REMOVALS_VERB:
          return messageResponse(await this.approveRemovals(actor, locale, String(data.runId ?? '')));
        default:
          return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: `unknown verb ${verb}` } } };
      }
    } catch (err) {
      const e = AppError.from(err);
      if (e.code === 'FORBIDDEN') return cardResponse(refusalCard('generic', locale));
      if (e.code === 'INTERNAL') this.deps.logger.error({ err: { message: e.message }, verb }, 'card action failed');
      return cardResponse(errorCard({ error: e }, locale));
    }
  }

  private async approveRemovals(actor: Actor, locale: CardLocale, runId: string): Promise<string> {
    const run = runId ? await this.deps.store.syncRuns.get(runId) : undefined;
    const held = run ? await this.deps.store.outbox.list({ kind: 'removal-approval' }) : [];
    const asOwner = held.some((i) => (i.payload as { runId?: string }).runId === runId && (i.target as { userId?: string }).userId === actor.id);
    if (!run || (!asOwner && !(await this.isAdmin(actor.id)))) {
      this.deps.logger.warn({ userId: actor.id, runId }, 'removal approval refused');
      return refusalText(locale);
    }
    if (!this.o.runSync) return locale === 'en' ? 'Sync is not available here.' : 'Synkronointi ei ole käytettävissä.';
    this.deps.logger.info({ userId: actor.id, runId }, 'held removals approved');
    const r = await this.o.runSync({ requestedBy: actor.id, confirmRemovals: true, runId });
    return r.text ?? (locale === 'en' ? `Removals approved; sync ${r.status}.` : `Poistot hyväksytty; synkronointi: ${r.status}.`);
  }

  /** Task module (dialog) for the weekly status: fetch shows the prefilled form, submit saves it. */
  async taskFetch(context: TurnContext, locale: CardLocale, data: Record<string, unknown>): Promise<unknown> {
    const actor = this.actor(context);
    const customerId = String(data.accountId ?? '');
    const form = await weeklyFormFor(this.deps, actor, customerId, typeof data.isoWeek === 'string' ? data.isoWeek : undefined, locale);
    return {
      task: {
        type: 'continue',
        value: { title: locale === 'en' ? 'Weekly status' : 'Viikkoviesti', card: toAttachment(form.card), width: 'medium', height: 'large' },
      },
    };
  }

  async taskSubmit(context: TurnContext, locale: CardLocale, data: Record<string, unknown>): Promise<unknown> {
    const r = await submitWeeklyForm(this.deps, this.actor(context), data, locale);
    if (r.ok) {
      if (r.updatedPost) this.o.kickDelivery?.();
      return { task: { type: 'message', value: locale === 'en' ? 'Weekly status saved.' : 'Viikkoviesti tallennettu.' } };
    }
    return { task: { type: 'continue', value: { title: locale === 'en' ? 'Weekly status' : 'Viikkoviesti', card: toAttachment(r.card) } } };
  }
}

function refusalText(locale: CardLocale): string {
  return locale === 'en' ? 'You are not allowed to approve these removals.' : 'Sinulla ei ole oikeutta hyväksyä näitä poistoja.';
}
