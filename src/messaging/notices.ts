import { AppError } from '../errors/app-error';
import { enqueueMessage, enqueueMessages } from './outbox-messages';
import {
  urgentNoticeCard,
  type AdaptiveCardJson,
  type CardLocale,
  type Person,
  type UrgentNoticeData,
  type UrgentNoticeView,
} from '../cards';
import type { Notice, NoticeTargets, MentionSpec, NoticeOptions, Repositories } from '../store';
import type { MessagingDepsWith } from './deps';
import type { StorePort } from '../ports/store';
import { isAccountOwner, mentionedPeople, normaliseRole, peopleForEmails } from './people';
import { checkMention } from './mention-roles';

export interface Actor {
  /** Entra object id. */
  id: string;
  name: string;
  /** The CLI's service identity passes the same checks on behalf of operators. */
  isService?: boolean;
}

export interface ComposeNoticeInput {
  author: Actor;
  title: string;
  body: string;
  targets: NoticeTargets;
  mention?: MentionSpec;
  /** From the dialog: acknowledgement, due time, a planned disruption's window, the approver. */
  options?: NoticeOptions;
}

export type Permission = { ok: true } | { ok: false; reason: string };

/** Directors may post anywhere; an account's owner/co-owners only to their own accounts. */
/** The repositories notices read and write; composing one runs in a transaction. */
type NoticesStore = StorePort<
  Pick<Repositories, 'accounts' | 'acknowledgements' | 'desiredMemberships' | 'messageRefs' | 'notices' | 'outbox' | 'people' | 'sites'>
>;
type NoticesDeps = MessagingDepsWith<NoticesStore>;

export async function mayPostNotice(deps: NoticesDeps, actor: Actor, targets: NoticeTargets): Promise<Permission> {
  if (actor.isService) return { ok: true };
  if (deps.directorGroupId && (await deps.isInGroup(actor.id, deps.directorGroupId))) return { ok: true };
  if ('all' in targets) return { ok: false, reason: 'only directors may post to every account' };
  for (const customerId of targets.accounts) {
    if (!(await isAccountOwner(deps.store, customerId, actor.id))) return { ok: false, reason: `not an owner of account ${customerId}` };
  }
  return targets.accounts.length > 0 ? { ok: true } : { ok: false, reason: 'no target account' };
}

export async function targetAccounts(deps: NoticesDeps, targets: NoticeTargets) {
  const all = await deps.store.accounts.list({ nationalOnly: true });
  const live = all.filter((a) => a.channelId && a.channelState !== 'archived');
  return 'all' in targets ? live : live.filter((a) => targets.accounts.includes(a.customerId));
}

/**
 * Stores the notice and enqueues one channel post per target account (idempotency key per notice
 * and account, so a retried compose never posts twice). Refused attempts are logged and thrown.
 */
export async function composeNotice(deps: NoticesDeps, input: ComposeNoticeInput): Promise<{ notice: Notice; accounts: string[] }> {
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title || !body)
    throw new AppError('BAD_INPUT', 'a notice needs a title and a body', {
      userMessage: deps.locale === 'en' ? 'A notice needs a title and a body.' : 'Tiedotteella pitää olla otsikko ja teksti.',
    });
  if (title.length > 300 || body.length > 4000) throw new AppError('BAD_INPUT', 'notice title or body too long');
  checkMention(input.mention);
  const allowed = await mayPostNotice(deps, input.author, input.targets);
  if (!allowed.ok) {
    deps.logger.warn({ userId: input.author.id, reason: allowed.reason }, 'urgent notice refused');
    throw new AppError('FORBIDDEN', `urgent notice refused: ${allowed.reason}`);
  }
  const accounts = await targetAccounts(deps, input.targets);
  if (accounts.length === 0)
    throw new AppError('NOT_FOUND', 'no target account with a channel', {
      userMessage: deps.locale === 'en' ? 'None of the accounts has a channel.' : 'Yhdelläkään asiakkaalla ei ole kanavaa.',
    });
  return deps.store.transaction(async (store) => {
    const notice = await store.notices.create({
      authorId: input.author.id,
      authorName: input.author.name,
      title,
      body,
      targets: input.targets,
      mention: input.mention,
      options: input.options,
    });
    // One insert for all channels: a notice to every account is ~100 posts, and the sends wait for them.
    await enqueueMessages(
      store,
      accounts.map((a) => ({
        idempotencyKey: `notice:${notice.id}:${a.customerId}`,
        kind: 'notice' as const,
        customerId: a.customerId,
        target: { customerId: a.customerId, channelId: a.channelId!, teamId: a.teamId ?? deps.teamId }, // live accounts only: they have a channel
        payload: { noticeId: notice.id },
      })),
    );
    deps.logger.info({ noticeId: notice.id, accounts: accounts.length, author: input.author.id }, 'urgent notice queued');
    return { notice, accounts: accounts.map((a) => a.customerId) };
  });
}

