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
  /** Send time; the slot is first stamped here and moved when the answer arrives. */
  sent: number;
}

/** Slots taken by one send; settle it when the answer arrives. */
export type PacerTicket = { arr: Hit[]; hit: Hit }[];

/**
 * Sliding-window pacer (the same shape Graph applies): at most `max` sends per `windowMs` per key.
 * Graph counts a request when it arrives, somewhere between our send and its answer, and we never
 * learn exactly when. A slot is taken at send time and, when the answer arrives, moved to the
 * latest moment the server can have counted it: the answer's arrival minus the return leg, which
 * takes at least half of the fastest round trip seen (the bound NTP uses). Stamping at send time
 * plus a fixed allowance drew 429s here: on the loaded 2-core machine a request sometimes reached
 * the emulator 250 ms after it left, and the next window's requests then arrived before that one
 * left the server's window. The return-leg bound holds however late a request arrives.
 */
export class RequestPacer {
  private readonly hits = new Map<string, Hit[]>();
  private readonly margin: number;
  private fastestRoundTripMs = Infinity;
  readonly enabled: boolean;

  constructor(private readonly opts: PacerOptions) {
    // Slots are stamped no earlier than the server can have counted them: the margin only covers clock rounding.
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
      const hit = { t: now, sent: now };
      arr.push(hit);
      return { arr, hit };
    });
  }

  /**
   * Moves the ticket's slots to the latest moment the server can have counted them (see the class
   * comment) and keeps each window in time order. `answered: false` (no answer, e.g. a timeout or a
   * reset socket) stamps at now: nothing is known about the return leg then.
   */
  settle(ticket: PacerTicket, answered = true): void {
    if (ticket.length === 0) return;
    const now = this.opts.now();
    const sent = ticket[0]!.hit.sent;
    if (answered) this.fastestRoundTripMs = Math.min(this.fastestRoundTripMs, Math.max(0, now - sent));
    const returnLeg = answered && Number.isFinite(this.fastestRoundTripMs) ? Math.floor(this.fastestRoundTripMs / 2) : 0;
    const t = Math.max(sent, now - returnLeg);
    for (const { arr, hit } of ticket) {
      hit.t = Math.max(hit.t, t);
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
