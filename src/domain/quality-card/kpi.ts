import { z } from 'zod';
import { periodSchema } from './period';

export const KPI_KEYS = ['auditScore', 'customerSatisfaction', 'nps', 'complaints', 'billingVsBudget', 'openDevActions'] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export const LIGHTS = ['green', 'yellow', 'red', 'none'] as const;
/** `none` = no value or no target yet: shown grey, never counted as good or bad. */
export type Light = (typeof LIGHTS)[number];
export type Direction = 'higherIsBetter' | 'lowerIsBetter';

export interface KpiDefinition {
  label: { fi: string; en: string };
  unit: '%' | 'score' | 'nps' | 'count';
  direction: Direction;
  defaultTarget: number;
  /** How far on the wrong side of the target is still yellow (same unit as the value). */
  defaultTolerance: number;
  min: number;
  max: number;
}

/**
 * Product defaults; a card may override target, tolerance and direction per KPI.
 * NPS is the classic -100..100 (share of promoters 9-10 minus share of detractors 0-6), the
 * measure the customer studies name, rather than a 0-10 average, so it compares across firms.
 */
export const KPI_DEFINITIONS: Record<KpiKey, KpiDefinition> = {
  auditScore: {
    label: { fi: 'Laatuauditoinnin tulos', en: 'Quality-audit score' },
    unit: '%',
    direction: 'higherIsBetter',
    defaultTarget: 90,
    defaultTolerance: 5,
    min: 0,
    max: 100,
  },
  customerSatisfaction: {
    label: { fi: 'Asiakastyytyväisyys (1–5)', en: 'Customer satisfaction (1–5)' },
    unit: 'score',
    direction: 'higherIsBetter',
    defaultTarget: 4,
    defaultTolerance: 0.3,
    min: 1,
    max: 5,
  },
  nps: {
    label: { fi: 'NPS', en: 'NPS' },
    unit: 'nps',
    direction: 'higherIsBetter',
    defaultTarget: 30,
    defaultTolerance: 10,
    min: -100,
    max: 100,
  },
  complaints: {
    label: { fi: 'Reklamaatiot', en: 'Complaints' },
    unit: 'count',
    direction: 'lowerIsBetter',
    defaultTarget: 0,
    defaultTolerance: 2,
    min: 0,
    max: 100000,
  },
  billingVsBudget: {
    label: { fi: 'Laskutus vs. budjetti', en: 'Billing vs budget' },
    unit: '%',
    direction: 'higherIsBetter',
    defaultTarget: 100,
    defaultTolerance: 5,
    min: 0,
    max: 1000,
  },
  openDevActions: {
    label: { fi: 'Avoimet kehitystoimenpiteet', en: 'Open development actions' },
    unit: 'count',
    direction: 'lowerIsBetter',
    defaultTarget: 3,
    defaultTolerance: 3,
    min: 0,
    max: 10000,
  },
};

export const kpiSchema = z
  .object({
    key: z.enum(KPI_KEYS),
    value: z.number().finite().nullable(),
    target: z.number().finite().nullable(),
    direction: z.enum(['higherIsBetter', 'lowerIsBetter']),
    tolerance: z.number().finite().min(0),
    /** Set when the KAD overrides the computed light (e.g. a known one-off). */
    manualLight: z.enum(LIGHTS).optional(),
    comment: z.string().max(1000).optional(),
  })
  .superRefine((k, ctx) => {
    const def = KPI_DEFINITIONS[k.key];
    if (k.value !== null && (k.value < def.min || k.value > def.max)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `must be between ${def.min} and ${def.max}` });
    }
  });
export type Kpi = z.infer<typeof kpiSchema>;

export const qualityCardSchema = z.object({
  customerId: z.string().min(1),
  accountName: z.string().min(1),
  period: periodSchema,
  summary: z.string().max(2000).default(''),
  facts: z
    .object({
      siteCount: z.number().int().min(0).optional(),
      regions: z.array(z.string()).optional(),
      contract: z.object({ name: z.string().optional(), start: z.string().optional(), end: z.string().optional() }).optional(),
      monthlyBilling: z.number().finite().optional(),
    })
    .default({}),
  kpis: z.array(kpiSchema).refine((ks) => new Set(ks.map((k) => k.key)).size === ks.length, 'each KPI at most once'),
});
export type QualityCard = z.infer<typeof qualityCardSchema>;

/** A KPI with the product defaults filled in. */
export function makeKpi(key: KpiKey, value: number | null, overrides: Partial<Omit<Kpi, 'key' | 'value'>> = {}): Kpi {
  const def = KPI_DEFINITIONS[key];
  return { key, value, target: def.defaultTarget, direction: def.direction, tolerance: def.defaultTolerance, ...overrides };
}

// Tolerates float noise such as 0.1 + 0.2 so a value exactly at a boundary gets the better light.
const EPS = 1e-9;

/** Green at or beyond target, yellow within `tolerance` on the wrong side, red further away. */
export function computeLight(value: number | null, target: number | null, direction: Direction, tolerance: number): Light {
  if (value === null || target === null) return 'none';
  const shortfall = direction === 'higherIsBetter' ? target - value : value - target;
  if (shortfall <= EPS) return 'green';
  if (shortfall <= tolerance + EPS) return 'yellow';
  return 'red';
}

export function kpiLight(k: Pick<Kpi, 'value' | 'target' | 'direction' | 'tolerance' | 'manualLight'>): Light {
  return k.manualLight ?? computeLight(k.value, k.target, k.direction, k.tolerance);
}

/** A stored KPI row as far as its light depends on it (the store's shape, without importing the store). */
export interface StoredKpiRow {
  value: number | null;
  target: number | null;
  /** The KAD's manual light, if any. */
  light?: string | null;
  comment?: string | null;
}

/** The KPI with defaults for what the row lacks: the one way a stored value becomes a KPI. */
export function kpiFromStored(key: KpiKey, row: StoredKpiRow | undefined): Kpi {
  const def = KPI_DEFINITIONS[key];
  const manual = row?.light && (LIGHTS as readonly string[]).includes(row.light) ? (row.light as Light) : undefined;
  return makeKpi(key, row?.value ?? null, {
    target: row?.target ?? def.defaultTarget,
    ...(manual ? { manualLight: manual } : {}),
    ...(row?.comment ? { comment: row.comment } : {}),
  });
}

/** The light a stored KPI shows everywhere (tab, weekly card, summaries): the manual one, else computed. */
export function storedKpiLight(key: KpiKey, row: StoredKpiRow | undefined): Light {
  return kpiLight(kpiFromStored(key, row));
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** NPS -100..100, rounded; null without answers. */
export function npsFromCounts(c: NpsCounts): number | null {
  const total = c.promoters + c.passives + c.detractors;
  if (total <= 0) return null;
  return Math.round(((c.promoters - c.detractors) / total) * 100);
}

/** From raw 0-10 answers: 9-10 promoters, 7-8 passives, 0-6 detractors. */
export function npsFromScores(scores: readonly number[]): number | null {
  const c: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) {
    if (!Number.isInteger(s) || s < 0 || s > 10) throw new RangeError(`NPS answer must be an integer 0..10: ${s}`);
    if (s >= 9) c.promoters++;
    else if (s >= 7) c.passives++;
    else c.detractors++;
  }
  return npsFromCounts(c);
}