/** Everyone the notice @mentions, across its accounts, with the account each came from. */
async function noticeRecipients(deps: NoticesDeps, notice: Notice): Promise<Array<Person & { customerId: string }>> {
  const out: Array<Person & { customerId: string }> = [];
  for (const a of await targetAccounts(deps, notice.targets)) {
    for (const p of await mentionedPeople(deps.store, a.customerId, notice.mention)) {
      if (!out.some((x) => x.id === p.id)) out.push({ ...p, customerId: a.customerId });
    }
  }
  return out;
}

const authorOf = (n: Notice): Person => ({ id: n.authorId, name: n.authorName ?? n.authorId });

/** The card as posted into one account's channel (the shared view; refresh personalises it). */
export async function noticeChannelCard(
  deps: NoticesDeps,
  notice: Notice,
  customerId: string,
  locale: CardLocale = deps.locale,
): Promise<AdaptiveCardJson> {
  const mentions = notice.state === 'active' ? await mentionedPeople(deps.store, customerId, notice.mention) : [];
  const view: UrgentNoticeView =
    notice.state === 'withdrawn' ? { kind: 'withdrawn', withdrawnAt: notice.withdrawnAt ?? notice.createdAt } : { kind: 'recipient' };
  return urgentNoticeCard(noticeData(notice, mentions), view, locale, { timeZone: deps.timeZone });
}

/** The card's data for a notice (also the dialog's preview of one not yet sent). */
export function noticeData(notice: Notice, mentions: Person[]): UrgentNoticeData {
  const o = notice.options;
  return {
    noticeId: notice.id,
    title: notice.title,
    body: notice.body,
    author: authorOf(notice),
    sentAt: notice.createdAt,
    editedAt: notice.editedAt ?? undefined,
    mentions,
    ackRequired: o.ackRequired,
    dueAt: o.dueAt,
    window: o.windowStart && o.windowEnd ? { start: o.windowStart, end: o.windowEnd } : undefined,
    approvedBy: o.approvedBy,
  };
}

/** What one user sees when their card refreshes: the author's tracking view or their own state. */
export async function noticeCardFor(
  deps: NoticesDeps,
  noticeId: string,
  viewer: Actor,
  opts: { customerId?: string; locale?: CardLocale } = {},
): Promise<AdaptiveCardJson> {
  const locale = opts.locale ?? deps.locale;
  const notice = await deps.store.notices.get(noticeId);
  if (!notice) throw new AppError('NOT_FOUND', `notice ${noticeId} not found`);
  const mentions =
    notice.state === 'active'
      ? opts.customerId
        ? await mentionedPeople(deps.store, opts.customerId, notice.mention)
        : await noticeRecipients(deps, notice)
      : [];
  const data = noticeData(notice, mentions);
  if (notice.state === 'withdrawn')
    return urgentNoticeCard(data, { kind: 'withdrawn', withdrawnAt: notice.withdrawnAt ?? notice.createdAt }, locale, {
      timeZone: deps.timeZone,
    });
  if (await mayManageNotice(deps, notice, viewer)) {
    const recipients = await noticeRecipients(deps, notice);
    const acks = new Map((await deps.store.acknowledgements.listForNotice(noticeId)).map((a) => [a.userId, a]));
    const acknowledged = recipients.filter((p) => acks.get(p.id)?.kind === 'ack').map((p) => ({ person: p, at: acks.get(p.id)!.at }));
    const pending = recipients.filter((p) => acks.get(p.id)?.kind !== 'ack');
    return urgentNoticeCard(data, { kind: 'author', acknowledged, pending }, locale, { timeZone: deps.timeZone });
  }
  const ack = await deps.store.acknowledgements.get(noticeId, viewer.id);
  return urgentNoticeCard(data, { kind: 'recipient', acknowledgedAt: ack?.kind === 'ack' ? ack.at : undefined }, locale, {
    timeZone: deps.timeZone,
  });
}

/** The author and directors manage (see acks, edit, withdraw) a notice. */
async function mayManageNotice(deps: NoticesDeps, notice: Notice, actor: Actor): Promise<boolean> {
  if (actor.isService || actor.id === notice.authorId) return true;
  return deps.directorGroupId ? deps.isInGroup(actor.id, deps.directorGroupId) : false;
}

