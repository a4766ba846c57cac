/**
 * Counts requests that arrive inside a Retry-After window the emulator announced (graph
 * "throttling": after a 429, wait the Retry-After before sending more requests under the same limit).
 *
 * A window covers the scope of the answer that announced it (emulator/teams-limits.ts,
 * retryAfterScope) and opens when the client can know of it: when the answer is written (after
 * the emulated latency) plus a grace for the loopback trip, since a request the client sent before
 * the answer reached it cannot have honoured it. It closes at the announcement plus Retry-After.
 */
export const WINDOW_GRACE_MS = 50;

interface Window {
  opensAt: number;
  until: number;
}

export class RetryAfterWatch {
  private readonly windows = new Map<string, Window>();

  announce(keys: string[], nowMs: number, retryAfterSec: number, deliveryDelayMs: number): void {
    const until = nowMs + retryAfterSec * 1000;
    const opensAt = nowMs + deliveryDelayMs + WINDOW_GRACE_MS;
    if (opensAt >= until) return;
    for (const k of keys) {
      const w = this.windows.get(k);
      // An open window keeps its start; a later announcement can only push its end out.
      if (w && w.opensAt <= nowMs && w.until > nowMs) w.until = Math.max(w.until, until);
      else this.windows.set(k, { opensAt, until });
    }
  }

  /** True when a request under `keys` arriving now falls inside an open window. */
  inside(keys: string[], nowMs: number): boolean {
    return keys.some((k) => {
      const w = this.windows.get(k);
      if (!w) return false;
      if (w.until <= nowMs) this.windows.delete(k);
      return w.opensAt <= nowMs && nowMs < w.until;
    });
  }

  reset(): void {
    this.windows.clear();
  }
}
