import { noticeDialogStrings, noticePlanCard, type AdaptiveCardJson, type CardLocale, type Person } from '../cards';
import { AppError } from '../errors/app-error';
import type { NoticePlan, NoticePlanFields } from '../store';
import type { NoticePlanStatus } from '../store/database';
import type { MessagingDeps } from './deps';
import { noticePlanAccess } from './notice-access';
import { approverCandidates } from './notice-form';
import { composeNotice, targetAccounts, type Actor } from './notices';
import { enqueueMessage } from './outbox-messages';

const refuse = (
  locale: CardLocale,
  key: 'notApprover' | 'alreadyDecided' | 'draftGone' | 'errApprover',
  code: 'FORBIDDEN' | 'CONFLICT' | 'BAD_INPUT',
) => new AppError(code, `notice plan: ${key}`, { userMessage: noticeDialogStrings[locale][key] });

/** Saves the checked form as the author's draft (a new one, or the draft being edited). */
export async function saveDraft(deps: MessagingDeps, actor: Actor, fields: NoticePlanFields, planId?: string): Promise<NoticePlan> {
  const existing = planId ? await deps.store.noticePlans.get(planId) : undefined;
  if (existing && existing.authorId === actor.id && (await deps.store.noticePlans.updateDraft(existing.id, fields)))
    return (await deps.store.noticePlans.get(existing.id))!;
  return deps.store.noticePlans.createDraft({ id: actor.id, name: actor.name }, fields);
}

/** The author's own draft, or undefined (someone else's, or already sent / cancelled). */
export async function ownDraft(deps: MessagingDeps, actor: Actor, planId: string): Promise<NoticePlan | undefined> {
  const plan = await deps.store.noticePlans.get(planId);
  return plan && plan.authorId === actor.id && plan.status === 'draft' ? plan : undefined;
}

export type SubmitResult = { kind: 'sent'; channels: number } | { kind: 'scheduled'; at: string } | { kind: 'awaiting'; approver: Person };

/**
 * Send in the preview: with a second pair of eyes the draft waits for the chosen approver (who gets
 * the card); with a time it is scheduled (the job sends it); otherwise it goes out now. The author
 * gets a card in their personal chat for anything that waits, with Cancel.
 */
export async function submitPlan(
  deps: MessagingDeps,
  actor: Actor,
  planId: string,
  approverId: string | undefined,
  locale: CardLocale,
): Promise<SubmitResult> {
  const plan = await ownDraft(deps, actor, planId);
  if (!plan) throw refuse(locale, 'draftGone', 'CONFLICT');
  if (plan.options.approvalRequired) {
    const approver = (await approverCandidates(deps, plan.targets, actor.id)).find((p) => p.id === approverId);
    if (!approver) throw refuse(locale, 'errApprover', 'BAD_INPUT');
    if (
      !(await deps.store.noticePlans.transition(plan.id, ['draft'], 'awaiting-approval', {
        approverId: approver.id,
        approverName: approver.name,
      }))
    )
      throw refuse(locale, 'draftGone', 'CONFLICT');
    await enqueueMessage(deps.store, {
      idempotencyKey: `notice-approval:${plan.id}:${approver.id}`,
      kind: 'notice-approval',
      customerId: null,
      target: { userId: approver.id },
      payload: { planId: plan.id },
    });
    await tellAuthor(deps, plan, 'awaiting-approval');
    deps.logger.info({ planId: plan.id, author: actor.id, approver: approver.id }, 'notice awaits a second pair of eyes');
    return { kind: 'awaiting', approver };
  }
  if (plan.sendAt && Date.parse(plan.sendAt) > deps.clock.now().getTime()) {
    if (!(await deps.store.noticePlans.transition(plan.id, ['draft'], 'scheduled'))) throw refuse(locale, 'draftGone', 'CONFLICT');
    await tellAuthor(deps, plan, 'scheduled');
    deps.logger.info({ planId: plan.id, author: actor.id, sendAt: plan.sendAt }, 'notice scheduled');
    return { kind: 'scheduled', at: plan.sendAt };
  }
  return { kind: 'sent', channels: await sendPlan(deps, plan, ['draft']) };
}

/**
 * Turns the plan into a notice and queues its posts, in one transaction with the status change, so
 * a plan is sent once whatever the clicks, approvers or instances. The author's right to post is
 * checked again by composeNotice (it may have changed since scheduling).
 */