export async function acknowledgeNotice(
  deps: NoticesDeps,
  noticeId: string,
  user: Actor,
  kind: 'ack' | 'ok' | 'looking' = 'ack',
): Promise<{ created: boolean }> {
  const notice = await deps.store.notices.get(noticeId);
  if (!notice) throw new AppError('NOT_FOUND', `notice ${noticeId} not found`);
  if (notice.state !== 'active')
    throw new AppError('CONFLICT', 'notice withdrawn', {
      userMessage: deps.locale === 'en' ? 'This notice has been withdrawn.' : 'Tiedote on peruttu.',
    });
  const recipient = (await noticeRecipients(deps, notice)).find((p) => p.id === user.id);
  const r = await deps.store.acknowledgements.record({
    noticeId,
    userId: user.id,
    kind,
    userName: user.name,
    customerId: recipient?.customerId ?? null,
  });
  deps.logger.info({ noticeId, userId: user.id, kind, created: r.created }, 'notice receipt recorded');
  return r;
}

/** Quick replies that count as a receipt ("OK" / "looking into it", Finnish and English). */
export function quickReplyKind(text: string): 'ok' | 'looking' | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  if (['ok', 'okei', 'selvä', 'kuitattu', 'noted'].includes(t)) return 'ok';
  if (['looking into it', 'selvitän', 'selvitän asiaa', 'katson asiaa', 'on it'].includes(t)) return 'looking';
  return undefined;
}

/** Edits title/body and re-renders every posted copy (through the outbox, so it survives restarts). */
export async function editNotice(
  deps: NoticesDeps,
  noticeId: string,
  actor: Actor,
  change: { title?: string; body?: string },
): Promise<number> {
  const notice = await deps.store.notices.get(noticeId);
  if (!notice) throw new AppError('NOT_FOUND', `notice ${noticeId} not found`);
  if (!(await mayManageNotice(deps, notice, actor))) {
    deps.logger.warn({ noticeId, userId: actor.id }, 'notice edit refused');
    throw new AppError('FORBIDDEN', 'only the author or a director may edit a notice');
  }
  const title = change.title?.trim();
  const body = change.body?.trim();
  if (title === '' || body === '' || (title === undefined && body === undefined)) {
    throw new AppError('BAD_INPUT', 'an edit needs a title and a body', {
      userMessage: deps.locale === 'en' ? 'A notice needs a title and a body.' : 'Tiedotteella pitää olla otsikko ja teksti.',
    });
  }
  if ((title?.length ?? 0) > 300 || (body?.length ?? 0) > 4000) throw new AppError('BAD_INPUT', 'notice title or body too long');
  if (!(await deps.store.notices.edit(noticeId, { title, body }))) throw new AppError('CONFLICT', 'notice is not active');
  const edited = (await deps.store.notices.get(noticeId))!;
  const refs = await deps.store.messageRefs.listFor('notice', noticeId);
  for (const ref of refs) {
    await enqueueMessage(deps.store, {
      idempotencyKey: `notice-update:${noticeId}:${edited.editedAt}:${ref.conversationId}`,
      kind: 'notice-update',
      customerId: ref.customerId,
      target: { conversationId: ref.conversationId, activityId: ref.activityId, serviceUrl: ref.serviceUrl },
      payload: { noticeId, customerId: ref.customerId },
    });
  }
  return refs.length;
}

/**
 * Withdraws the notice and updates every posted copy to the withdrawn card (urgent, like the notice),
 * so whoever saw it sees that it no longer holds; copies still in flight are updated once sent.
 */
export async function withdrawNotice(deps: NoticesDeps, noticeId: string, actor: Actor): Promise<number> {
  const notice = await deps.store.notices.get(noticeId);
  if (!notice) throw new AppError('NOT_FOUND', `notice ${noticeId} not found`);
  if (!(await mayManageNotice(deps, notice, actor))) {
    deps.logger.warn({ noticeId, userId: actor.id }, 'notice withdraw refused');
    throw new AppError('FORBIDDEN', 'only the author or a director may withdraw a notice');
  }
  await deps.store.notices.withdraw(noticeId);
  const refs = await deps.store.messageRefs.listFor('notice', noticeId);
  for (const ref of refs) await enqueueWithdrawnUpdate(deps, noticeId, ref);
  deps.logger.info({ noticeId, copies: refs.length, by: actor.id }, 'urgent notice withdrawn');
  return refs.length;
}

