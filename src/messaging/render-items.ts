import { AppError } from '../errors/app-error';
import {
  accessGrantedListCard,
  annualClockTabLink,
  clockReminderCard,
  escalationCard,
  feedbackReceivedCard,
  reminderCard,
  removalApprovalCard,
  toAttachment,
  welcomeCard,
  type AdaptiveCardJson,
  accessNoteCard,
  noticeStartCard,
} from '../cards';
import { planCardFor } from './notice-plans';
import type { OutboxItem } from '../store';
import { asMessage, type OutboxKind, type TypedOutboxItem } from './outbox-messages';
import { readAccessReasons, type AccessReason } from '../domain/access-reason';
import { daysBetween, localDateInZone } from '../domain/annual-clock';
import type { MessageLocation, OutgoingActivity, SentMessage } from '../ports/messenger';
import type { DeliveryDeps } from './deps';
import { enqueueWithdrawnUpdate, noticeChannelCard } from './notices';
import { accountOwners, channelLink, peopleForEmails } from './people';
import { weeklyActivity } from './weekly';
import { afterWelcome, onboardingRenderers, onboardingWelcome } from './onboarding-render';
import { qualityLoopRenderers } from './quality-loop-render';

/** One Bot Connector operation an outbox item turns into. `skip` = nothing to send any more. */
export type Operation =
  | { op: 'channel'; channelId: string; teamId?: string | null; activity: OutgoingActivity; after?: (sent: SentMessage) => Promise<void> }
  | { op: 'user'; userId: string; activity: OutgoingActivity; after?: (sent: SentMessage) => Promise<void> }
  | { op: 'update'; at: MessageLocation; activity: OutgoingActivity }
  | { op: 'delete'; at: MessageLocation; after?: () => Promise<void> }
  | { op: 'skip'; reason: string };

export function cardActivity(card: AdaptiveCardJson, summary?: string): OutgoingActivity {
  return { type: 'message', attachments: [toAttachment(card)], ...(summary ? { summary } : {}) };
}

const siteFirst = (reasons: AccessReason[]) => reasons.find((r) => r.kind === 'site') ?? reasons[0];

/** Reads shared by the items of one delivery run (e.g. the notice behind 100 channel posts). */
export type RenderCache = Map<string, Promise<unknown>>;

function once<T>(cache: RenderCache, key: string, read: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = read();
    cache.set(key, p);
  }
  return p;
}

export type Renderers = { [K in OutboxKind]: (item: TypedOutboxItem<K>, deps: DeliveryDeps, cache: RenderCache) => Promise<Operation> };

