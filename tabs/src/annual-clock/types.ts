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
  occurrences: { eventId: string; date: string; status: Status }[];
  canWrite: boolean;
  me: string;
}

export interface Selected {
  eventId: string;
  date: string;
}

export const RING_COLORS = ['#0f6cbd', '#8764b8', '#c239b3', '#038387', '#ca5010', '#498205'];
