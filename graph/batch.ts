import { AppError } from '../src/errors/app-error';
import type { Logger } from '../src/ports/logger';
import type { GraphStats } from '../src/ports/teams-directory';
import { RETRYABLE_STATUS } from './graph-errors';
import { graphPaceRules, type PaceRule, type RequestPacer } from './request-pacer';

/** JSON batching: at most 20 requests per $batch (Microsoft Graph docs, "json-batching", known limitations). */
const MAX_BATCH_SIZE = 20;

export interface BatchRequest {
  /** Unique within the call; referenced by dependsOn. */
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version root, e.g. '/users/x' or '/teams/{id}/channels'. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Ids of requests that must succeed first; they travel in the same $batch. */
  dependsOn?: string[];
}

export interface BatchResult {
  id: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: any;
  /** How many times the sub-request was sent. */
  attempts: number;
}

export interface BatchDeps {
  post: (body: unknown) => Promise<{ status: number; headers: Record<string, string>; body: any }>;
  pacer: RequestPacer;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  counters: GraphStats;
  logger: Logger;
}

interface Item {
  req: BatchRequest;
  rules: PaceRule[];
  attempts: number;
  notBefore: number;
  result?: BatchResult;
  final: boolean;
  /** In a $batch on the wire (any call's). */
  inFlight: boolean;
  sub?: Submission;
}

/** Answers whose Retry-After closes the back-off gate (throttled, or the service asking for a pause). */
export const BACKOFF_GATE_STATUS = new Set([429, 503]);

/** Retry-After in seconds (or an HTTP date) -> ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n * 1000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

function lowerHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof h === 'object') for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  return out;
}

/** One runBatch call: its requests, grouped by dependsOn, and how it ended if sending threw. */
interface Submission {
  items: Item[];
  groups: Item[][];
  byId: Map<string, Item>;
  error?: unknown;
}

/**
 * Every runBatch call on one client (one BatchDeps) shares a pool: each call keeps one $batch in
 * flight, as before, but fills it with the most urgent requests of ALL calls. Side-by-side streams
 * that each ordered only their own requests let a channel with many changes wait behind other
 * streams' easy ones, and the run ended on that channel's 4/s tail.
 */
interface Pool {
  subs: Set<Submission>;
  /** Resolves when any send finishes (a waiting call may then have work). */
  changed: Promise<void>;
  signal: () => void;
}

const pools = new WeakMap<BatchDeps, Pool>();

function poolFor(deps: BatchDeps): Pool {
  let pool = pools.get(deps);
  if (!pool) {
    const p: Pool = { subs: new Set(), changed: Promise.resolve(), signal: () => undefined };
    const renew = () => {
      p.changed = new Promise<void>((resolve) => {
        p.signal = () => {
          renew();
          resolve();
        };
      });
    };
    renew();
    pool = p;
    pools.set(deps, pool);
  }
  return pool;
}

/**
 * Sends `requests` as few $batch calls as pacing allows. Sub-requests answered 429/503/504 are sent
 * again (alone, never the ones that already succeeded) after their own Retry-After, or after an
 * exponential backoff with full jitter when Graph gave none; a 424 is resent with its failed
 * dependency. Results come back in input order, one per request, failures included.
 */
export async function runBatch(deps: BatchDeps, requests: BatchRequest[]): Promise<BatchResult[]> {
  const byId = new Map<string, Item>();
  const items: Item[] = requests.map((req) => {
    if (byId.has(req.id)) throw new AppError('BAD_INPUT', `Duplicate $batch request id '${req.id}'`);
    const it: Item = { req, rules: graphPaceRules(req.method, req.url), attempts: 0, notBefore: 0, final: false, inFlight: false };
    byId.set(req.id, it);
    return it;
  });
  for (const it of items) {
    for (const d of it.req.dependsOn ?? []) {
      if (!byId.has(d)) throw new AppError('BAD_INPUT', `$batch request '${it.req.id}' depends on unknown id '${d}'`);
    }
  }
  const groups = dependencyGroups(items, byId);
  for (const g of groups) {
    if (g.length > MAX_BATCH_SIZE)
      throw new AppError('BAD_INPUT', `A dependsOn chain of ${g.length} requests cannot fit one $batch (max ${MAX_BATCH_SIZE})`);
  }
  const own: Submission = { items, groups, byId };
  for (const it of items) it.sub = own;
  const pool = poolFor(deps);
  pool.subs.add(own);
  try {
    // Calls started side by side (Promise.all over streams) join the pool before the first choice.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await work(deps, pool, own);
  } finally {
    pool.subs.delete(own);
  }
  return items.map((it) => it.result!);
}

const openGroups = (sub: Submission) => sub.groups.map((g) => g.filter((it) => !it.final)).filter((g) => g.length > 0);

