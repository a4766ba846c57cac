import type { AnnualEvent } from './event';
import { occurrenceKey, type CompletionIndex } from './completion';

/*
 * Events that belong to a role rather than a person: a supervisor's monthly quality visit is made at
 * each of the account's sites by that site's own supervisor (from billing). Such an event is stored
 * once; each site's share of it is a "site share" with the site's supervisor as its owner, reminded
 * and ticked on its own. A share's completion and reminder are stored against the real event with the
 * occurrence written as "<date>#<siteId>" (dates never contain "#").
 */

export const SITE_SUPERVISOR = 'site-supervisor' as const;
export type AssigneeRole = typeof SITE_SUPERVISOR;

export interface ShareSite {
  siteId: string;
  name: string;
  supervisorEmail: string | null;
}

/** The stored occurrence of one site's share. */
export function siteOccurrence(date: string, siteId: string): string {
  return `${date}#${siteId}`;
}

/** A stored occurrence back to its date and, for a site share, its site. */
function parseOccurrence(stored: string): { date: string; siteId?: string } {
  const i = stored.indexOf('#');
  return i < 0 ? { date: stored } : { date: stored.slice(0, i), siteId: stored.slice(i + 1) };
}

/** The id a site share has in completion indexes and reminders (never stored as an event id). */
export function shareId(eventId: string, siteId: string): string {
  return `${eventId}#${siteId}`;
}

export function parseShareId(id: string): { eventId: string; siteId?: string } {
  const i = id.indexOf('#');
  return i < 0 ? { eventId: id } : { eventId: id.slice(0, i), siteId: id.slice(i + 1) };
}

/** Completion index over stored rows: plain occurrences by event, site shares by share id. */
export function completionIndexOfStored(rows: Iterable<{ eventId: string; occurrence: string }>): CompletionIndex {
  const keys = new Set<string>();
  for (const r of rows) {
    const { date, siteId } = parseOccurrence(r.occurrence);
    keys.add(occurrenceKey(siteId ? shareId(r.eventId, siteId) : r.eventId, date));
  }
  return keys;
}

/**
 * Events as their owners see them: a role event becomes one share per site that has a supervisor
 * (titled with the site's name); other events stay as they are.
 */
export function expandSiteShares(
  events: readonly (AnnualEvent & { assignee?: AssigneeRole | null })[],
  sitesOf: (customerId: string) => readonly ShareSite[],
): AnnualEvent[] {
  return events.flatMap((e) => {
    if (e.assignee !== SITE_SUPERVISOR) return [e];
    return sitesOf(e.customerId)
      .filter((s) => !!s.supervisorEmail)
      .map((s) => ({ ...e, id: shareId(e.id, s.siteId), ownerEmail: s.supervisorEmail!.toLowerCase(), title: `${e.title} – ${s.name}` }));
  });
}
