import type { FaultOptions } from './types';

export type FaultKind = '429' | '503' | 'timeout';

/** mulberry32: tiny seeded PRNG so a fault run can be replayed exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private opts: Required<FaultOptions> | undefined;
  private rand: () => number = Math.random;

  constructor(f?: FaultOptions) {
    this.set(f);
  }

  /** Resets the sequence: the same seed gives the same faults for the same request order. */
  set(f: FaultOptions | undefined): void {
    if (!f || !((f.rate429 ?? 0) + (f.rate503 ?? 0) + (f.timeoutRate ?? 0) > 0)) {
      this.opts = undefined;
      return;
    }
    this.opts = {
      rate429: f.rate429 ?? 0,
      rate503: f.rate503 ?? 0,
      timeoutRate: f.timeoutRate ?? 0,
      seed: f.seed ?? 1,
      retryAfterSec: f.retryAfterSec ?? 1,
      timeoutMs: f.timeoutMs ?? 15000,
      timeoutsAfterWork: f.timeoutsAfterWork ?? false,
    };
    this.rand = mulberry32(this.opts.seed);
  }

  get options(): Required<FaultOptions> | undefined {
    return this.opts;
  }

  next(): FaultKind | undefined {
    const o = this.opts;
    if (!o) return undefined;
    const r = this.rand();
    if (r < o.rate429) return '429';
    if (r < o.rate429 + o.rate503) return '503';
    if (r < o.rate429 + o.rate503 + o.timeoutRate) return 'timeout';
    return undefined;
  }
}
