import { occurrenceKey, isDone, type CompletionIndex } from './completion';
import type { AnnualEvent } from './event';
import { addDays, daysBetween, type LocalDate } from './local-date';
import { occurrencesBetween } from './recurrence';

export interface DueReminder {
  ownerEmail: string;
  customerId: string;
  eventId: string;
  title: string;
  date: LocalDate;
  daysUntil: number;
  /** Record this once the reminder is sent, and pass it back in `alreadySent`. */
  key: string;
}

/**
 * Open occurrences whose reminder window (`daysBefore` days up to the day itself) contains
 * `today`. A window rather than one exact day, so a missed job run (outage, deploy) still
 * reminds later; `alreadySent` keeps it to one reminder per occurrence.
 * Grouped by owner (lower-cased) so each person gets one message.
 */
export function dueReminders(
  events: readonly AnnualEvent[],
  done: CompletionIndex,
  today: LocalDate,
  daysBefore: number,
  alreadySent: ReadonlySet<string> = new Set(),
): Map<string, DueReminder[]> {
  const byOwner = new Map<string, DueReminder[]>();
  for (const e of events) {
    const lead = e.reminderDaysBefore ?? daysBefore;
    for (const date of occurrencesBetween(e, today, addDays(today, lead))) {
      const key = occurrenceKey(e.id, date);
      if (isDone(done, e.id, date) || alreadySent.has(key)) continue;
      const owner = e.ownerEmail.toLowerCase();
      const list = byOwner.get(owner) ?? [];
      list.push({
        ownerEmail: owner,
        customerId: e.customerId,
        eventId: e.id,
        title: e.title,
        date,
        daysUntil: daysBetween(today, date),
        key,
      });
      byOwner.set(owner, list);
    }
  }
  for (const list of byOwner.values())
    list.sort((a, b) => (a.date === b.date ? a.title.localeCompare(b.title, 'fi') : a.date < b.date ? -1 : 1));
  return byOwner;
}
