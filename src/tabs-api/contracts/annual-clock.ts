/**
 * The annual clock's tab API shapes, defined once: the server parses requests with these schemas and types
 * its responses with them (the API tests parse real responses with them); tabs/ imports the types only (`import type`), so the browser bundle gets no zod.
 */
import { z } from 'zod';
import { localDateSchema, recurrenceSchema } from '../../domain/annual-clock/event';
import { MAX_DURATION_DAYS } from '../../domain/annual-clock';

const eventFields = {
  title: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().max(200).nullable().optional(),
  ring: z.string().min(1).max(40),
  ownerEmail: z.email().max(320).optional(),
  description: z.string().max(4000).nullable().optional(),
  descriptionEn: z.string().max(4000).nullable().optional(),
  link: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  start: localDateSchema,
  recurrence: recurrenceSchema.optional(),
  until: localDateSchema.nullable().optional(),
  reminderDaysBefore: z.number().int().min(0).max(60).nullable().optional(),
  /** Days the event lasts (drawn as an arc); null or 1: a single day. */
  durationDays: z.number().int().min(1).max(MAX_DURATION_DAYS).nullable().optional(),
  /** 'site-supervisor': every site's supervisor makes it at their site; null: its owner does. */
  assignee: z.literal('site-supervisor').nullable().optional(),
};

/** POST /api/v1/accounts/:id/clock/events */
export const eventInputSchema = z.object(eventFields).strict();
/** PATCH /api/v1/accounts/:id/clock/events/:eventId; a patch must not reset what it leaves out (a default would turn a series into a one-off). */
export const eventPatchSchema = z.object(eventFields).partial().strict();

/** PUT /api/v1/accounts/:id/clock/events/:eventId/occurrences/:seriesDate: one occurrence changed on its own; what is left out stays as the series has it. */
export const occurrenceInputSchema = z
  .object({
    date: localDateSchema.nullable().optional(),
    title: z.string().trim().max(200).nullable().optional(),
    titleEn: z.string().trim().max(200).nullable().optional(),
    cancelled: z.boolean().optional(),
  })
  .strict();

/** POST /api/v1/accounts/:id/clock/completions */
export const completionInputSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    date: localDateSchema,
    siteId: z.string().min(1).max(200).optional(),
    done: z.boolean().default(true),
  })
  .strict();
export type CompletionInput = z.input<typeof completionInputSchema>;

const occurrenceStatusSchema = z.enum(['done', 'overdue', 'today', 'upcoming']);
export type OccurrenceStatus = z.infer<typeof occurrenceStatusSchema>;

/** One site's share of a site-supervisor event (the monthly quality visit): made and ticked by its supervisor. */
const siteShareSchema = z.object({
  siteId: z.string(),
  name: z.string(),
  supervisorEmail: z.string(),
  supervisorName: z.string().nullable(),
  done: z.boolean(),
});
export type SiteShare = z.infer<typeof siteShareSchema>;

const occurrenceSchema = z.object({
  eventId: z.string(),
  /** The day it falls on (moved or not). */
  date: z.string(),
  /** The day the series gives it: what ticks and edits address. */
  seriesDate: z.string(),
  /** Present when the occurrence was moved away from its series date. */
  movedFrom: z.string().optional(),
  /** This occurrence's own title, when renamed. */
  title: z.string().optional(),
  titleEn: z.string().optional(),
  cancelled: z.boolean().optional(),
  status: occurrenceStatusSchema,
  /** Present for site-supervisor events: done when every site is. */
  sites: z.array(siteShareSchema).optional(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

const clockEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** English title and description; null = the Finnish text serves both languages. */
  titleEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  ring: z.string(),
  ownerEmail: z.string(),
  /** The owner's display name from the directory, when known. */
  ownerName: z.string().nullable(),
  description: z.string().nullable(),
  link: z.string().nullable(),
  start: z.string(),
  recurrence: recurrenceSchema,
  until: z.string().nullable(),
  reminderDaysBefore: z.number().nullable(),
  durationDays: z.number().nullable(),
  /** 'site-supervisor': each site's supervisor makes it at their site. */
  assignee: z.literal('site-supervisor').nullable(),
});
export type ClockEventDto = z.infer<typeof clockEventSchema>;

/** GET /api/v1/accounts/:id/clock: the wheel and agenda for one planning year. */
export const clockViewSchema = z.object({
  account: z.object({ id: z.string(), name: z.string() }),
  year: z.number(),
  yearStartMonth: z.number(),
  from: z.string(),
  to: z.string(),
  today: z.string(),
  rings: z.array(z.object({ id: z.string(), label: z.object({ fi: z.string(), en: z.string() }) })),
  events: z.array(clockEventSchema),
  occurrences: z.array(occurrenceSchema),
  canWrite: z.boolean(),
  me: z.string(),
});
export type ClockView = z.infer<typeof clockViewSchema>;
