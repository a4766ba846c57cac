/** Sliding-window rate limits; windows are trimmed arrays of hit times (ms). */
export interface Limit {
  max: number;
  windowMs: number;
}
export interface LimitCheck {
  key: string;
  limit: Limit;
}
export type Acquire = { ok: true } | { ok: false; retryAfterSec: number; key: string };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  /** Records a hit against every check when all pass; throttled requests are not counted. */
  tryAcquire(checks: LimitCheck[], nowMs: number): Acquire {
    let worst: { retryAfterMs: number; key: string } | undefined;
    for (const c of checks) {
      const arr = this.window(c.key, c.limit.windowMs, nowMs);
      if (arr.length >= c.limit.max) {
        // The window frees a slot when its (length - max + 1)-th oldest hit leaves it.
        const freeAt = arr[arr.length - c.limit.max]! + c.limit.windowMs;
        const waitMs = Math.max(1, freeAt - nowMs);
        if (!worst || waitMs > worst.retryAfterMs) worst = { retryAfterMs: waitMs, key: c.key };
      }
    }
    if (worst) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(worst.retryAfterMs / 1000)), key: worst.key };
    for (const c of checks) this.window(c.key, c.limit.windowMs, nowMs).push(nowMs);
    return { ok: true };
  }

  reset(): void {
    this.hits.clear();
  }

  private window(key: string, windowMs: number, nowMs: number): number[] {
    let arr = this.hits.get(key);
    if (!arr) {
      arr = [];
      this.hits.set(key, arr);
    }
    let drop = 0;
    while (drop < arr.length && arr[drop]! <= nowMs - windowMs) drop++;
    if (drop > 0) arr.splice(0, drop);
    return arr;
  }
}

const perSecond = (max: number): Limit => ({ max, windowMs: 1000 });

/**
 * Teams "Optimize your bot with rate limiting" (microsoftteams/platform/bots/how-to/rate-limit):
 * per bot per conversation 7 per 1 s, 8 per 2 s, 60 per 30 s, 1,800 per 3,600 s; 50 rps per app per tenant.
 */
export const BOT_LIMITS = {
  perConversation: [
    { max: 7, windowMs: 1000 },
    { max: 8, windowMs: 2000 },
    { max: 60, windowMs: 30_000 },
    { max: 1800, windowMs: 3_600_000 },
  ] as Limit[],
  perApp: perSecond(50),
};

export function botChecks(appId: string, tenantId: string, conversationId: string | undefined): LimitCheck[] {
  const checks: LimitCheck[] = [{ key: `bot|${tenantId}|${appId}`, limit: BOT_LIMITS.perApp }];
  if (conversationId) {
    for (const l of BOT_LIMITS.perConversation) checks.push({ key: `bot|${appId}|${conversationId}|${l.windowMs}`, limit: l });
  }
  return checks;
}
