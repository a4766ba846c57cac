import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { AppError } from '../src/errors/app-error';
import type { Logger } from '../src/ports/logger';
import type { GraphStats, Result } from '../src/ports/teams-directory';
import type { GraphAuth } from './graph-auth';
import { graphError } from './graph-errors';
import { BACKOFF_GATE_STATUS, retryAfterMs, runBatch, type BatchDeps, type BatchRequest, type BatchResult } from './batch';
import { graphPaceRules, RequestPacer } from './request-pacer';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphResponse<T = any> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: T;
}

export interface GraphClientOptions {
  /** GRAPH_BASE_URL, e.g. https://graph.microsoft.com/v1.0 */
  graphBaseUrl: string;
  auth: GraphAuth;
  logger: Logger;
  /** Retries per request / sub-request after 429/503/504/timeouts (GRAPH_MAX_RETRIES). */
  maxRetries?: number;
  /** Injected so tests need not really wait; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Per HTTP attempt; an attempt that takes longer is treated like a 504. */
  requestTimeoutMs?: number;
  /** Client-side pacing under Graph's Teams limits (default on). */
  pacing?: boolean;
  /** First backoff step when a retryable answer has no Retry-After (full jitter, doubling). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface CallOptions {
  /** Names the operation in errors and logs. */
  operation?: string;
  headers?: Record<string, string>;
  /** False for transport-only calls (the $batch POST) whose sub-requests are counted themselves. */
  countOperation?: boolean;
  /** Another Graph version on the same host as GRAPH_BASE_URL (e.g. 'beta'); default the configured one. */
  version?: string;
}

export interface GraphClient {
  /** `${origin}/${version}` without trailing slash. */
  readonly graphBaseUrl: string;
  /** Sends one request; answers with any HTTP status (throws only when no answer came). */
  send<T = any>(method: HttpMethod, path: string, body?: unknown, opts?: CallOptions): Promise<GraphResponse<T>>;
  /** Like send, but a non-2xx answer becomes an AppError. */
  call<T = any>(method: HttpMethod, path: string, body?: unknown, opts?: CallOptions): Promise<T>;
  /** Every item of a collection, following `@odata.nextLink`. */
  listAll<T = any>(path: string, opts?: CallOptions): Promise<T[]>;
  /** JSON batching with splitting, dependsOn, pacing and per-sub-request retries. */
  batch(requests: BatchRequest[]): Promise<BatchResult[]>;
  /** Several collections read through $batch, each followed across its pages. */
  batchListAll<T = any>(entries: { key: string; url: string }[], operation?: string): Promise<Map<string, Result<T[]>>>;
  /** A nextLink or absolute Graph URL made relative to the version root ('/teams/...'). */
  toRelative(url: string): string;
  stats(): GraphStats;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const TIMEOUT_HEADER = 'x-client-timeout';

/** Methods that may be sent again after a timeout without risking a duplicate (POST could create twice). */
function safeToResend(method: string, url: string): boolean {
  if (method !== 'POST') return true;
  // $batch resends only what failed; members/add of someone already in the team is a no-op.
  return /\/(\$batch|members\/add)(\?|$)/.test(url);
}

export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const base = new URL(opts.graphBaseUrl);
  if (base.protocol !== 'https:') {
    // The SDK only attaches the token to https hosts; failing here beats a confusing 401 later.
    throw new AppError('CONFIG_INVALID', `GRAPH_BASE_URL must be https (got ${base.protocol}//${base.host})`);
  }
  const origin = base.origin;
  const version = base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const graphBaseUrl = `${origin}/${version}`;
  const log = opts.logger.child('graph');
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const maxRetries = opts.maxRetries ?? 6;
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const pacer = new RequestPacer({ now, sleep, enabled: opts.pacing ?? true });
  const counters: GraphStats = { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 };

