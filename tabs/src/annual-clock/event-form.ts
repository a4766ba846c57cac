import type { ClockEventDto, ClockView, RecurrenceDto } from './types';

/** Every recurrence kind the server accepts (src/domain/annual-clock/event.ts). */
export const KINDS = ['once', 'monthly', 'quarterly', 'yearly', 'nthWeekday', 'dates'] as const;
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The dialog's fields as the inputs hold them (strings), one per recurrence option. */
export interface EventForm {
  title: string;
  titleEn: string;
  descriptionEn: string;
  ring: string;
  start: string;
  kind: (typeof KINDS)[number];
  interval: string;
  dayOfMonth: string;
  n: string;
  weekday: (typeof WEEKDAYS)[number];
  months: number[];
  dates: string;
  until: string;
  ownerEmail: string;
  reminderDays: string;
  /** '' or '1' = one day. */
  durationDays: string;
  /** '' = the owner does it; 'site-supervisor' = each site's supervisor at their site. */
  assignee: '' | 'site-supervisor';
  description: string;
  link: string;
}

export function emptyForm(view: ClockView): EventForm {
  return {
    title: '',
    titleEn: '',
    descriptionEn: '',
    ring: view.rings[0]?.id ?? '',
    start: view.today,
    kind: 'once',
    interval: '1',
    dayOfMonth: '',
    n: '1',
    weekday: 'MO',
    months: [],
    dates: '',
    until: '',
    ownerEmail: view.me,
    reminderDays: '',
    durationDays: '',
    assignee: '',
    description: '',
    link: '',
  };
}

export function formFromEvent(e: ClockEventDto): EventForm {
  const r: RecurrenceDto = e.recurrence;
  return {
    title: e.title,
    titleEn: e.titleEn ?? '',
    descriptionEn: e.descriptionEn ?? '',
    ring: e.ring,
    start: e.start,
    kind: (KINDS as readonly string[]).includes(r.kind) ? (r.kind as EventForm['kind']) : 'once',
    interval: String(r.interval ?? 1),
    dayOfMonth: r.dayOfMonth !== undefined ? String(r.dayOfMonth) : '',
    n: String(r.n ?? 1),
    weekday: (r.weekday as EventForm['weekday']) ?? 'MO',
    months: r.months ?? [],
    dates: (r.dates ?? []).join('\n'),
    until: e.until ?? '',
    ownerEmail: e.ownerEmail,
    reminderDays: e.reminderDaysBefore === null || e.reminderDaysBefore === undefined ? '' : String(e.reminderDaysBefore),
    durationDays: e.durationDays ? String(e.durationDays) : '',
    assignee: e.assignee ?? '',
    description: e.description ?? '',
    link: e.link ?? '',
  };
}

/** The recurrence object for the API; the server validates it again. */
export function recurrenceOf(f: EventForm): RecurrenceDto {
  const day = f.dayOfMonth === '' ? {} : { dayOfMonth: Number(f.dayOfMonth) };
  switch (f.kind) {
    case 'monthly':
      return { kind: 'monthly', interval: Number(f.interval) || 1, ...day };
    case 'yearly':
      return { kind: 'yearly', ...day };
    case 'nthWeekday':
      return { kind: 'nthWeekday', n: Number(f.n), weekday: f.weekday, ...(f.months.length ? { months: f.months } : {}) };
    case 'dates':
      return { kind: 'dates', dates: f.dates.split(/[\s,;]+/).filter(Boolean) };
    default:
      return { kind: f.kind };
  }
}
