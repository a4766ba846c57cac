/**
 * Client-side pacing so we stay under Graph's Teams limits instead of collecting 429s, and one
 * back-off gate so a Retry-After seen by any request holds back every request sharing its limit.
 *
 * Limits: "Microsoft Graph service-specific throttling limits" (learn.microsoft.com/graph/throttling-limits,
 * section "Microsoft Teams service limits"), per app per tenant. Each class below names its row.
 * Rows this app never uses (messages, schedule, activity notifications, POST /teams) are left out.
 * docs/graph-limits.md has the table.
 */
export interface PaceRule {
  key: string;
  max: number;
  windowMs: number;
}

const perSecond = (key: string, max: number): PaceRule => ({ key, max, windowMs: 1000 });

export const TEAMS_RATE = {
  /** Row "GET /teams/{team-id}, joinedTeams": 30 rps. */
  getTeam: 30,
  /** Row "GET team, channel, tab, installedApps, appCatalogs": 30 rps (the entity and the tabs/installedApps lists). */
  getEntity: 30,
  /** Rows "GET /teams/{team-id}/members", "GET /teams/{team-id}/channels", "GET /teams/{team-id}/channels/{channel-id}/members": 60 rps. */
  getList: 60,
  /** Row "POST/PUT channel, tab, installedApps, appCatalogs": 30 rps. */
  postPutChannelTabApp: 30,
  /** Row "PATCH team, channel, tab, installedApps, appCatalogs": 30 rps. */
  patchEntity: 30,
  /** Row "DELETE channel, tab, installedApps, appCatalogs": 15 rps. Channel and team MEMBER removals are not in it. */
  deleteEntity: 15,
  /** Row "Other GET API calls for Microsoft Teams": 30 rps (filesFolder, one member). */
  otherGet: 30,
  /** Row "Other API calls for Microsoft Teams": 30 rps (member adds, removals and role changes, members/add). */
  other: 30,
  /** "A maximum of 4 requests per second per app can be issued on a given team or channel." */
  perTeamOrChannel: 4,
} as const;

export type TeamsClass = Exclude<keyof typeof TEAMS_RATE, 'perTeamOrChannel'>;

/** Which Teams row a request falls under; `tail` is the path after /teams/{id}, lower-cased. */
function teamsClassOf(method: string, tail: string[]): TeamsClass {
  const m = method.toUpperCase();
  const last = tail[tail.length - 1];
  const isCollection = tail.length % 2 === 1;
  // The entity a path names: 'team' for /teams/{id}, else the collection its last id sits in.
  const entity = tail.length === 0 ? 'team' : isCollection ? undefined : tail[tail.length - 2];
  const entityIsChannelTabApp = (e: string | undefined) => e === 'channels' || e === 'tabs' || e === 'installedapps';
  if (m === 'GET') {
    if (tail.length === 0) return 'getTeam';
    if (tail.length === 1 && (last === 'members' || last === 'channels')) return 'getList';
    if (tail.length === 3 && tail[0] === 'channels' && last === 'members') return 'getList';
    if (entityIsChannelTabApp(entity) || (isCollection && (last === 'tabs' || last === 'installedapps'))) return 'getEntity';
    return 'otherGet';
  }
  if (m === 'POST' || m === 'PUT') return isCollection && entityIsChannelTabApp(last) ? 'postPutChannelTabApp' : 'other';
  if (m === 'PATCH') return entity === 'team' || entityIsChannelTabApp(entity) ? 'patchEntity' : 'other';
  if (m === 'DELETE') return entityIsChannelTabApp(entity) ? 'deleteEntity' : 'other';
  return 'other';
}

/** The rules one request counts against; paths are relative to the version root ('/teams/...'). */
export function teamsPaceRules(method: string, path: string): PaceRule[] {
  const segs = path
    .split('?')[0]!
    .split('/')
    .filter(Boolean)
    .map((s) => safeDecode(s).toLowerCase());
  if (segs[0] !== 'teams' || segs.length < 2) return []; // users and drives are other services
  const tail = segs.slice(2);
  const category = teamsClassOf(method, tail);
  const resource = tail[0] === 'channels' && tail[1] ? `channel:${tail[1]}` : `team:${segs[1]}`;
  return [perSecond(`class:${category}`, TEAMS_RATE[category]), perSecond(resource, TEAMS_RATE.perTeamOrChannel)];
}

/**
 * Pacing rules plus, outside Teams, one unlimited rule per service: it paces nothing but gives the
 * back-off gate a key, so a Retry-After on a /users or /drives request holds back that service.
 */
export function graphPaceRules(method: string, path: string): PaceRule[] {
  const teams = teamsPaceRules(method, path);
  if (teams.length > 0) return teams;
  const first = path.split('?')[0]!.split('/').filter(Boolean)[0]?.toLowerCase();
  if (!first || first === '$batch') return []; // the envelope: its sub-requests carry their own rules
  return [{ key: `service:${first}`, max: Infinity, windowMs: 1000 }];
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
  /** The back-off gate: key -> time before which nothing under that key may be sent (a Retry-After). */
  private readonly pausedUntil = new Map<string, number>();
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
    const now = this.opts.now();
    const gate = this.gateWaitMs(rules, now);
    if (!this.enabled) return gate;
    let wait = gate;
    for (const r of rules) {
      const planned = extra?.get(r.key) ?? 0;
      if (planned >= r.max) return Infinity;
      const arr = this.window(r, now);
      const over = arr.length + planned + 1 - r.max;
      if (over > 0) wait = Math.max(wait, arr[over - 1]!.t + r.windowMs + this.margin - now);
    }
    return Math.max(0, wait);
  }

  /**
   * The back-off gate: a 429/503 with Retry-After on any request closes every key it counted
   * against until then, for every caller sharing this pacer (all $batch streams and single
   * requests). Graph does not say which of a request's limits was hit, so all of them close.
   * Applies even with pacing off: honouring Retry-After is not optional.
   */
  pause(rules: PaceRule[], untilMs: number): void {
    for (const r of rules) this.pausedUntil.set(r.key, Math.max(this.pausedUntil.get(r.key) ?? 0, untilMs));
  }

  private gateWaitMs(rules: PaceRule[], now: number): number {
    let wait = 0;
    for (const r of rules) {
      const until = this.pausedUntil.get(r.key);
      if (until === undefined) continue;
      if (until <= now) this.pausedUntil.delete(r.key);
      else wait = Math.max(wait, until - now);
    }
    return wait;
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
    if (rules.length === 0) return [];
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