async function sendPlan(deps: MessagingDeps, plan: NoticePlan, from: readonly NoticePlanStatus[], decided?: Decision): Promise<number> {
  const by =
    decided ?? (plan.decidedBy && plan.approverId ? { approverId: plan.approverId, approverName: plan.approverName ?? '' } : undefined);
  const approvedBy = plan.options.approvalRequired && by ? { id: by.approverId, name: by.approverName } : undefined;
  const { approvalRequired: _ignored, ...options } = plan.options;
  return deps.store.transaction(async (store) => {
    if (!(await store.noticePlans.transition(plan.id, from, 'sent', decided ?? {})))
      throw new AppError('CONFLICT', `notice plan ${plan.id} is no longer ${from.join('/')}`, {
        userMessage: noticeDialogStrings[plan.locale].alreadyDecided,
      });
    const { notice, accounts } = await composeNotice(
      { ...deps, store },
      {
        author: { id: plan.authorId, name: plan.authorName ?? plan.authorId },
        title: plan.title,
        body: plan.body,
        targets: plan.targets,
        mention: plan.mention,
        options: { ...options, ...(approvedBy ? { approvedBy } : {}) },
      },
    );
    await store.noticePlans.setNoticeId(plan.id, notice.id);
    return accounts.length;
  });
}

interface Decision {
  approverId: string;
  approverName: string;
  decidedBy: string;
  decidedAt: string;
}

/** A status card to the author's personal chat (scheduled, awaiting, approved and sent, rejected). */
async function tellAuthor(deps: MessagingDeps, plan: NoticePlan, status: NoticePlanStatus): Promise<void> {
  await enqueueMessage(deps.store, {
    idempotencyKey: `notice-plan:${plan.id}:${status}`,
    kind: 'notice-plan',
    customerId: null,
    target: { userId: plan.authorId },
    payload: { planId: plan.id },
  });
}

/** Who may decide: the chosen approver or a director, never the author (notice-access.ts). */
const mayDecide = async (deps: MessagingDeps, plan: NoticePlan, actor: Actor) => (await noticePlanAccess(deps, plan, actor)) === 'approver';

async function decidable(deps: MessagingDeps, planId: string, actor: Actor, locale: CardLocale): Promise<NoticePlan> {
  const plan = await deps.store.noticePlans.get(planId);
  if (!plan || !(await mayDecide(deps, plan, actor))) {
    deps.logger.warn({ planId: planId.slice(0, 100), userId: actor.id }, 'notice approval refused');
    throw refuse(locale, 'notApprover', 'FORBIDDEN');
  }
  if (plan.status !== 'awaiting-approval') throw refuse(locale, 'alreadyDecided', 'CONFLICT');
  return plan;
}

/** Approve: sent now, or scheduled when its time is still to come; the author is told. */
export async function approvePlan(deps: MessagingDeps, actor: Actor, planId: string, locale: CardLocale): Promise<AdaptiveCardJson> {
  const plan = await decidable(deps, planId, actor, locale);
  const decided: Decision = {
    approverId: actor.id,
    approverName: actor.name,
    decidedBy: actor.id,
    decidedAt: deps.clock.now().toISOString(),
  };
  const later = plan.sendAt && Date.parse(plan.sendAt) > deps.clock.now().getTime();
  if (later) {
    if (!(await deps.store.noticePlans.transition(plan.id, ['awaiting-approval'], 'scheduled', decided)))
      throw refuse(locale, 'alreadyDecided', 'CONFLICT');
    await tellAuthor(deps, plan, 'scheduled');
  } else {
    await sendPlan(deps, plan, ['awaiting-approval'], decided);
    await tellAuthor(deps, plan, 'sent');
  }
  deps.logger.info({ planId, approver: actor.id, scheduled: Boolean(later) }, 'notice approved');
  return planCardFor(deps, planId, 'approver', locale);
}

/** Reject: nothing is sent; the author is told who rejected it. */
export async function rejectPlan(deps: MessagingDeps, actor: Actor, planId: string, locale: CardLocale): Promise<AdaptiveCardJson> {
  const plan = await decidable(deps, planId, actor, locale);
  const decided = { approverId: actor.id, approverName: actor.name, decidedBy: actor.id, decidedAt: deps.clock.now().toISOString() };
  if (!(await deps.store.noticePlans.transition(plan.id, ['awaiting-approval'], 'rejected', decided)))
    throw refuse(locale, 'alreadyDecided', 'CONFLICT');
  await tellAuthor(deps, plan, 'rejected');
  deps.logger.info({ planId, approver: actor.id }, 'notice rejected');
  return planCardFor(deps, planId, 'approver', locale);
}

