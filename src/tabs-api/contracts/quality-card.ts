/**
 * The quality card's tab API shapes, defined once: the server parses requests with these schemas and types
 * its responses with them (the API tests parse real responses with them); tabs/ imports the types only (`import type`), so the browser bundle gets no zod.
 */
import { z } from 'zod';
import { KPI_KEYS, LIGHTS } from '../../domain/quality-card/kpi';

/** PUT /api/v1/accounts/:id/quality/:period */
export const qualityInputSchema = z
  .object({
    summary: z.string().max(2000).nullable().optional(),
    kpis: z
      .array(
        z
          .object({
            key: z.enum(KPI_KEYS),
            value: z.number().finite().nullable(),
            target: z.number().finite().nullable().optional(),
            /** Manual override of the computed light; null = computed. */
            light: z.enum(['green', 'yellow', 'red']).nullable().optional(),
            comment: z.string().max(1000).nullable().optional(),
          })
          .strict(),
      )
      .max(KPI_KEYS.length)
      .default([]),
  })
  .strict();
export type QualityInput = z.input<typeof qualityInputSchema>;

const lightSchema = z.enum(LIGHTS);
export type LightName = z.infer<typeof lightSchema>;
const bilingual = z.object({ fi: z.string(), en: z.string() });

const kpiRowSchema = z.object({
  key: z.enum(KPI_KEYS),
  label: bilingual,
  unit: z.enum(['%', 'score', 'nps', 'count']),
  value: z.number().nullable(),
  target: z.number().nullable(),
  light: lightSchema,
  manualLight: z.string().nullable(),
  comment: z.string(),
  /** "import:<file>" when the value came from a KPI import; null when typed in. */
  source: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  history: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
  trend: z.object({
    direction: z.enum(['up', 'down', 'flat', 'none']),
    improving: z.boolean().nullable(),
    points: z.array(z.object({ x: z.number(), y: z.number(), index: z.number() })),
  }),
});
export type KpiRow = z.infer<typeof kpiRowSchema>;

/** GET and PUT /api/v1/accounts/:id/quality/:period */
export const qualityCardViewSchema = z.object({
  account: z.object({ id: z.string(), name: z.string() }),
  period: z.string(),
  periodLabel: z.string(),
  /** The months of the year so far in the seed's form, e.g. "1–8/2020". */
  yearLabel: z.string(),
  summary: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  facts: z.object({
    siteCount: z.number(),
    regions: z.array(z.string()),
    cities: z.array(z.string()),
    contract: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
    /** Absent for people who may not see it (only owners and directors do). */
    monthlyBilling: z.number().nullable().optional(),
  }),
  kpis: z.array(kpiRowSchema),
  canWrite: z.boolean(),
});
export type QualityCardView = z.infer<typeof qualityCardViewSchema>;

export const summaryRowSchema = z.object({
  customerId: z.string(),
  accountName: z.string(),
  missing: z.boolean(),
  counts: z.record(lightSchema, z.number()),
  /** This month's lights, one per KPI on the card (empty when the card is missing). */
  lights: z.array(
    z.object({
      key: z.string(),
      light: lightSchema,
      value: z.number().nullable(),
      target: z.number().nullable(),
      comment: z.string().optional(),
    }),
  ),
  changes: z.array(z.object({ key: z.string(), from: lightSchema.nullable(), to: lightSchema.nullable() })),
  previousMissing: z.boolean(),
  worsened: z.boolean(),
  improved: z.boolean(),
  summary: z.string(),
});
export type SummaryRow = z.infer<typeof summaryRowSchema>;

/** GET /api/v1/quality/summary?period= (directors) */
export const managementSummaryViewSchema = z.object({
  period: z.string(),
  previous: z.string(),
  labels: z.record(z.string(), bilingual),
  rows: z.array(summaryRowSchema),
});
export type ManagementSummaryView = z.infer<typeof managementSummaryViewSchema>;
