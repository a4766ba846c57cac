import type { Direction } from './kpi';

export interface Trend {
  /** Latest value against the mean of the earlier ones; `none` with fewer than two values. */
  direction: 'up' | 'down' | 'flat' | 'none';
  change: number | null;
  /** Whether the move is good news, given the KPI's direction; null when flat or unknown. */
  improving: boolean | null;
  /** Sparkline points, x and y both 0..1 (y = 0 is the lowest value); missing months are gaps. */
  points: { x: number; y: number; index: number }[];
}

/**
 * `values` are oldest first, one per month; null = no value that month.
 * `flatThreshold` (same unit as the values) keeps noise from reading as a trend.
 */
export function trend(values: readonly (number | null)[], options: { direction?: Direction; flatThreshold?: number } = {}): Trend {
  const present = values
    .map((v, index) => ({ v, index }))
    .filter((p): p is { v: number; index: number } => p.v !== null && Number.isFinite(p.v));
  const n = values.length;
  const min = Math.min(...present.map((p) => p.v));
  const max = Math.max(...present.map((p) => p.v));
  const points = present.map((p) => ({
    index: p.index,
    x: n === 1 ? 0.5 : p.index / (n - 1),
    y: max === min ? 0.5 : (p.v - min) / (max - min),
  }));
  if (present.length < 2) return { direction: 'none', change: null, improving: null, points };

  const last = present[present.length - 1].v;
  const earlier = present.slice(0, -1);
  const mean = earlier.reduce((s, p) => s + p.v, 0) / earlier.length;
  const change = last - mean;
  const threshold = options.flatThreshold ?? 0;
  if (Math.abs(change) <= threshold + 1e-9) return { direction: 'flat', change, improving: null, points };
  const direction = change > 0 ? 'up' : 'down';
  const improving = options.direction === undefined ? null : (direction === 'up') === (options.direction === 'higherIsBetter');
  return { direction, change, improving, points };
}