/** This call's loop: one $batch at a time, chosen from the whole pool, until its own requests are done. */
async function work(deps: BatchDeps, pool: Pool, own: Submission): Promise<void> {
  for (;;) {
    if (own.error !== undefined) throw own.error;
    if (openGroups(own).length === 0) return;
    const open = [...pool.subs].flatMap(openGroups);
    const idle = open.filter((g) => g.every((it) => !it.inFlight));
    const now = deps.now();
    const ready = byUrgency(
      idle.filter((g) => g.every((it) => it.notBefore <= now)),
      open,
    );
    const chosen: Item[] = [];
    const planned = new Map<string, number>();
    let soonest = Infinity;
    for (const g of ready) {
      if (chosen.length + g.length > MAX_BATCH_SIZE) continue;
      const local = new Map(planned);
      let wait = 0;
      for (const it of g) {
        wait = Math.max(wait, deps.pacer.waitMs(it.rules, local));
        for (const r of it.rules) local.set(r.key, (local.get(r.key) ?? 0) + 1);
      }
      if (wait === 0) {
        chosen.push(...g);
        for (const [k, v] of local) planned.set(k, v);
      } else if (chosen.length === 0 && wait === Infinity && g.every((it) => deps.pacer.waitMs(it.rules) === 0)) {
        // A chain that needs more slots than a key ever has at once: send it and let retries absorb the rest.
        chosen.push(...g);
        for (const [k, v] of local) planned.set(k, v);
      } else if (wait !== Infinity) soonest = Math.min(soonest, wait);
      if (chosen.length >= MAX_BATCH_SIZE) break;
    }
    if (chosen.length === 0) {
      const waiting = idle.filter((g) => g.some((it) => it.notBefore > now));
      const nextReady = waiting.length > 0 ? Math.min(...waiting.map((g) => Math.max(...g.map((it) => it.notBefore)))) : Infinity;
      const until = Math.min(soonest, nextReady > now ? nextReady - now : Infinity);
      if (idle.length === 0) {
        // Everything left is on the wire in another call's $batch: wait for that send to finish.
        await pool.changed;
        continue;
      }
      await Promise.race([pool.changed, deps.sleep(Math.max(1, until === Infinity ? 1000 : until))]);
      continue;
    }
    for (const it of chosen) it.inFlight = true;
    try {
      await sendOne(deps, chosen);
    } catch (e) {
      // No answer to read: every call with a request in this $batch fails, as a lone call did before.
      for (const it of chosen) it.sub!.error ??= e;
    } finally {
      for (const it of chosen) it.inFlight = false;
      pool.signal();
    }
  }
}

async function sendOne(deps: BatchDeps, chosen: Item[]): Promise<void> {
  const wire = wireIds(chosen);
  const tickets = chosen.map((it) => deps.pacer.reserve(it.rules));
  for (const it of chosen) {
    it.attempts++;
    if (it.attempts === 1) deps.counters.graphOperations++;
    else deps.counters.retries++;
  }
  let res: Awaited<ReturnType<BatchDeps['post']>> | undefined;
  try {
    res = await deps.post(batchBody(chosen, wire));
  } finally {
    // A client-side timeout comes back as a synthetic 504: no answer, so nothing is known about the return leg.
    const answered = res !== undefined && !res.headers['x-client-timeout'];
    for (const t of tickets) deps.pacer.settle(t, answered);
  }
  const now = deps.now();
  const answers = answersOf(res);
  for (const it of chosen) settleItem(deps, it, answerFor(res, answers, wire.get(it)!), now);
  retryWithDependencies(deps, chosen);
  failDependentsOfFailures(chosen);
}

type BatchAnswer = { status: number; headers: Record<string, string>; body: any };
type BatchResponse = Awaited<ReturnType<BatchDeps['post']>>;

const depOf = (it: Item, d: string) => it.sub!.byId.get(d)!;

/** Ids are unique within one call; requests of several calls may share one, so those get a suffix on the wire. */
function wireIds(chosen: Item[]): Map<Item, string> {
  const wire = new Map<Item, string>();
  const used = new Set<string>();
  chosen.forEach((it, k) => {
    const id = used.has(it.req.id) ? `${it.req.id}~${k}` : it.req.id;
    used.add(id);
    wire.set(it, id);
  });
  return wire;
}

function batchBody(chosen: Item[], wire: Map<Item, string>): { requests: Record<string, unknown>[] } {
  return {
    requests: chosen.map((it) => {
      const r: Record<string, unknown> = { id: wire.get(it)!, method: it.req.method, url: it.req.url };
      const headers = { ...(it.req.headers ?? {}) };
      if (it.req.body !== undefined) {
        r.body = it.req.body;
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      }
      if (Object.keys(headers).length > 0) r.headers = headers;
      const onWire = (it.req.dependsOn ?? []).map((d) => wire.get(depOf(it, d))).filter((d): d is string => d !== undefined);
      if (onWire.length > 0) r.dependsOn = onWire;
      return r;
    }),
  };
}

function answersOf(res: BatchResponse): Map<string, BatchAnswer> {
  const answers = new Map<string, BatchAnswer>();
  if (res.status >= 200 && res.status < 300 && Array.isArray(res.body?.responses)) {
    for (const r of res.body.responses)
      answers.set(String(r.id), { status: Number(r.status), headers: lowerHeaders(r.headers), body: r.body ?? null });
  }
  return answers;
}

