/**
 * Local pacer for Bot Connector calls, so the app stays under Teams' limits instead of living on
 * 429s. Teams docs "Rate limiting for bots": per bot per conversation 7 / 1 s, 8 / 2 s,
 * 60 / 30 s, 1,800 / hour; per app per tenant 50 requests per second.
 */
export interface RateWindow {
  limit: number;
  ms: number;
}

const PER_CONVERSATION_LIMITS: RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];
export const PER_APP_LIMITS: RateWindow[] = [{ limit: 50, ms: 1_000 }];

export interface BotPacerOptions {
  perConversation?: RateWindow[];
  perApp?: RateWindow[];
  /** Added to every conversation window: the service counts at arrival, we count at departure. */
  marginMs?: number;
  /**
   * The same for the per-app window. Small, because it decides bulk throughput and a request counts
   * from when we saw its answer, which the service sent after it counted the request: the margin only
   * covers timer and clock granularity (10 ms instead of 40 ended a notice to 100 channels ~50 ms sooner).
   */
  appMarginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const GLOBAL = '\u0000app';

/** One counted request; `at` is when its answer arrived, or its departure while it is in flight. */
interface Hit {
  at: number;
  inFlight: boolean;
  /** Answered 429: not counted. */
  refused?: boolean;
}

/** How often a waiter looks again when the slot it waits for belongs to a request still in flight. */
const IN_FLIGHT_POLL_MS = 20;
const STALE_IN_FLIGHT_MS = 60_000;
/** How often a routine request looks again while an urgent one waits for a slot. */
const URGENT_YIELD_MS = 10;

/**
 * Call when the request's answer (or error) arrived. `refused`: the service answered 429, i.e. it
 * turned the request away instead of serving it, and a refused request is not counted against the
 * limits (as the service's sliding windows do), so its slot is free again at once. Only the first
 * call counts (a personal send may settle its slot early; the caller's settle after it is a no-op).
 */
export type SettleRequest = (o?: { refused?: boolean }) => void;

export class BotPacer {
  private readonly sent = new Map<string, Hit[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly perConversation: RateWindow[];
  private readonly perApp: RateWindow[];
  private readonly margin: number;
  private readonly appMargin: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private urgentWaiting = 0;

  constructor(o: BotPacerOptions = {}) {
    this.perConversation = o.perConversation ?? PER_CONVERSATION_LIMITS;
    this.perApp = o.perApp ?? PER_APP_LIMITS;
    this.margin = o.marginMs ?? 100;
    this.appMargin = o.appMarginMs ?? 10;
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Waits until one more request to `conversation` fits every window, then counts it. Without a
   * conversation (creating a personal chat) only the per-app limit applies.
   *
   * The service counts a request when it arrives, somewhere between our departure time and its
   * answer; under load (sockets busy, TLS, a slow gateway) that spread exceeds any fixed margin.
   * So a request counts from when its answer came back (call the returned `settle` then), and
   * until then it holds its slot: a window frees a slot only after a time the service has surely
   * counted the request by. A request not settled within STALE_IN_FLIGHT_MS (longer than any
   * request timeout) counts from its departure, so a forgotten settle cannot stall the pacer.
   */
  async acquire(conversation?: string, opts: { urgent?: boolean } = {}): Promise<SettleRequest> {
    if (opts.urgent) this.urgentWaiting++;
    try {
      return await this.acquireSlot(conversation, opts.urgent === true);
    } finally {
      if (opts.urgent) this.urgentWaiting--;
    }
  }

  /**
   * Urgent requests go first: while one waits for a slot, routine requests take none (they look
   * again shortly), so a notice is not queued behind routine sends that were waiting before it.
   */
  private async acquireSlot(conversation: string | undefined, urgent: boolean): Promise<SettleRequest> {
    for (;;) {
      const now = this.now();
      if (!urgent && this.urgentWaiting > 0) {
        await this.sleep(URGENT_YIELD_MS);
        continue;
      }
      const wait = Math.max(
        this.waitFor(GLOBAL, this.perApp, now, this.appMargin),
        conversation === undefined ? 0 : this.waitFor(conversation, this.perConversation, now, this.margin),
      );
      if (wait <= 0) {
        const hits = [this.record(GLOBAL, now, this.perApp, this.appMargin)];
        if (conversation !== undefined) hits.push(this.record(conversation, now, this.perConversation, this.margin));
        let settled = false;
        return (o) => {
          if (settled) return;
          settled = true;
          const at = this.now();
          for (const h of hits) {
            h.at = Math.max(h.at, at);
            h.inFlight = false;
            h.refused = o?.refused === true;
          }
        };
      }
      await this.sleep(wait);
    }
  }

  /** After a 429 with Retry-After: nothing more goes to that conversation (or the app) until then. */
  pause(conversation: string | 'app', ms: number): void {
    const key = conversation === 'app' ? GLOBAL : conversation;
    const until = this.now() + ms;
    if ((this.pausedUntil.get(key) ?? 0) < until) this.pausedUntil.set(key, until);
  }

  private waitFor(key: string, windows: RateWindow[], now: number, margin: number): number {
    let wait = (this.pausedUntil.get(key) ?? 0) - now;
    const hits = this.sent.get(key) ?? [];
    for (const h of hits) if (h.inFlight && h.at < now - STALE_IN_FLIGHT_MS) h.inFlight = false;
    for (const w of windows) {
      const span = w.ms + margin;
      const inWindow = hits.filter((h) => h.inFlight || (!h.refused && h.at > now - span));
      if (inWindow.length < w.limit) continue;
      // Settling reorders hits, so sort here (windows hold a few dozen hits, except the hourly one).
      const sorted = inWindow.sort((a, b) => a.at - b.at);
      const oldest = sorted[sorted.length - w.limit]!;
      // In flight: the slot frees a window after its answer, which has not come yet; look again soon.
      wait = Math.max(wait, oldest.inFlight ? Math.min(IN_FLIGHT_POLL_MS, span) : oldest.at + span - now);
    }
    return wait;
  }

  private record(key: string, now: number, windows: RateWindow[], margin: number): Hit {
    const longest = Math.max(...windows.map((w) => w.ms + margin));
    const hits = (this.sent.get(key) ?? []).filter((h) => h.inFlight || (!h.refused && h.at > now - longest));
    const hit = { at: now, inFlight: true };
    hits.push(hit);
    this.sent.set(key, hits);
    return hit;
  }
}
