export type Status = 'done' | 'overdue' | 'today' | 'upcoming';

/** The server's recurrence (src/domain/annual-clock/event.ts), loosely typed for the form. */
export interface RecurrenceDto {
  kind: string;
  interval?: number;
  dayOfMonth?: number;
  n?: number;
  weekday?: string;
  months?: number[];
  dates?: string[];
}

export interface ClockEventDto {
  id: string;
  title: string;
  /** English title and description; null = the Finnish text serves both languages. */
  titleEn: string | null;
  descriptionEn: string | null;
  ring: string;
  ownerEmail: string;
  /** The owner's display name from the directory, when known. */
  ownerName: string | null;
  description: string | null;
  link: string | null;
  start: string;
  recurrence: RecurrenceDto;
  until: string | null;
  reminderDaysBefore: number | null;
  /** Days each occurrence lasts (2 or more: an arc on the wheel); null = one day. */
  durationDays: number | null;
  /** 'site-supervisor': each site's supervisor makes it at their site. */
  assignee: 'site-supervisor' | null;
}

export interface ClockView {
  account: { id: string; name: string };
  year: number;
  yearStartMonth: number;
  from: string;
  to: string;
  today: string;
  rings: { id: string; label: { fi: string; en: string } }[];
  events: ClockEventDto[];
  occurrences: Occurrence[];
  canWrite: boolean;
  me: string;
}

/** One site's share of a site-supervisor event (the monthly quality visit): made and ticked by its supervisor. */
export interface SiteShare {
  siteId: string;
  name: string;
  supervisorEmail: string;
  supervisorName: string | null;
  done: boolean;
}

export interface Occurrence {
  eventId: string;
  /** The day it happens (after a move). */
  date: string;
  /** The date the series gives it: what ticks and single-occurrence edits address. */
  seriesDate: string;
  /** Set when this occurrence was moved away from its series date. */
  movedFrom?: string;
  /** This occurrence's own title, when renamed on its own. */
  title?: string;
  titleEn?: string;
  /** Cancelled on its own: listed (to restore), not drawn on the wheel. */
  cancelled?: boolean;
  status: Status;
  /** Present for site-supervisor events: done when every site is. */
  sites?: SiteShare[];
}

export interface Selected {
  eventId: string;
  date: string;
}

export const RING_COLORS = ['#0f6cbd', '#8764b8', '#c239b3', '#038387', '#ca5010', '#498205'];

/** An event's title and description in the reader's language (Finnish when no English is written). */
export function eventText(
  e: Pick<ClockEventDto, 'title' | 'titleEn' | 'description' | 'descriptionEn'>,
  locale: 'fi' | 'en',
): { title: string; description: string | null } {
  return locale === 'en'
    ? { title: e.titleEn || e.title, description: e.descriptionEn || e.description }
    : { title: e.title, description: e.description };
}
