import {
  ALL_ACCOUNTS_VALUE,
  noticeDialogStrings,
  noticeFormCard,
  noticePreviewCard,
  refusalCard,
  urgentNoticeCard,
  formatDateTime,
  type AdaptiveCardJson,
  type CardLocale,
  type NoticeFormValues,
} from '../cards';
import { AppError } from '../errors/app-error';
import { approverCandidates, checkNoticeForm, formValuesOf, readNoticeForm } from '../messaging/notice-form';
import { ownDraft, saveDraft, submitPlan } from '../messaging/notice-plans';
import { mayPostNotice, noticeData, targetAccounts, type Actor } from '../messaging/notices';
import { mentionedPeople } from '../messaging/people';
import type { NoticePlan } from '../store';
import { accountsOf } from './accounts';
import type { ConversationContext, Turn } from './turn';
import type { DialogReply } from './weekly-dialog';

type Input = Record<string, unknown>;

const form = (locale: CardLocale, card: AdaptiveCardJson): DialogReply => ({
  kind: 'form',
  title: noticeDialogStrings[locale].dialogTitle,
  card,
});

/** The accounts the author may post to: a director every live account (and "all"), an owner their own. */
async function accountChoices(ctx: ConversationContext, actor: Actor, locale: CardLocale) {
  const { deps } = ctx;
  if ((await mayPostNotice(deps, actor, { all: true })).ok) {
    const all = await targetAccounts(deps, { all: true });
    return [
      { value: ALL_ACCOUNTS_VALUE, title: noticeDialogStrings[locale].allAccounts },
      ...all.map((a) => ({ value: a.customerId, title: `${a.name} (${a.customerId})` })),
    ];
  }
  const own = (await accountsOf(deps, actor.id)).filter((x) => x.owner && x.account.channelId).map((x) => x.account);
  return own.map((a) => ({ value: a.customerId, title: `${a.name} (${a.customerId})` }));
}

function blank(customerId: string | undefined): NoticeFormValues {
  return { title: '', body: '', accounts: customerId ? [customerId] : [], audience: ['supervisor'], ackRequired: true, approval: false };
}

async function formReply(ctx: ConversationContext, turn: Turn<Input>, values: NoticeFormValues, errors: string[], planId?: string) {
  const choices = await accountChoices(ctx, turn.actor, turn.locale);
  if (choices.length === 0) {
    ctx.deps.logger.warn({ userId: turn.actor.id }, 'notice dialog refused');
    return form(turn.locale, refusalCard('urgentNotice', turn.locale));
  }
  // A channel's account the author may not post to is simply not preselected.
  const allowed = new Set(choices.map((c) => c.value));
  const kept = { ...values, accounts: values.accounts.filter((a) => allowed.has(a)) };
  return form(turn.locale, noticeFormCard({ planId, values: kept, accountChoices: choices, errors }, turn.locale));
}

/** The preview: the notice card as the first channel will get it, what it goes to, when, and to whom for approval. */
async function previewReply(ctx: ConversationContext, turn: Turn<Input>, plan: NoticePlan, errors: string[] = []): Promise<DialogReply> {
  const { deps } = ctx;
  const accounts = await targetAccounts(deps, plan.targets);
  const notice = {
    id: plan.id,
    authorId: plan.authorId,
    authorName: plan.authorName,
    title: plan.title,
    body: plan.body,
    targets: plan.targets,
    mention: plan.mention,
    state: 'active' as const,
    createdAt: plan.sendAt ?? deps.clock.now().toISOString(),
    editedAt: null,
    withdrawnAt: null,
    options: plan.options,
  };
  const mentions = accounts[0] ? await mentionedPeople(deps.store, accounts[0].customerId, plan.mention) : [];
  // Posted cards are in APP_LOCALE; the preview shows the same language.
  const posted = urgentNoticeCard(noticeData(notice, mentions), { kind: 'recipient' }, deps.locale, { timeZone: deps.timeZone });
  const card = noticePreviewCard(
    {
      planId: plan.id,
      notice: posted,
      channels: accounts.map((a) => a.name),
      sendAt: plan.sendAt ?? undefined,
      approval: plan.options.approvalRequired === true,
      approverChoices: plan.options.approvalRequired ? await approverCandidates(deps, plan.targets, plan.authorId) : [],
      errors,
    },
    turn.locale,
    { timeZone: deps.timeZone },
  );
  return { kind: 'form', title: noticeDialogStrings[turn.locale].previewDialogTitle, card };
}

/** Opens the notice dialog: an empty form, the channel's account preselected (a channel button passes it). */
export async function noticeDialogFetch(ctx: ConversationContext, turn: Turn<Input>): Promise<DialogReply> {
  const customerId = typeof turn.input.customerId === 'string' && turn.input.customerId ? turn.input.customerId : undefined;
  return formReply(ctx, turn, blank(customerId), []);
}

/**
 * The dialog's steps: `preview` checks the form (errors shown in the form, nothing sent) and saves a
 * draft; `back` opens the draft in the form; `send` sends, schedules or asks for approval.
 */
export async function noticeDialogSubmit(ctx: ConversationContext, turn: Turn<Input>): Promise<DialogReply> {
  const { deps } = ctx;
  const { actor, locale, input } = turn;
  const d = noticeDialogStrings[locale];
  const planId = typeof input.planId === 'string' ? input.planId : '';
  if (input.step === 'back') {
    const draft = await ownDraft(deps, actor, planId);
    return draft ? formReply(ctx, turn, formValuesOf(draft, deps.timeZone), [], draft.id) : noticeDialogFetch(ctx, turn);
  }
  if (input.step === 'send') {
    try {
      const r = await submitPlan(deps, actor, planId, typeof input.noticeApprover === 'string' ? input.noticeApprover : undefined, locale);
      ctx.kickDelivery?.();
      const fill = (t: string, k: string, v: string) => t.replace(`{${k}}`, v);
      if (r.kind === 'sent') return { kind: 'done', message: fill(d.sent, 'count', String(r.channels)) };
      if (r.kind === 'scheduled') return { kind: 'done', message: fill(d.scheduled, 'date', formatDateTime(r.at, locale, deps.timeZone)) };
      return { kind: 'done', message: fill(d.awaitingApproval, 'name', r.approver.name) };
    } catch (err) {
      const e = AppError.from(err);
      const draft = await ownDraft(deps, actor, planId);
      if (draft && e.code !== 'INTERNAL') return previewReply(ctx, turn, draft, [e.userMessage(locale)]);
      if (e.code === 'FORBIDDEN') return form(locale, refusalCard('urgentNotice', locale));
      return { kind: 'done', message: e.userMessage(locale) };
    }
  }
  const values = readNoticeForm(input);
  const checked = await checkNoticeForm(deps, actor, values, locale);
  if (!checked.ok) return formReply(ctx, turn, values, checked.errors, planId || undefined);
  const plan = await saveDraft(deps, actor, checked.fields, planId || undefined);
  return previewReply(ctx, turn, plan);
}
