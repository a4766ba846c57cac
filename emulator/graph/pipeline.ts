import crypto from 'node:crypto';
import type { Clock } from '../../src/ports/clock';
import { EmulatorHttpError, graphErrorBody } from '../errors';
import type { FaultInjector } from '../faults';
import type { Router } from '../router';
import type { RetryAfterWatch } from '../retry-after-watch';
import { retryAfterScope, teamsLimitChecks } from '../teams-limits';
import type { SlidingWindowLimiter } from '../throttle';
import type { LoggedRequest } from '../types';
import type { GraphCtx, GraphHandler, GraphRequest, HandlerResult } from './context';

export interface GraphOutcome extends HandlerResult {
  /** Fault injection chose to hold the response and drop the connection (top-level requests only). */
  timeout?: boolean;
}

export interface GraphPipelineDeps {
  ctx: GraphCtx;
  router: Router<GraphHandler>;
  limiter: SlidingWindowLimiter;
  faults: FaultInjector;
  clock: Clock;
  throttling: () => boolean;
  log: (r: LoggedRequest) => void;
  retryAfter: RetryAfterWatch;
  /** How long an answer takes to reach the client (the emulated latency). */
  deliveryDelayMs: () => number;
}

/** Runs one Graph request (top-level or a $batch sub-request): faults, throttling, routing, errors. */
export class GraphPipeline {
  constructor(private readonly d: GraphPipelineDeps) {}

  errorResult(
    status: number,
    code: string,
    message: string,
    clientRequestId?: string,
    headers: Record<string, string> = {},
  ): HandlerResult {
    const requestId = crypto.randomUUID();
    return {
      status,
      headers: { ...headers, 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId },
      body: graphErrorBody(code, message, requestId, clientRequestId, this.d.clock.now()),
    };
  }

  run(req: GraphRequest, opts: { batchId?: string } = {}): GraphOutcome {
    const clientRequestId = req.headers['client-request-id'];
    const entry: LoggedRequest = {
      at: this.d.clock.now().toISOString(),
      method: req.method,
      path: `/${req.version ?? 'v1.0'}${req.path}`,
      status: 0,
      appId: req.appId,
    };
    if (opts.batchId) entry.batchId = opts.batchId;
    const finish = (r: GraphOutcome, extra: Partial<LoggedRequest> = {}): GraphOutcome => {
      this.d.log({ ...entry, ...extra, status: r.timeout ? 0 : r.status });
      return r;
    };

    const nowMs = this.d.clock.now().getTime();
    const scope = retryAfterScope(req.appId, this.d.ctx.tenantId, req.method, req.path);
    if (this.d.retryAfter.inside(scope, req.arrivedAtMs ?? nowMs)) {
      this.d.ctx.store.count('insideRetryAfter');
      entry.insideRetryAfter = true;
    }
    const announce = (sec: number) => this.d.retryAfter.announce(scope, nowMs, sec, this.d.deliveryDelayMs());

    const fault = this.d.faults.next();
    if (fault) {
      this.d.ctx.store.count(`fault${fault}`);
      const o = this.d.faults.options!;
      const retryAfter = { 'Retry-After': String(o.retryAfterSec) };
      if (fault === '429' || fault === '503') announce(o.retryAfterSec);
      if (fault === '429')
        return finish(this.errorResult(429, 'TooManyRequests', 'Too many requests (injected fault).', clientRequestId, retryAfter), {
          fault,
        });
      if (fault === '503')
        return finish(this.errorResult(503, 'ServiceUnavailable', 'Service unavailable (injected fault).', clientRequestId, retryAfter), {
          fault,
        });
      // A write whose answer is lost may still have been carried out: the request reached the service.
      if (o.timeoutsAfterWork && req.method !== 'GET') this.carryOut(req);
      // Inside a batch the gateway reports a timed-out sub-request as 504.
      if (opts.batchId)
        return finish(this.errorResult(504, 'GatewayTimeout', 'The request timed out (injected fault).', clientRequestId), { fault });
      return finish({ status: 0, timeout: true }, { fault });
    }

    if (this.d.throttling()) {
      const verdict = this.d.limiter.tryAcquire(teamsLimitChecks(req.appId, this.d.ctx.tenantId, req.method, req.path), nowMs);
      if (!verdict.ok) {
        announce(verdict.retryAfterSec);
        this.d.ctx.store.count('graphThrottled');
        return finish(
          this.errorResult(
            429,
            'TooManyRequests',
            `Too many requests; limit reached for ${verdict.key.split('|').slice(3).join('|')}. Retry after ${verdict.retryAfterSec} s.`,
            clientRequestId,
            { 'Retry-After': String(verdict.retryAfterSec) },
          ),
          { throttled: true, limit: verdict.key.split('|').slice(3).join('|') },
        );
      }
    }

    const m = this.d.router.match(req.method, req.path);
    if (!('handler' in m)) {
      if (m.methodMismatch)
        return finish(
          this.errorResult(405, 'Request_BadRequest', `The HTTP method '${req.method}' is not allowed for ${req.path}.`, clientRequestId),
        );
      const seg = req.path.split('/').filter(Boolean).pop() ?? '';
      return finish(this.errorResult(400, 'BadRequest', `Resource not found for the segment '${seg}'.`, clientRequestId));
    }
    try {
      this.d.ctx.store.count('graphRequests');
      const r = m.handler(this.d.ctx, req, m.params);
      const requestId = crypto.randomUUID();
      return finish({
        ...r,
        headers: { ...(r.headers ?? {}), 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId },
      });
    } catch (err) {
      if (err instanceof EmulatorHttpError)
        return finish(this.errorResult(err.status, err.code, err.message, clientRequestId, err.headers));
      return finish(this.errorResult(500, 'InternalServerError', (err as Error).message, clientRequestId));
    }
  }

  private carryOut(req: GraphRequest): void {
    const m = this.d.router.match(req.method, req.path);
    if (!('handler' in m)) return;
    try {
      m.handler(this.d.ctx, req, m.params);
    } catch {
      // Refused: nothing was done, and the answer is lost anyway.
    }
  }
}
