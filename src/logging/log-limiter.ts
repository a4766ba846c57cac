/**
 * Lets at most `perWindow` lines of one kind through per window; the next line let through after
 * a quiet spell says how many were dropped. Keeps refused requests from flooding the log.
 */
export function createLogLimiter(o: { perWindow: number; windowMs: number; now?: () => number }) {
  const now = o.now ?? Date.now;
  const kinds = new Map<string, { start: number; count: number; dropped: number }>();
  return {
    /** Undefined: drop this line. Otherwise log it, with `suppressed` = lines dropped since the last one. */
    take(kind: string): { suppressed: number } | undefined {
      const t = now();
      let k = kinds.get(kind);
      if (!k || t - k.start >= o.windowMs) {
        const dropped = k?.dropped ?? 0;
        k = { start: t, count: 0, dropped: 0 };
        kinds.set(kind, k);
        k.count++;
        return { suppressed: dropped };
      }
      if (k.count >= o.perWindow) {
        k.dropped++;
        return undefined;
      }
      k.count++;
      return { suppressed: 0 };
    },
  };
}