/** A whole-batch failure (or a missing answer) is every sub-request's failure. */
function answerFor(res: BatchResponse, answers: Map<string, BatchAnswer>, wireId: string): BatchAnswer {
  const a = answers.get(wireId);
  if (a) return a;
  if (res.status < 200 || res.status >= 300) return { status: res.status, headers: res.headers, body: res.body };
  return {
    status: 504,
    headers: {},
    body: { error: { code: 'MissingBatchResponse', message: 'The $batch answer had no response for this request' } },
  };
}

/** Records an answer: final, or scheduled for a retry after Retry-After or a jittered back-off. */
function settleItem(deps: BatchDeps, it: Item, a: BatchAnswer, now: number): void {
  it.result = { id: it.req.id, status: a.status, headers: a.headers, body: a.body, attempts: it.attempts };
  if (a.status === 429) deps.counters.throttled++;
  // The gate: every stream's requests under the same limits wait out this Retry-After too.
  const gateMs = BACKOFF_GATE_STATUS.has(a.status) ? retryAfterMs(a.headers['retry-after'], now) : undefined;
  if (gateMs !== undefined) deps.pacer.pause(it.rules, now + gateMs);
  if (RETRYABLE_STATUS.has(a.status) && it.attempts <= deps.maxRetries) {
    const ra = retryAfterMs(a.headers['retry-after'], now);
    const backoff = deps.random() * Math.min(deps.backoffMaxMs, deps.backoffBaseMs * 2 ** (it.attempts - 1));
    it.notBefore = now + (ra ?? backoff);
    deps.logger.debug(
      { id: it.req.id, status: a.status, waitMs: Math.round(it.notBefore - now), attempt: it.attempts },
      '$batch sub-request will be retried',
    );
  } else {
    it.final = a.status !== 424;
  }
}

/** 424 = a dependency failed: resend with it if it will be retried, otherwise the 424 stands. */
function retryWithDependencies(deps: BatchDeps, chosen: Item[]): void {
  for (const it of chosen) {
    if (it.final || it.result?.status !== 424) continue;
    const pending = (it.req.dependsOn ?? []).map((d) => depOf(it, d)).filter((d) => !d.final);
    if (pending.length > 0 && it.attempts <= deps.maxRetries) it.notBefore = Math.max(...pending.map((d) => d.notBefore));
    else it.final = true;
  }
}

/** Anything whose dependency ended in failure cannot run any more. */
function failDependentsOfFailures(chosen: Item[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const it of new Set(chosen.flatMap((c) => c.sub!.items))) {
      if (it.final) continue;
      const failedDep = (it.req.dependsOn ?? [])
        .map((d) => depOf(it, d))
        .find((d) => d.final && (d.result!.status < 200 || d.result!.status >= 300));
      if (!failedDep) continue;
      it.final = true;
      it.result = {
        id: it.req.id,
        status: 424,
        headers: {},
        body: { error: { code: 'FailedDependency', message: `Dependency '${failedDep.req.id}' failed with ${failedDep.result!.status}` } },
        attempts: it.attempts,
      };
      changed = true;
    }
  }
}

/**
 * Most constrained work first: a group's urgency is how many windows its rate-limit keys still
 * need for all open requests of the pool (summed over its keys): a channel with 32 removals left
 * needs 8 s at 4/s, one with 2 needs 0.5 s. Sending in list order would give the busiest channel
 * one slot per round while the shared class budget ("Other API calls", 30/s) goes to channels that
 * could wait, and the run ends on its long tail.
 */
function byUrgency(ready: Item[][], open: Item[][]): Item[][] {
  if (ready.length < 2) return ready;
  const load = new Map<string, number>();
  for (const g of open) for (const it of g) for (const r of it.rules) load.set(r.key, (load.get(r.key) ?? 0) + 1 / r.max);
  // Requests competing for one key share its load, so their order comes from their other keys.
  const urgency = (g: Item[]) => {
    let sum = 0;
    for (const it of g) for (const r of it.rules) sum += load.get(r.key)!;
    return sum;
  };
  return ready
    .map((g, i) => ({ g, i, u: urgency(g) }))
    .sort((a, b) => b.u - a.u || a.i - b.i)
    .map((x) => x.g);
}

/** Requests linked by dependsOn (in either direction) form one group that travels together. */
function dependencyGroups(items: Item[], byId: Map<string, Item>): Item[][] {
  const parent = new Map<Item, Item>();
  const find = (x: Item): Item => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p)!;
    parent.set(x, p);
    return p;
  };
  for (const it of items) {
    for (const d of it.req.dependsOn ?? []) {
      const a = find(it);
      const b = find(byId.get(d)!);
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<Item, Item[]>();
  for (const it of items) {
    const root = find(it);
    const g = groups.get(root) ?? [];
    g.push(it);
    groups.set(root, g);
  }
  return [...groups.values()];
}