  const toRelative = (url: string): string => {
    if (url.startsWith(graphBaseUrl)) return url.slice(graphBaseUrl.length) || '/';
    if (/^https?:\/\//i.test(url)) {
      const u = new URL(url);
      return (u.pathname.replace(/^\/[^/]+/, '') || '/') + u.search;
    }
    return url.startsWith('/') ? url : `/${url}`;
  };

  // Counts, paces and times out every HTTP attempt (first tries and the SDK's retries alike).
  let nextHandler: Middleware | undefined;
  const instrument: Middleware & { setNext(next: Middleware): void } = {
    async execute(context: Context): Promise<void> {
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      const method = (context.options?.method ?? 'GET').toUpperCase();
      const rules = graphPaceRules(method, toRelative(url));
      const ticket = await pacer.acquire(rules);
      counters.httpRequests++;
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      context.options = { ...(context.options ?? {}), signal: ac.signal };
      let answered = true;
      try {
        await nextHandler!.execute(context);
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
        if (cause?.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(cause.code)) {
          // Retrying cannot fix trust; say what to do instead.
          throw new AppError(
            'UPSTREAM',
            `the TLS certificate of ${origin} is not trusted (${cause.code}); for a local emulator start Node with NODE_EXTRA_CA_CERTS pointing at its CA file`,
            { cause: e },
          );
        }
        // No answer at all (timeout, reset): a synthetic 504 lets the retry logic treat it like a gateway timeout.
        answered = false;
        const reason = ac.signal.aborted
          ? `no answer within ${timeoutMs} ms`
          : [(e as Error)?.message ?? String(e), cause?.code ?? cause?.message].filter(Boolean).join(': ');
        log.warn({ method, path: toRelative(url).split('?')[0], reason }, 'graph request got no answer');
        context.response = new Response(JSON.stringify({ error: { code: 'ClientTimeout', message: `Graph did not answer: ${reason}` } }), {
          status: 504,
          headers: { 'content-type': 'application/json', [TIMEOUT_HEADER]: '1' },
        });
      } finally {
        clearTimeout(timer);
        pacer.settle(ticket, answered);
      }
      const status = context.response?.status ?? 0;
      if (status === 429) counters.throttled++;
      // The back-off gate: the SDK's RetryHandler waits out this Retry-After for this request; the
      // pause makes every other request under the same limits (any $batch stream) wait it out too.
      const gateMs = BACKOFF_GATE_STATUS.has(status)
        ? retryAfterMs(context.response?.headers.get('retry-after') ?? undefined, now())
        : undefined;
      if (gateMs !== undefined) pacer.pause(rules, now() + gateMs);
    },
    setNext(next: Middleware) {
      nextHandler = next;
    },
  };

  const retryOptions = new RetryHandlerOptions(
    Math.min(180, Math.max(0, (opts.backoffBaseMs ?? 1000) / 1000)),
    Math.min(10, maxRetries), // the SDK caps its retries at 10
    (_delay, _attempt, request, options, response) => {
      const method = (options?.method ?? 'GET').toUpperCase();
      const url = typeof request === 'string' ? request : request.url;
      if (response.headers.get(TIMEOUT_HEADER) && !safeToResend(method, url)) return false;
      counters.retries++;
      log.debug(
        { method, path: toRelative(url).split('?')[0], status: response.status, retryAfter: response.headers.get('retry-after') },
        'graph retry',
      );
      return true;
    },
  );
  const retry = new RetryHandler(retryOptions);
  // The SDK sleeps with setTimeout; routing it through our sleep keeps tests fast and deterministic.
  (retry as unknown as { sleep: (seconds: number) => Promise<void> }).sleep = (seconds) => sleep(seconds * 1000);

