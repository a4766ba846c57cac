import { z } from 'zod';
import { isLocalDate } from './local-date';

/** Rings are configurable per deployment; these are the product's defaults (inner order = list order). */
export const DEFAULT_RINGS = ['supervisors', 'kad', 'management', 'customer'] as const;

export const DEFAULT_RING_LABELS: Record<string, { fi: string; en: string }> = {
  supervisors: { fi: 'Esimiehet', en: 'Supervisors' },
  kad: { fi: 'Asiakkuusjohtaja', en: 'Key account director' },
  management: { fi: 'Johto', en: 'Management' },
  customer: { fi: 'Asiakas', en: 'Customer' },
};

/** Longest an occurrence may last: a quarter, so a monthly event's arcs never run into each other much. */
export const MAX_DURATION_DAYS = 92;

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAYS)[number];

export const localDateSchema = z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');

const ringIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'ring id: lower-case letters, digits, dashes');

// Day 29-31 is clamped to the month's last day (see recurrence.ts); -1 means "last day".
const dayOfMonthSchema = z.union([z.number().int().min(1).max(31), z.literal(-1)]);

export const recurrenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once') }),
  z.object({ kind: z.literal('monthly'), interval: z.number().int().min(1).max(12).optional(), dayOfMonth: dayOfMonthSchema.optional() }),
  z.object({ kind: z.literal('quarterly') }),
  // dayOfMonth keeps a Feb 29 anniversary on the 29th in leap years even when the series starts on a Feb 28.
  z.object({ kind: z.literal('yearly'), dayOfMonth: dayOfMonthSchema.optional() }),
  z.object({
    kind: z.literal('nthWeekday'),
    n: z.union([z.number().int().min(1).max(5), z.literal(-1)]),
    weekday: z.enum(WEEKDAYS),
    months: z.array(z.number().int().min(1).max(12)).min(1).max(12).optional(),
  }),
  z.object({ kind: z.literal('dates'), dates: z.array(localDateSchema).min(1).max(366) }),
]);
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const annualEventSchema = z
  .object({
    id: z.string().min(1).max(200),
    customerId: z.string().min(1).max(200),
    title: z.string().trim().min(1).max(200),
    /** English title for the default set; user-made events may leave it out. */
    titleEn: z.string().trim().min(1).max(200).optional(),
    ring: ringIdSchema,
    ownerEmail: z.email().max(320),
    description: z.string().max(4000).optional(),
    /** English description, kept apart from the Finnish one. */
    descriptionEn: z.string().max(4000).optional(),
    link: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    start: localDateSchema,
    recurrence: recurrenceSchema,
    until: localDateSchema.optional(),
    /** Overrides the deployment's default reminder lead time for this event. */
    reminderDaysBefore: z.number().int().min(0).max(60).optional(),
    /** Days each occurrence lasts (2 or more: drawn as an arc on the wheel); absent = one day. */
    durationDays: z.number().int().min(1).max(MAX_DURATION_DAYS).optional(),
    /** 'site-supervisor': made at every site by that site's supervisor (see site-shares.ts). */
    assignee: z.literal('site-supervisor').optional(),
  })
  .superRefine((e, ctx) => {
    if (e.until !== undefined && e.until < e.start) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before start' });
    }
  });
export type AnnualEvent = z.infer<typeof annualEventSchema>;

/** Validates input against the configured rings, e.g. from the tab API. */
export function parseAnnualEvent(input: unknown, rings: readonly string[] = DEFAULT_RINGS): AnnualEvent {
  const schema = annualEventSchema.refine((e) => rings.includes(e.ring), {
    path: ['ring'],
    message: `must be one of: ${rings.join(', ')}`,
  });
  return schema.parse(input);
}

/** One dated instance of an event; completion is tracked per occurrence. */
export interface Occurrence {
  eventId: string;
  date: string;
}

/** Filter for personal views and exports (per person across accounts, per ring). */
export function filterEvents(
  events: readonly AnnualEvent[],
  filter: { ownerEmail?: string; rings?: readonly string[]; customerIds?: readonly string[] },
): AnnualEvent[] {
  const owner = filter.ownerEmail?.trim().toLowerCase();
  return events.filter(
    (e) =>
      (owner === undefined || e.ownerEmail.toLowerCase() === owner) &&
      (filter.rings === undefined || filter.rings.includes(e.ring)) &&
      (filter.customerIds === undefined || filter.customerIds.includes(e.customerId)),
  );
}
