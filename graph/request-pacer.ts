/**
 * Client-side pacing so we stay under Graph's Teams limits instead of collecting 429s.
 * Limits: "Microsoft Graph service-specific throttling limits" (learn.microsoft.com/graph/throttling-limits),
 * Microsoft Teams rows, per app per tenant: POST/PUT channel, tab, installedApps 30 rps; PATCH 30;
 * DELETE 15; GET team/channel/tab 30; GET members/channels/channel members 60; other 30;
 * and at most 4 requests per second per app on a given team or channel.
 */
export interface PaceRule {
  key: string;
  max: number;
  windowMs: number;
}

const perSecond = (key: string, max: number): PaceRule => ({ key, max, windowMs: 1000 });

export const TEAMS_RATE = {
  postPutChannelTabApp: 30,
  patch: 30,
  delete: 15,
  getEntity: 30,
  getList: 60,
  other: 30,
  perTeamOrChannel: 4,
} as const;

/** The rules one request counts against; paths are relative to the version root ('/teams/...'). */
export function teamsPaceRules(method: string, path: string): PaceRule[] {
  const segs = path.split('?')[0]!.split('/').filter(Boolean).map((s) => safeDecode(s).toLowerCase());
  if (segs[0] !== 'teams' || segs.length < 2) return []; // users and drives are other services
  const m = method.toUpperCase();
  const tail = segs.slice(2);
  const last = tail[tail.length - 1];
  const isCollection = tail.length % 2 === 1;
  let category: keyof typeof TEAMS_RATE = 'other';
  if (m === 'POST' || m === 'PUT') {
    if (last === 'channels' || last === 'tabs' || last === 'installedapps') category = 'postPutChannelTabApp';
  } else if (m === 'PATCH') category = 'patch';
  else if (m === 'DELETE') category = 'delete';
  else if (m === 'GET') {
    if (isCollection && (last === 'members' || last === 'channels')) category = 'getList';
    else if (tail.length === 0 || (!isCollection && (tail[tail.length - 2] === 'channels' || tail[tail.length - 2] === 'tabs'))) category = 'getEntity';
  }
  const resource = tail[0] === 'channels' && tail[1] ? `channel:${tail[1]}` : `team:${segs[1]}`;
  return [perSecond(`class:${category}`, TEAMS_RATE[category]), perSecond(resource, TEAMS_RATE.perTeamOrChannel)];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface PacerOptions {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Extra gap so our send time and the server's arrival time disagreeing a little does not cost a 429. */
  marginMs?: number;
  enabled?: boolean;
}

interface Hit {
  t: number;
}

/** Slots taken by one send; settle it when the answer arrives. */
export type PacerTicket = { arr: Hit[]; hit: Hit }[];

/**
 * Sliding-window pacer (the same shape Graph applies): at most `max` sends per `windowMs` per key.
 * A slot is taken at send time and re-stamped when the answer arrives: the server counted the request
 * somewhere in between, so the answer time is the safe end of the window. (Stamping earlier, at send
 * time plus an allowance, drew 429s on the loaded 2-core machine: the emulator's arrival lagged.)
 */
export class RequestPacer {
  private readonly hits = new Map<string, Hit[]>();
  private readonly margin: number;
  readonly enabled: boolean;

  constructor(private readonly opts: PacerOptions) {
    // Slots are stamped at the answer, after the server counted them: the margin only covers clock rounding.
    this.margin = opts.marginMs ?? 5;
    this.enabled = opts.enabled ?? true;
  }

  /**
   * Milliseconds until a request under `rules` may go, given `extra` sends already planned for the
   * same instant (a batch being filled). Infinity when it can never fit beside those extras.
   */
  waitMs(rules: PaceRule[], extra?: Map<string, number>): number {
    if (!this.enabled) return 0;
    const now = this.opts.now();
    let wait = 0;
    for (const r of rules) {
      const planned = extra?.get(r.key) ?? 0;
      if (planned >= r.max) return Infinity;
      const arr = this.window(r, now);
      const over = arr.length + planned + 1 - r.max;
      if (over > 0) wait = Math.max(wait, arr[over - 1]!.t + r.windowMs + this.margin - now);
    }
    return Math.max(0, wait);
  }

  reserve(rules: PaceRule[]): PacerTicket {
    if (!this.enabled) return [];
    const now = this.opts.now();
    return rules.map((r) => {
      const arr = this.window(r, now);
      const hit = { t: now };
      arr.push(hit);
      return { arr, hit };
    });
  }

  /** Moves the ticket's slots to now (the answer's arrival) and keeps each window in time order. */
  settle(ticket: PacerTicket): void {
    const now = this.opts.now();
    for (const { arr, hit } of ticket) {
      hit.t = Math.max(hit.t, now);
      arr.sort((a, b) => a.t - b.t);
    }
  }

  /** Waits for a slot, then takes it. */
  async acquire(rules: PaceRule[]): Promise<PacerTicket> {
    if (!this.enabled || rules.length === 0) return [];
    for (;;) {
      const w = this.waitMs(rules);
      if (w <= 0) break;
      await this.opts.sleep(w === Infinity ? 1000 : w);
    }
    return this.reserve(rules);
  }

  private window(r: PaceRule, now: number): Hit[] {
    let arr = this.hits.get(r.key);
    if (!arr) {
      arr = [];
      this.hits.set(r.key, arr);
    }
    let drop = 0;
    while (drop < arr.length && arr[drop]!.t + r.windowMs + this.margin <= now) drop++;
    if (drop > 0) arr.splice(0, drop);
    return arr;
  }
}
