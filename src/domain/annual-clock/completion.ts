import type { AnnualEvent } from './event';
import { addDays, type LocalDate } from './local-date';
import { occurrencesBetween } from './recurrence';

/** A ticked occurrence. Completion is per occurrence, so ticking May's visit leaves June's open. */
export interface Completion {
  eventId: string;
  date: LocalDate;
  doneBy?: string;
  doneAt?: string;
}

export type CompletionIndex = ReadonlySet<string>;

/** Stable key of one occurrence; also used as the ICS UID stem and the reminder key. */
export function occurrenceKey(eventId: string, date: LocalDate): string {
  return `${eventId}@${date}`;
}

export function completionIndex(completions: Iterable<Pick<Completion, 'eventId' | 'date'>>): CompletionIndex {
  const keys = new Set<string>();
  for (const c of completions) keys.add(occurrenceKey(c.eventId, c.date));
  return keys;
}

export function isDone(done: CompletionIndex, eventId: string, date: LocalDate): boolean {
  return done.has(occurrenceKey(eventId, date));
}

/**
 * Past occurrences (strictly before `today`) that nobody ticked. Looks back `lookbackDays`
 * (default one year) so a years-old series does not flood the view.
 */
export function overdue(event: AnnualEvent, done: CompletionIndex, today: LocalDate, lookbackDays = 365): LocalDate[] {
  const yesterday = addDays(today, -1);
  return occurrencesBetween(event, addDays(today, -lookbackDays), yesterday).filter((d) => !isDone(done, event.id, d));
}

export type OccurrenceStatus = 'done' | 'overdue' | 'today' | 'upcoming';

export function occurrenceStatus(done: CompletionIndex, eventId: string, date: LocalDate, today: LocalDate): OccurrenceStatus {
  if (isDone(done, eventId, date)) return 'done';
  if (date < today) return 'overdue';
  return date === today ? 'today' : 'upcoming';
}
