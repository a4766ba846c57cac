/**
 * The monthly quality-card loop's and the feedback list's tab API shapes, defined once: the server
 * parses requests with these schemas and types its responses with them; tabs/ imports the types only.
 */
import { z } from 'zod';
import { summaryRowSchema } from './quality-card';

/** PUT /api/v1/accounts/:id/quality/:period/ready (owners) */
export const readyInputSchema = z.object({ ready: z.boolean() }).strict();
/** POST /api/v1/accounts/:id/quality/:period/instructions (directors) */
export const instructionInputSchema = z
  .object({ kind: z.enum(['comment', 'instruction']), text: z.string().trim().min(1).max(2000) })
  .strict();
export type InstructionInput = z.infer<typeof instructionInputSchema>;
/** PUT /api/v1/accounts/:id/instructions/:instructionId (owners) */
export const instructionPatchSchema = z.object({ done: z.boolean() }).strict();

const instructionSchema = z.object({
  id: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  kind: z.enum(['comment', 'instruction']),
  text: z.string(),
  author: z.string(),
  createdAt: z.string(),
  status: z.enum(['open', 'done']),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export type Instruction = z.infer<typeof instructionSchema>;

/** This month's instructions, those still open from earlier months, and last month's ("what was done"). */
const instructionGroupsSchema = z.object({
  current: z.array(instructionSchema),
  stillOpen: z.array(instructionSchema),
  previous: z.array(instructionSchema),
});

const surveySchema = z.object({ period: z.string(), nps: z.number().nullable(), answers: z.number() });

/** GET /api/v1/accounts/:id/quality/:period/loop and the answer to PUT …/ready */
export const cardLoopSchema = z.object({
  yearLabel: z.string(),
  ready: z.object({ at: z.string(), by: z.string().nullable() }).nullable(),
  instructions: instructionGroupsSchema,
  survey: surveySchema.nullable(),
  canMarkReady: z.boolean(),
  canComment: z.boolean(),
});
export type CardLoop = z.infer<typeof cardLoopSchema>;

const loopRowSchema = summaryRowSchema.extend({
  ready: z.object({ readyAt: z.string(), readyBy: z.string().nullable() }).nullable(),
  instructions: instructionGroupsSchema,
  survey: surveySchema.nullable(),
  /** Portfolio only: the owner's own accounts' facts, € included. */
  facts: z
    .object({
      siteCount: z.number(),
      regions: z.array(z.string()),
      cities: z.array(z.string()),
      contract: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
      monthlyBilling: z.number().nullable(),
    })
    .optional(),
});

/** GET /api/v1/quality/loop-summary?period= (directors) and GET /api/v1/quality/portfolio?period= (owners) */
export const loopSummarySchema = z.object({
  period: z.string(),
  yearLabel: z.string(),
  labels: z.record(z.string(), z.object({ fi: z.string(), en: z.string() })),
  rows: z.array(loopRowSchema),
  counts: z.object({ ready: z.number(), notReady: z.number() }),
  nps: z.object({ nps: z.number().nullable(), answers: z.number() }),
  canComment: z.boolean().optional(),
});
export type LoopSummary = z.infer<typeof loopSummarySchema>;

/** PATCH /api/v1/accounts/:id/feedback/:feedbackId (owners): a status, a reply, or both. */
export const feedbackPatchSchema = z
  .object({
    status: z.enum(['new', 'in-progress', 'done']).optional(),
    reply: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((p) => p.status !== undefined || p.reply !== undefined, 'give a status or a reply');

const feedbackItemSchema = z.object({
  id: z.string(),
  from: z.string(),
  text: z.string(),
  createdAt: z.string(),
  status: z.enum(['new', 'in-progress', 'done']),
  reply: z.string().nullable(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
});
export type FeedbackItem = z.infer<typeof feedbackItemSchema>;

/** GET /api/v1/accounts/:id/feedback (owners) */
export const feedbackListSchema = z.object({ feedback: z.array(feedbackItemSchema) });
export type FeedbackList = z.infer<typeof feedbackListSchema>;

/** POST /api/v1/quality/nps-import?period=&fileName=&dryRun= (directors, admins; the answers as CSV bytes): what was imported. */
export const npsImportReportSchema = z.object({
  ok: z.literal(true),
  file: z.string(),
  period: z.string(),
  dryRun: z.boolean(),
  accounts: z.array(
    z.object({
      customerId: z.string(),
      name: z.string(),
      answers: z.number(),
      nps: z.number().nullable(),
      promoters: z.number(),
      passives: z.number(),
      detractors: z.number(),
    }),
  ),
  overall: z.object({ nps: z.number().nullable(), answers: z.number() }),
});
export type NpsImportReport = z.infer<typeof npsImportReportSchema>;
