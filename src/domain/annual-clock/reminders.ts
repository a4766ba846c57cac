import { occurrenceKey, isDone, type CompletionIndex } from './completion';
import type { AnnualEvent } from './event';
import { addDays, daysBetween, type LocalDate } from './local-date';
import { resolvedOccurrences, type ExceptionIndex } from './exceptions';
import { parseShareId } from './site-shares';

export interface DueReminder {
  ownerEmail: string;
  customerId: string;
  eventId: string;
  title: string;
  /** The day it happens (after a move). */
  date: LocalDate;
  /** The series date: the occurrence's identity for completion and the sent marker. */
  seriesDate: LocalDate;
  daysUntil: number;
  /** Record this once the reminder is sent, and pass it back in `alreadySent`. */
  key: string;
}

/**
 * Open occurrences whose reminder window (`daysBefore` days up to the day itself) contains
 * `today`. A window rather than one exact day, so a missed job run (outage, deploy) still
 * reminds later; `alreadySent` keeps it to one reminder per occurrence.
 * Grouped by owner (lower-cased) so each person gets one message. `exceptions`: a moved occurrence is
 * reminded before its new day under its new title, a cancelled one not at all.
 */
export function dueReminders(
  events: readonly AnnualEvent[],
  done: CompletionIndex,
  today: LocalDate,
  daysBefore: number,
  alreadySent: ReadonlySet<string> = new Set(),
  exceptions?: ExceptionIndex,
): Map<string, DueReminder[]> {
  const byOwner = new Map<string, DueReminder[]>();
  for (const e of events) {
    const lead = e.reminderDaysBefore ?? daysBefore;
    for (const o of resolvedOccurrences(e, today, addDays(today, lead), exceptions)) {
      const { date, seriesDate } = o;
      const key = occurrenceKey(e.id, seriesDate);
      if (isDone(done, e.id, seriesDate) || alreadySent.has(key)) continue;
      const owner = e.ownerEmail.toLowerCase();
      const list = byOwner.get(owner) ?? [];
      list.push({
        ownerEmail: owner,
        customerId: e.customerId,
        eventId: e.id,
        title: o.title ? renamed(e, o.title) : e.title,
        date,
        seriesDate,
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

/** A renamed occurrence's title; a site share keeps its " – <site>" ending (see expandSiteShares). */
function renamed(e: AnnualEvent, title: string): string {
  if (!parseShareId(e.id).siteId) return title;
  const i = e.title.lastIndexOf(' – ');
  return i < 0 ? title : `${title}${e.title.slice(i)}`;
}