/** The posted copy becomes the withdrawn card (one update per copy, whatever the retries). */
export async function enqueueWithdrawnUpdate(
  deps: { store: NoticesStore },
  noticeId: string,
  ref: { conversationId: string; activityId: string; serviceUrl: string; customerId: string | null },
): Promise<void> {
  await enqueueMessage(deps.store, {
    idempotencyKey: `notice-withdrawn:${noticeId}:${ref.conversationId}`,
    kind: 'notice-update',
    customerId: ref.customerId,
    target: { conversationId: ref.conversationId, activityId: ref.activityId, serviceUrl: ref.serviceUrl },
    payload: { noticeId, customerId: ref.customerId },
  });
}

export interface ReminderPolicy {
  /** Remind those who have not acknowledged after this long (personal chat). */
  remindAfterMs: number;
  /** Then tell their regional director. */
  escalateAfterMs: number;
}

const DEFAULT_REMINDER_POLICY: ReminderPolicy = { remindAfterMs: 4 * 3600_000, escalateAfterMs: 24 * 3600_000 };

/** NOTICE_REMINDER_HOURS / NOTICE_ESCALATION_HOURS (defaults 4 h / 24 h). */
export function reminderPolicyFrom(config: { NOTICE_REMINDER_HOURS: number; NOTICE_ESCALATION_HOURS: number }): ReminderPolicy {
  return { remindAfterMs: config.NOTICE_REMINDER_HOURS * 3600_000, escalateAfterMs: config.NOTICE_ESCALATION_HOURS * 3600_000 };
}

/**
 * Periodic: reminders to recipients who have not acknowledged, then one escalation per regional
 * director listing their pending people. Idempotency keys make repeated runs harmless.
 */
export async function sendNoticeReminders(
  deps: NoticesDeps,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): Promise<{ reminders: number; escalations: number }> {
  const now = deps.clock.now().getTime();
  let reminders = 0;
  let escalations = 0;
  for (const notice of await deps.store.notices.listActive()) {
    // A notice for information only asks nobody to acknowledge: no reminders, no escalation.
    if (!notice.options.ackRequired) continue;
    const age = now - Date.parse(notice.createdAt);
    if (age < policy.remindAfterMs) continue;
    const acks = new Map((await deps.store.acknowledgements.listForNotice(notice.id)).map((a) => [a.userId, a]));
    const pending = (await noticeRecipients(deps, notice)).filter((p) => acks.get(p.id)?.kind !== 'ack');
    for (const p of pending) {
      const r = await enqueueMessage(deps.store, {
        idempotencyKey: `notice-reminder:${notice.id}:${p.id}`,
        kind: 'notice-reminder',
        customerId: p.customerId,
        target: { userId: p.id },
        payload: { noticeId: notice.id, customerId: p.customerId },
      });
      if (r.created) reminders++;
    }
    if (age < policy.escalateAfterMs) continue;
    const byDirector = new Map<string, { director: Person; customerId: string; pending: Person[] }>();
    for (const p of pending) {
      const own = await ownRegionalDirectors(deps, p);
      if (own.length === 0)
        deps.logger.info(
          { noticeId: notice.id, userId: p.id, customerId: p.customerId },
          'no regional director in billing for a pending person; not escalated',
        );
      for (const d of own) {
        if (d.id === p.id) continue;
        const entry = byDirector.get(d.id) ?? { director: d, customerId: p.customerId, pending: [] };
        entry.pending.push({ id: p.id, name: p.name });
        byDirector.set(d.id, entry);
      }
    }
    for (const e of byDirector.values()) {
      const r = await enqueueMessage(deps.store, {
        idempotencyKey: `notice-escalation:${notice.id}:${e.director.id}`,
        kind: 'notice-escalation',
        customerId: e.customerId,
        target: { userId: e.director.id },
        payload: { noticeId: notice.id, customerId: e.customerId, pending: e.pending },
      });
      if (r.created) escalations++;
    }
  }
  return { reminders, escalations };
}

/**
 * The pending person's own regional director(s): those billing names for the sites of the account
 * where the person is the supervisor (or holds another site role), not every director of the account.
 */
async function ownRegionalDirectors(deps: NoticesDeps, person: Person & { customerId: string }): Promise<Person[]> {
  const me = await deps.store.people.getByObjectId(person.id);
  if (!me) return [];
  const email = me.email.toLowerCase();
  const emails = new Set<string>();
  for (const site of await deps.store.sites.listForAccount(person.customerId)) {
    const roles = Object.entries(site.roleEmails).map(([role, e]) => [normaliseRole(role), e.toLowerCase()] as const);
    const mine = site.supervisorEmail?.toLowerCase() === email || roles.some(([role, e]) => e === email && role !== 'regional_director');
    if (!mine) continue;
    for (const [role, e] of roles) if (role === 'regional_director' && e !== email) emails.add(e);
  }
  return peopleForEmails(deps.store, [...emails].sort());
}
