import {
  completionIndexOfStored,
  dueReminders,
  exceptionIndexOfStored,
  expandSiteShares,
  localDateInZone,
  parseShareId,
  siteOccurrence,
  type AnnualEvent,
  type ShareSite,
} from '../domain/annual-clock';
import { enqueueMessage } from './outbox-messages';
import type { ClockEvent } from '../store';
import type { MessagingDeps } from './deps';

const clockReminderKey = (eventId: string, date: string) => `clock-reminder:${eventId}@${date}`;

/** Store rows to the domain's event shape; events without an owner have nobody to remind. */
function toDomainEvent(e: ClockEvent): AnnualEvent | undefined {
  if (!e.ownerEmail && e.assignee !== 'site-supervisor') return undefined;
  return {
    id: e.id,
    customerId: e.customerId,
    title: e.title,
    ring: e.ring,
    ownerEmail: e.ownerEmail ?? '',
    ...(e.assignee === 'site-supervisor' ? { assignee: 'site-supervisor' as const } : {}),
    start: e.startsOn.slice(0, 10),
    recurrence: (e.recurrence ?? { kind: 'once' }) as AnnualEvent['recurrence'],
    until: e.endsOn ? e.endsOn.slice(0, 10) : undefined,
    reminderDaysBefore: e.reminderDays ?? undefined,
  };
}

export interface ClockReminderResult {
  queued: number;
  /** Owners Graph has not resolved to an Entra user yet (retried on the next run). */
  unknownOwners: string[];
}

/**
 * Daily: for every open occurrence due within its lead time (`daysBefore`, or the event's own), queues
 * one personal-chat card to the event's owner. The marker and the outbox item are written in one
 * transaction and the marker is unique per occurrence, so repeated runs and several instances remind
 * once; completed occurrences are never reminded. A missed day still reminds on the next run.
 */
export async function queueClockReminders(deps: MessagingDeps, opts: { daysBefore: number }): Promise<ClockReminderResult> {
  const accounts = (await deps.store.accounts.list({ nationalOnly: true })).filter((a) => a.channelState !== 'archived');
  const names = new Map(accounts.map((a) => [a.customerId, a]));
  const rows = await deps.store.annualClock.listForAccounts(accounts.map((a) => a.customerId));
  const stored = rows.map(toDomainEvent).filter((e): e is AnnualEvent => e !== undefined);
  const result: ClockReminderResult = { queued: 0, unknownOwners: [] };
  if (stored.length === 0) return result;

  const withEvents = [...new Set(stored.map((e) => e.customerId))];
  // A site visit reminds each site's supervisor of their own share, not the key account director.
  const sites = new Map<string, ShareSite[]>();
  for (const s of await deps.store.sites.listAll()) sites.set(s.customerId, [...(sites.get(s.customerId) ?? []), s]);
  const events = expandSiteShares(stored, (id) => sites.get(id) ?? []);
  const done = completionIndexOfStored((await Promise.all(withEvents.map((id) => deps.store.annualClock.listCompletions(id)))).flat());
  const sent = await deps.store.clockReminders.sentKeys(stored.map((e) => e.id));
  const today = localDateInZone(deps.clock.now(), deps.timeZone);
  const exceptions = exceptionIndexOfStored(await deps.store.annualClock.listExceptions(withEvents));
  const due = dueReminders(events, done, today, opts.daysBefore, sent, exceptions);
  const people = await deps.store.people.getMany([...due.keys()]);

  for (const [ownerEmail, reminders] of due) {
    const userId = people.get(ownerEmail)?.objectId;
    if (!userId) {
      result.unknownOwners.push(ownerEmail);
      continue;
    }
    for (const r of reminders) {
      const queued = await deps.store.transaction(async (store) => {
        const share = parseShareId(r.eventId);
        // Marked by the series date, so moving an occurrence after its reminder does not remind again.
        const occurrence = share.siteId ? siteOccurrence(r.seriesDate, share.siteId) : r.seriesDate;
        if (!(await store.clockReminders.mark(share.eventId, occurrence, ownerEmail))) return false;
        await enqueueMessage(store, {
          idempotencyKey: clockReminderKey(r.eventId, r.seriesDate),
          kind: 'clock-reminder',
          customerId: r.customerId,
          target: { userId },
          payload: {
            eventId: r.eventId,
            date: r.date,
            title: r.title,
            customerId: r.customerId,
            accountName: names.get(r.customerId)?.name ?? r.customerId,
          },
        });
        return true;
      });
      if (queued) result.queued++;
    }
  }
  if (result.unknownOwners.length > 0)
    deps.logger.warn({ owners: result.unknownOwners.length }, 'annual clock reminders: owners not resolved to users');
  deps.logger.info({ queued: result.queued, today }, 'annual clock reminders');
  return result;
}
