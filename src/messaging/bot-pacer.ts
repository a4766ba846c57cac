/**
 * Local pacer for Bot Connector calls, so the app stays under Teams' limits instead of living on
 * 429s. Teams docs "Rate limiting for bots": per bot per conversation 7 / 1 s, 8 / 2 s,
 * 60 / 30 s, 1,800 / hour; per app per tenant 50 requests per second.
 */
export interface RateWindow {
  limit: number;
  ms: number;
}

export const PER_CONVERSATION_LIMITS: RateWindow[] = [
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
  /** The same for the per-app window (kept small: it decides bulk throughput). */
  appMarginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const GLOBAL = '\u0000app';

export class BotPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly perConversation: RateWindow[];
  private readonly perApp: RateWindow[];
  private readonly margin: number;
  private readonly appMargin: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(o: BotPacerOptions = {}) {
    this.perConversation = o.perConversation ?? PER_CONVERSATION_LIMITS;
    this.perApp = o.perApp ?? PER_APP_LIMITS;
    this.margin = o.marginMs ?? 100;
    this.appMargin = o.appMarginMs ?? 40;
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Waits until one more request to `conversation` fits every window, then counts it. */
  async acquire(conversation: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(this.waitFor(GLOBAL, this.perApp, now, this.appMargin), this.waitFor(conversation, this.perConversation, now, this.margin));
      if (wait <= 0) {
        this.record(GLOBAL, now, this.perApp, this.appMargin);
        this.record(conversation, now, this.perConversation, this.margin);
        return;
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
    const times = this.sent.get(key) ?? [];
    for (const w of windows) {
      const span = w.ms + margin;
      const inWindow = times.filter((t) => t > now - span);
      if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit]! + span - now);
    }
    return wait;
  }

  private record(key: string, now: number, windows: RateWindow[], margin: number): void {
    const longest = Math.max(...windows.map((w) => w.ms + margin));
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - longest);
    times.push(now);
    this.sent.set(key, times);
  }
}
