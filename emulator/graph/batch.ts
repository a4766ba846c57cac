import crypto from 'node:crypto';
import { graphErrorBody } from '../errors';
import type { GraphRequest, HandlerResult } from './context';
import type { GraphPipeline } from './pipeline';

/**
 * graph "Combine multiple requests in one HTTP call using JSON batching" (graph/json-batching):
 * at most 20 requests; `dependsOn` orders them and a failed dependency gives 424; each request is
 * evaluated (and throttled) on its own, so one may get 429 with its own Retry-After.
 */
const MAX_BATCH_REQUESTS = 20;

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export function runBatch(pipeline: GraphPipeline, envelope: GraphRequest, now: () => Date): HandlerResult {
  const cid = envelope.headers['client-request-id'];
  const requests = envelope.body?.requests as SubRequest[] | undefined;
  if (!Array.isArray(requests) || requests.length === 0)
    return pipeline.errorResult(400, 'BadRequest', 'Invalid batch payload: "requests" must be a non-empty array.', cid);
  if (requests.length > MAX_BATCH_REQUESTS)
    return pipeline.errorResult(
      400,
      'BadRequest',
      `Invalid batch payload: the number of requests (${requests.length}) exceeds the limit of ${MAX_BATCH_REQUESTS}.`,
      cid,
    );
  const byId = new Map<string, SubRequest>();
  for (const r of requests) {
    if (!r || typeof r.id !== 'string' || !r.id || typeof r.method !== 'string' || typeof r.url !== 'string') {
      return pipeline.errorResult(400, 'BadRequest', 'Invalid batch payload: each request needs id, method and url.', cid);
    }
    if (byId.has(r.id)) return pipeline.errorResult(400, 'BadRequest', `Invalid batch payload: duplicate request id '${r.id}'.`, cid);
    byId.set(r.id, r);
  }
  for (const r of requests) {
    for (const dep of r.dependsOn ?? []) {
      if (!byId.has(dep))
        return pipeline.errorResult(400, 'BadRequest', `Invalid batch payload: request '${r.id}' depends on unknown id '${dep}'.`, cid);
    }
  }

  const batchId = crypto.randomUUID();
  const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
  const visiting = new Set<string>();

  const exec = (r: SubRequest): number => {
    const done = results.get(r.id);
    if (done) return done.status;
    if (visiting.has(r.id)) throw new Error(`dependency cycle at '${r.id}'`);
    visiting.add(r.id);
    const failedDep = (r.dependsOn ?? []).find((d) => exec(byId.get(d)!) >= 400);
    if (failedDep !== undefined) {
      const requestId = crypto.randomUUID();
      results.set(r.id, {
        id: r.id,
        status: 424,
        headers: { 'Content-Type': 'application/json' },
        body: graphErrorBody('FailedDependency', `The request depends on request '${failedDep}', which failed.`, requestId, cid, now()),
      });
      return 424;
    }
    const rel = r.url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?((v1\.0|beta)\/)?/, '/');
    const [path, qs] = rel.split('?');
    let body = r.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        /* leave as text */
      }
    }
    const headers: Record<string, string | undefined> = { ...lowerKeys(r.headers ?? {}), 'client-request-id': cid };
    const out = pipeline.run(
      {
        method: r.method.toUpperCase(),
        path: path!,
        query: new URLSearchParams(qs ?? ''),
        body,
        headers,
        appId: envelope.appId,
        version: envelope.version,
        arrivedAtMs: envelope.arrivedAtMs,
      },
      { batchId },
    );
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(out.headers ?? {})) if (k === 'Retry-After') h[k] = v;
    if (out.body !== undefined) h['Content-Type'] = 'application/json';
    results.set(r.id, { id: r.id, status: out.status, headers: h, ...(out.body !== undefined ? { body: out.body } : {}) });
    return out.status;
  };

  try {
    for (const r of requests) exec(r);
  } catch (err) {
    return pipeline.errorResult(400, 'BadRequest', `Invalid batch payload: ${(err as Error).message}.`, cid);
  }
  return { status: 200, body: { responses: requests.map((r) => results.get(r.id)!) } };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
