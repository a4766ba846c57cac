import type { Store } from '../state';
import { badRequest } from '../errors';
import type { EmulatorRules, MemberRecord, UserRecord } from '../types';
import type { PageRule } from './page-sizes';

export interface GraphRequest {
  method: string;
  /** Path after `/v1.0`, starting with '/'. */
  path: string;
  query: URLSearchParams;
  body: any;
  headers: Record<string, string | undefined>;
  appId: string;
  /** Graph version the request came in on (some endpoints differ between v1.0 and beta). */
  version?: 'v1.0' | 'beta';
  /** When the request's headers reached the server (ms), before its body was read and its token checked. */
  arrivedAtMs?: number;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphCtx {
  store: Store;
  graphBaseUrl: string;
  /** Test option: at most this many per page on every paged list (undefined: each API's documented sizes). */
  pageSize?: number;
  maxPageSize?: number;
  maxChannelsPerTeam?: number;
  tenantId: string;
  /** Live rules (tests may change them while the emulator runs). */
  rules: EmulatorRules;
}

export type GraphHandler = (ctx: GraphCtx, req: GraphRequest, params: Record<string, string>) => HandlerResult;

export const ok = (body: unknown, status = 200): HandlerResult => ({ status, body });
export const noContent = (): HandlerResult => ({ status: 204 });

/** `user@odata.bind` values: ".../users('id-or-upn')" or ".../users/id-or-upn". */
export function userFromBind(ctx: GraphCtx, bind: unknown): UserRecord | undefined {
  if (typeof bind !== 'string') throw badRequest('Missing user@odata.bind');
  const m = /users\('([^']+)'\)/i.exec(bind) ?? /users\/([^/?]+)/i.exec(bind);
  if (!m) throw badRequest(`Invalid user@odata.bind: ${bind}`);
  return ctx.store.findUser(decodeURIComponent(m[1]!));
}

/** `teamsApp@odata.bind`: ".../appCatalogs/teamsApps/{id}" or "...teamsApps('id')". */
export function teamsAppIdFromBind(bind: unknown): string {
  if (typeof bind !== 'string') throw badRequest('Missing teamsApp@odata.bind');
  const m = /teamsApps\('([^']+)'\)/i.exec(bind) ?? /teamsApps\/([^/?]+)/i.exec(bind);
  if (!m) throw badRequest(`Invalid teamsApp@odata.bind: ${bind}`);
  return decodeURIComponent(m[1]!);
}

export function memberJson(ctx: GraphCtx, m: MemberRecord) {
  const u = ctx.store.users.get(m.userId);
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: m.id,
    roles: m.roles,
    displayName: u?.displayName ?? null,
    visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
    userId: m.userId,
    email: u?.mail ?? null,
    tenantId: ctx.tenantId,
  };
}

/** Supports the `prop eq 'value'` clauses the app uses (case-insensitive, like directory filters). */
export function applyFilter<T extends Record<string, unknown>>(items: T[], filter: string | null): T[] {
  if (!filter) return items;
  const clauses = filter.split(/\s+and\s+/i).map((c) => {
    const m = /^\s*([\w@.]+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(c);
    if (!m) throw badRequest(`Unsupported or invalid filter clause: ${c}`, 'BadRequest');
    return { prop: m[1]!, value: m[2]!.replace(/''/g, "'").toLowerCase() };
  });
  return items.filter((it) =>
    clauses.every((cl) => {
      const v = it[cl.prop];
      return typeof v === 'string' && v.toLowerCase() === cl.value;
    }),
  );
}

/** `$top` + opaque `$skiptoken` paging with `@odata.nextLink`, as Graph list endpoints answer (sizes per API: page-sizes.ts). */
export function page(ctx: GraphCtx, req: GraphRequest, items: unknown[], context: string, rule: PageRule): HandlerResult {
  const topRaw = req.query.get('$top');
  let top = rule.defaultSize;
  if (topRaw !== null && rule.paged) {
    top = Number(topRaw);
    if (!Number.isInteger(top) || top < 1) throw badRequest(`Invalid $top value: ${topRaw}`);
    // Graph refuses a larger page rather than shrinking it ("Must be between 1 and 999 inclusive").
    if (top > rule.maxTop) throw badRequest(`Invalid page size specified: '${top}'. Must be between 1 and ${rule.maxTop} inclusive.`);
  }
  if (rule.paged) top = Math.min(top, ctx.pageSize ?? Infinity, ctx.maxPageSize ?? Infinity);
  let offset = 0;
  const skip = req.query.get('$skiptoken');
  if (skip !== null) {
    const decoded = Number(Buffer.from(skip, 'base64url').toString('utf8').replace(/^o:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0) throw badRequest('Invalid $skiptoken');
    offset = decoded;
  }
  const slice = items.slice(offset, offset + top);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.graphBaseUrl}/$metadata#${context}` };
  if (offset + top < items.length) {
    const q = new URLSearchParams(req.query);
    q.set('$top', String(top));
    q.set('$skiptoken', Buffer.from(`o:${offset + top}`).toString('base64url'));
    // Graph writes system query options with a literal '$'.
    const qs = [...q.entries()].map(([k, v]) => `${encodeURIComponent(k).replace(/^%24/, '$')}=${encodeURIComponent(v)}`).join('&');
    body['@odata.nextLink'] = `${ctx.graphBaseUrl}${req.path}?${qs}`;
  }
  body.value = slice;
  return ok(body);
}
