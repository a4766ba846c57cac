export type Status = 'done' | 'overdue' | 'today' | 'upcoming';

export interface ClockEventDto {
  id: string;
  title: string;
  ring: string;
  ownerEmail: string;
  description: string | null;
  link: string | null;
  start: string;
  recurrence: { kind: string };
  until: string | null;
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