  const auth = new AuthenticationHandler({ getAccessToken: () => opts.auth.getAccessToken() });
  auth.setNext(retry);
  retry.setNext(instrument);
  instrument.setNext(new HTTPMessageHandler());

  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: origin,
    defaultVersion: version,
    // Without this the SDK withholds the token from any host but graph.microsoft.com (host name, no port).
    customHosts: new Set([base.hostname]),
  });

  async function send<T>(method: HttpMethod, path: string, body?: unknown, callOpts: CallOptions = {}): Promise<GraphResponse<T>> {
    if (callOpts.countOperation !== false) counters.graphOperations++;
    // Fetched here first (a cache hit afterwards) because the SDK flattens auth errors into GraphError.
    await opts.auth.getAccessToken();
    const req = client.api(path).responseType(ResponseType.RAW);
    if (callOpts.headers) req.headers(callOpts.headers);
    if (callOpts.version) req.version(callOpts.version);
    let raw: Response;
    try {
      switch (method) {
        case 'GET':
          raw = await req.get();
          break;
        case 'POST':
          raw = await req.post(body ?? {});
          break;
        case 'PATCH':
          raw = await req.patch(body ?? {});
          break;
        case 'PUT':
          raw = await req.put(body ?? {});
          break;
        case 'DELETE':
          raw = await req.delete();
          break;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError(
        'UPSTREAM',
        `Graph ${callOpts.operation ?? method + ' ' + path.split('?')[0]} failed: ${(e as Error)?.message ?? e}`,
        {
          details: { operation: callOpts.operation, method },
          cause: e,
        },
      );
    }
    const headers: Record<string, string> = {};
    raw.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const text = raw.status === 204 ? '' : await raw.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (raw.status >= 400) {
      log.debug({ method, path: path.split('?')[0], status: raw.status, code: (parsed as any)?.error?.code }, 'graph error answer');
    }
    return { status: raw.status, headers, body: parsed as T };
  }

  async function call<T>(method: HttpMethod, path: string, body?: unknown, callOpts: CallOptions = {}): Promise<T> {
    const res = await send<T>(method, path, body, callOpts);
    if (res.status >= 200 && res.status < 300) return res.body;
    throw graphError(
      callOpts.operation ?? `${method} ${path.split('?')[0]}`,
      res.status,
      res.body,
      res.headers[TIMEOUT_HEADER] ? { timeout: true, outcomeUnknown: method !== 'GET' } : {},
    );
  }

  async function listAll<T>(path: string, callOpts: CallOptions = {}): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: { value?: T[]; '@odata.nextLink'?: string } = await call('GET', next, undefined, callOpts);
      out.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    return out;
  }

  const batchDeps: BatchDeps = {
    post: (body) => send('POST', '/$batch', body, { operation: '$batch', countOperation: false }),
    pacer,
    sleep,
    now,
    random,
    maxRetries,
    backoffBaseMs: opts.backoffBaseMs ?? 1000,
    backoffMaxMs: opts.backoffMaxMs ?? 32_000,
    counters,
    logger: log,
  };

  async function batchListAll<T>(entries: { key: string; url: string }[], operation = 'list'): Promise<Map<string, Result<T[]>>> {
    const acc = new Map<string, T[]>();
    const out = new Map<string, Result<T[]>>();
    let round = entries.map((e) => ({ key: e.key, url: e.url }));
    for (const e of entries) acc.set(e.key, []);
    while (round.length > 0) {
      const results = await runBatch(
        batchDeps,
        round.map((e, i) => ({ id: String(i + 1), method: 'GET' as const, url: e.url })),
      );
      const nextRound: { key: string; url: string }[] = [];
      results.forEach((r, i) => {
        const key = round[i]!.key;
        if (r.status >= 200 && r.status < 300) {
          acc.get(key)!.push(...((r.body?.value as T[]) ?? []));
          const link = r.body?.['@odata.nextLink'];
          if (typeof link === 'string') nextRound.push({ key, url: toRelative(link) });
          else out.set(key, { ok: true, value: acc.get(key)! });
        } else {
          out.set(key, { ok: false, error: graphError(operation, r.status, r.body, { key }) });
        }
      });
      round = nextRound;
    }
    return out;
  }

  return {
    graphBaseUrl,
    send,
    call,
    listAll,
    batch: (requests) => runBatch(batchDeps, requests),
    batchListAll,
    toRelative,
    stats: () => ({ ...counters }),
  };
}