/** The author cancels a notice that is scheduled or awaiting approval (before it is sent). */
export async function cancelPlan(deps: MessagingDeps, actor: Actor, planId: string, locale: CardLocale): Promise<AdaptiveCardJson> {
  const plan = await deps.store.noticePlans.get(planId);
  if (!plan || (await noticePlanAccess(deps, plan, actor)) !== 'author') {
    deps.logger.warn({ planId: planId.slice(0, 100), userId: actor.id }, 'notice cancel refused');
    throw new AppError('FORBIDDEN', 'only the author may cancel a notice before it is sent');
  }
  if (!(await deps.store.noticePlans.transition(plan.id, ['scheduled', 'awaiting-approval'], 'cancelled')))
    throw refuse(locale, 'alreadyDecided', 'CONFLICT');
  deps.logger.info({ planId, author: actor.id }, 'notice cancelled before sending');
  return planCardFor(deps, planId, 'author', locale);
}

/** The plan's card as the approver or the author sees it now. */
export async function planCardFor(
  deps: MessagingDeps,
  planId: string,
  view: 'approver' | 'author',
  locale: CardLocale = deps.locale,
): Promise<AdaptiveCardJson> {
  const plan = await deps.store.noticePlans.get(planId);
  if (!plan) throw new AppError('NOT_FOUND', `notice plan ${planId} not found`);
  const accounts = (await targetAccounts(deps, plan.targets)).map((a) => a.name);
  const notice = plan.noticeId ? await deps.store.notices.get(plan.noticeId) : undefined;
  const o = plan.options;
  return noticePlanCard(
    {
      planId: plan.id,
      title: plan.title,
      body: plan.body,
      author: { id: plan.authorId, name: plan.authorName ?? plan.authorId },
      accounts,
      status: plan.status,
      sendAt: plan.sendAt ?? undefined,
      window: o.windowStart && o.windowEnd ? { start: o.windowStart, end: o.windowEnd } : undefined,
      approverName: plan.approverName ?? undefined,
      decidedBy: plan.decidedBy ? (plan.approverName ?? undefined) : undefined,
      decidedAt: plan.decidedAt ?? undefined,
      sentAt: notice?.createdAt,
    },
    view,
    locale,
    { timeZone: deps.timeZone },
  );
}

/**
 * The job (every minute, src/server/jobs.ts): sends scheduled notices whose time has come, and posts
 * the start reminder of a planned disruption to each of its channels when the disruption starts.
 * A scheduled notice that can no longer be sent (the author lost the right) is cancelled and the
 * author told; the plan is in the database, so a restart loses nothing.
 */
export async function runNoticePlans(deps: MessagingDeps): Promise<{ sent: number; reminders: number }> {
  const now = deps.clock.now().toISOString();
  let sent = 0;
  let reminders = 0;
  for (const plan of await deps.store.noticePlans.listDue(now)) {
    try {
      await sendPlan(deps, plan, ['scheduled']);
      await tellAuthor(deps, plan, 'sent');
      sent++;
    } catch (err) {
      const e = AppError.from(err);
      if (e.code === 'CONFLICT') continue; // another instance sent or cancelled it
      deps.logger.warn({ planId: plan.id, error: e.message }, 'scheduled notice could not be sent; cancelled');
      if (await deps.store.noticePlans.transition(plan.id, ['scheduled'], 'cancelled')) await tellAuthor(deps, plan, 'cancelled');
    }
  }
  for (const plan of await deps.store.noticePlans.listAwaitingStartReminder()) {
    const start = plan.options.windowStart;
    if (!start || start > now || !plan.noticeId) continue;
    if (!(await deps.store.noticePlans.markStartReminded(plan.id))) continue;
    const notice = await deps.store.notices.get(plan.noticeId);
    // Sent after the start (an ongoing disruption): the notice itself said so, no reminder.
    if (!notice || notice.state !== 'active' || start <= notice.createdAt) continue;
    for (const a of await targetAccounts(deps, notice.targets)) {
      await enqueueMessage(deps.store, {
        idempotencyKey: `notice-start:${notice.id}:${a.customerId}`,
        kind: 'notice-start',
        customerId: a.customerId,
        target: { customerId: a.customerId, channelId: a.channelId!, teamId: deps.teamId },
        payload: { noticeId: notice.id },
      });
      reminders++;
    }
  }
  if (sent + reminders > 0) deps.logger.info({ sent, reminders }, 'notice plans run');
  return { sent, reminders };
}