const renderers: Renderers = {
  async welcome(item, deps) {
    const { customerId, accountName } = item.payload;
    const target = item.target;
    const [owner] = await accountOwners(deps.store, customerId);
    return {
      op: 'channel',
      channelId: target.channelId,
      teamId: target.teamId,
      activity: cardActivity(welcomeCard({ accountName, owner }, deps.locale)),
    };
  },

  async 'access-granted'(item, deps) {
    const p = item.payload;
    const channels = 'channels' in p ? p.channels : [p];
    const entries = await Promise.all(
      channels.map(async (c) => {
        // The channel's own team (several teams: TEAM_IDS).
        const teamId = (c.channelId && (await deps.store.accounts.get(c.customerId))?.teamId) || deps.teamId;
        return {
          accountName: c.accountName,
          // A site reason says most; a channel with no reason left was added by hand.
          reason: siteFirst(readAccessReasons(c.reasons)) ?? { kind: 'override' as const },
          channelUrl: channelLink(c.channelId, c.accountName, teamId, deps.tenantId),
        };
      }),
    );
    // Must-read items in any of these accounts turn the welcome into the onboarding checklist.
    const onboarding = await onboardingWelcome(
      deps,
      item.target.userId,
      entries.map((e, i) => ({ customerId: channels[i]!.customerId, accountName: e.accountName, channelUrl: e.channelUrl, why: e.reason })),
    );
    return {
      op: 'user',
      userId: item.target.userId,
      activity: onboarding ?? cardActivity(accessGrantedListCard(entries, deps.locale)),
      after: () => afterWelcome(deps, item.target.userId, (item.target as { email?: string }).email ?? null, channels),
    };
  },

  async 'access-note'(item, deps) {
    return { op: 'user', userId: item.target.userId, activity: cardActivity(accessNoteCard(item.payload, deps.locale)) };
  },

  async 'removal-approval'(item, deps) {
    const p = item.payload;
    const target = item.target;
    const account = await deps.store.accounts.get(p.customerId);
    const names = new Map(
      (
        await peopleForEmails(
          deps.store,
          [...p.removals, ...(p.additions ?? [])].map((r) => r.email),
        )
      ).map((x) => [x.id, x.name]),
    );
    const people = await deps.store.people.getMany([...p.removals, ...(p.additions ?? [])].map((r) => r.email.toLowerCase()));
    const nameOf = (email: string) => {
      const person = people.get(email.toLowerCase());
      return (person?.objectId && names.get(person.objectId)) || person?.displayName || email;
    };
    const accountName = account?.name ?? p.customerId;
    const total = (await deps.store.desiredMemberships.listAll()).length;
    const card = removalApprovalCard(
      {
        runId: p.runId,
        customerId: p.customerId,
        removals: p.removals.map((r) => ({ accountName, personName: nameOf(r.email), reason: r.reason })),
        additions: (p.additions ?? []).map((a) => ({ accountName, personName: nameOf(a.email) })),
        totalMemberships: Math.max(total, p.removals.length),
        limits: deps.guardLimits ?? { maxShare: 0.1, maxCount: 50 },
        // The guard's reasons (fi + en); older items carry none.
        reasons: (p.reasons ?? []).flatMap((r) =>
          typeof r === 'string' ? [] : [(deps.locale === 'fi' ? r.fi : r.message) ?? r.message ?? ''].filter(Boolean),
        ),
      },
      deps.locale,
    );
    return { op: 'user', userId: target.userId, activity: cardActivity(card) };
  },

  async notice(item, deps, cache) {
    const { noticeId } = item.payload;
    const target = item.target;
    // Withdrawn after this read: `after` below checks again and takes the copy down.
    const notice = await once(cache, `notice:${noticeId}`, () => deps.store.notices.get(noticeId));
    if (!notice || notice.state !== 'active') return { op: 'skip', reason: 'notice withdrawn before delivery' };
    const card = await noticeChannelCard(deps, notice, target.customerId);
    return {
      op: 'channel',
      channelId: target.channelId,
      teamId: target.teamId,
      activity: cardActivity(card, notice.title),
      after: async (sent) => {
        const ref = {
          kind: 'notice' as const,
          refId: noticeId,
          customerId: target.customerId,
          conversationId: sent.conversationId,
          activityId: sent.activityId,
          serviceUrl: sent.serviceUrl,
        };
        await deps.store.messageRefs.record(ref);
        // Withdrawn while this copy was in flight: it becomes the withdrawn card too.
        if ((await deps.store.notices.get(noticeId))?.state === 'withdrawn') await enqueueWithdrawnUpdate(deps, noticeId, ref);
      },
    };
  },

  async 'notice-update'(item, deps) {
    const { noticeId, customerId } = item.payload;
    const notice = await deps.store.notices.get(noticeId);
    if (!notice) return { op: 'skip', reason: 'notice gone' };
    const card = await noticeChannelCard(deps, notice, customerId ?? '');
    return { op: 'update', at: item.target, activity: cardActivity(card, notice.title) };
  },

  async 'message-delete'(item, deps) {
    const at = item.target;
    const p = item.payload;
    return {
      op: 'delete',
      at,
      after: async () => {
        if (p.kind && p.refId) await deps.store.messageRefs.remove(p.kind, p.refId, at.conversationId);
      },
    };
  },

  async 'notice-reminder'(item, deps) {
    const { noticeId, customerId } = item.payload;
    const notice = await deps.store.notices.get(noticeId);
    const userId = item.target.userId;
    if (!notice || notice.state !== 'active') return { op: 'skip', reason: 'notice withdrawn' };
    if ((await deps.store.acknowledgements.get(noticeId, userId))?.kind === 'ack') return { op: 'skip', reason: 'already acknowledged' };
    const account = await deps.store.accounts.get(customerId);
    const card = reminderCard(
      { noticeId, title: notice.title, accountName: account?.name ?? customerId, sentAt: notice.createdAt },
      deps.locale,
      { timeZone: deps.timeZone },
    );
    return {
      op: 'user',
      userId,
      activity: cardActivity(card),
      // A quick reply ("OK", "selvitän") in that chat then counts as a receipt for this notice.
      after: async (sent) => {
        await deps.store.messageRefs.record({
          kind: 'reminder',
          refId: noticeId,
          customerId,
          conversationId: sent.conversationId,
          activityId: sent.activityId,
          serviceUrl: sent.serviceUrl,
        });
      },
    };
  },

  async 'notice-escalation'(item, deps) {
    const { noticeId, customerId, pending } = item.payload;
    const notice = await deps.store.notices.get(noticeId);
    if (!notice || notice.state !== 'active') return { op: 'skip', reason: 'notice withdrawn' };
    const acks = new Set((await deps.store.acknowledgements.listForNotice(noticeId)).filter((a) => a.kind === 'ack').map((a) => a.userId));
    const still = pending.filter((p) => !acks.has(p.id));
    if (still.length === 0) return { op: 'skip', reason: 'everyone acknowledged' };
    const account = await deps.store.accounts.get(customerId);
    const card = escalationCard(
      { noticeId, title: notice.title, accountName: account?.name ?? customerId, sentAt: notice.createdAt, pending: still },
      deps.locale,
      { timeZone: deps.timeZone },
    );
    return { op: 'user', userId: item.target.userId, activity: cardActivity(card) };
  },

  async feedback(item, deps) {
    const p = item.payload;
    const card = feedbackReceivedCard(
      { accountName: p.accountName, from: p.from, text: p.text, receivedAt: p.receivedAt },
      'owner',
      deps.locale,
      { timeZone: deps.timeZone },
    );
    return { op: 'user', userId: item.target.userId, activity: cardActivity(card) };
  },

  async weekly(item, deps) {
    const { customerId, isoWeek } = item.payload;
    const target = item.target;
    const activity = await weeklyActivity(deps, customerId, isoWeek);
    if (!activity) return { op: 'skip', reason: 'account has no channel any more' };
    return {
      op: 'channel',
      channelId: target.channelId,
      teamId: target.teamId,
      activity,
      after: async (sent) => {
        await deps.store.messageRefs.record({
          kind: 'weekly',
          refId: `${customerId}:${isoWeek}`,
          customerId,
          conversationId: sent.conversationId,
          activityId: sent.activityId,
          serviceUrl: sent.serviceUrl,
        });
      },
    };
  },

  async 'weekly-update'(item, deps) {
    const { customerId, isoWeek } = item.payload;
    const activity = await weeklyActivity(deps, customerId, isoWeek);
    if (!activity) return { op: 'skip', reason: 'account gone' };
    return { op: 'update', at: item.target, activity };
  },

  async 'clock-reminder'(item, deps) {
    const p = item.payload;
    const event = await deps.store.annualClock.get(p.eventId);
    if (!event) return { op: 'skip', reason: 'event deleted' };
    // Ticked done between queueing and sending: no reminder needed any more.
    if ((await deps.store.annualClock.listCompletions(p.customerId)).some((c) => c.eventId === p.eventId && c.occurrence === p.date))
      return { op: 'skip', reason: 'occurrence done' };
    const account = await deps.store.accounts.get(p.customerId);
    const today = localDateInZone(deps.clock.now(), deps.timeZone);
    const card = clockReminderCard(
      {
        eventTitle: event.title,
        accountName: account?.name ?? p.accountName,
        date: p.date,
        daysUntil: daysBetween(today, p.date),
        url: annualClockTabLink(deps.teamsAppId, p.customerId, account?.channelId),
      },
      deps.locale,
    );
    return { op: 'user', userId: item.target.userId, activity: cardActivity(card, event.title) };
  },

  async 'weekly-reminder'(item) {
    return plainText(item);
  },

  ...onboardingRenderers,

  /** A plain personal message (e.g. telling an author a notice could not be delivered). */
  async text(item) {
    return plainText(item);
  },

  /** To the chosen second pair of eyes: the notice with Approve / Reject (its state when sent). */
  async 'notice-approval'(item, deps) {
    const plan = await deps.store.noticePlans.get(item.payload.planId);
    if (!plan || plan.status !== 'awaiting-approval') return { op: 'skip', reason: 'notice no longer awaits approval' };
    const card = await planCardFor(deps, plan.id, 'approver', plan.locale);
    return { op: 'user', userId: item.target.userId, activity: cardActivity(card, plan.title) };
  },

  /** To the author: where their notice is (scheduled, awaiting approval, sent, rejected), with Cancel while it waits. */
  async 'notice-plan'(item, deps) {
    const plan = await deps.store.noticePlans.get(item.payload.planId);
    if (!plan) return { op: 'skip', reason: 'notice plan gone' };
    const card = await planCardFor(deps, plan.id, 'author', plan.locale);
    return { op: 'user', userId: item.target.userId, activity: cardActivity(card, plan.title) };
  },

  /** A planned disruption starts: a reminder in each channel the notice went to. */
  async 'notice-start'(item, deps) {
    const notice = await deps.store.notices.get(item.payload.noticeId);
    const o = notice?.options;
    if (!notice || notice.state !== 'active' || !o?.windowStart || !o.windowEnd) return { op: 'skip', reason: 'notice withdrawn' };
    const card = noticeStartCard(
      {
        title: notice.title,
        window: { start: o.windowStart, end: o.windowEnd },
        author: { id: notice.authorId, name: notice.authorName ?? '' },
        sentAt: notice.createdAt,
      },
      deps.locale,
      { timeZone: deps.timeZone },
    );
    return { op: 'channel', channelId: item.target.channelId, teamId: item.target.teamId, activity: cardActivity(card, notice.title) };
  },
  ...qualityLoopRenderers,
};

function plainText(item: TypedOutboxItem<'text' | 'weekly-reminder'>): Operation {
  return { op: 'user', userId: item.target.userId, activity: { type: 'message', text: item.payload.text, textFormat: 'plain' } };
}

export async function renderItem(item: OutboxItem, deps: DeliveryDeps, cache: RenderCache = new Map()): Promise<Operation> {
  const m = asMessage(item);
  if (!Object.hasOwn(renderers, m.kind)) throw new AppError('INTERNAL', `unknown outbox kind ${item.kind}`);
  const render = renderers[m.kind] as (item: TypedOutboxItem, deps: DeliveryDeps, cache: RenderCache) => Promise<Operation>;
  return render(m, deps, cache);
}
