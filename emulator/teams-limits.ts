import type { LimitCheck } from './throttle';

/**
 * The service's side of Graph throttling for Teams, written from the documentation alone (it does
 * not import or copy the app's pacer, so a misread on one side shows up as 429s on the other).
 *
 * Source: "Microsoft Graph service-specific throttling limits" (learn.microsoft.com/graph/throttling-limits),
 * section "Microsoft Teams service limits", column "Limit per app per tenant". Rows are tried in
 * order; the first whose method and path match is the request's row. The two "Other" rows take
 * whatever no named row covers. Every request also counts against "a maximum of 4 requests per
 * second per app ... on a given team or channel".
 */
export interface TeamsLimitRow {
  /** The row's "Teams request type" text, as the table words it. */
  row: string;
  rps: number;
  methods: readonly string[];
  /** Matched against the path with ids replaced by '{id}', lower-cased, e.g. '/teams/{id}/channels/{id}/members'. */
  path: RegExp;
}

const ANY = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const TEAMS_LIMIT_ROWS: readonly TeamsLimitRow[] = [
  { row: 'GET /teams/{team-id}, joinedTeams', rps: 30, methods: ['GET'], path: /^\/teams\/\{id\}$/ },
  { row: 'GET /teams/{team-id}/members', rps: 60, methods: ['GET'], path: /^\/teams\/\{id\}\/members$/ },
  { row: 'GET /teams/{team-id}/channels', rps: 60, methods: ['GET'], path: /^\/teams\/\{id\}\/channels$/ },
  {
    row: 'GET /teams/{team-id}/channels/{channel-id}/members',
    rps: 60,
    methods: ['GET'],
    path: /^\/teams\/\{id\}\/channels\/\{id\}\/members$/,
  },
  { row: 'GET channel message', rps: 20, methods: ['GET'], path: /\/channels\/\{id\}\/messages(\/|$)/ },
  { row: 'POST channel message', rps: 50, methods: ['POST'], path: /\/channels\/\{id\}\/messages(\/\{id\}\/replies)?$/ },
  {
    row: 'GET team, channel, tab, installedApps, appCatalogs',
    rps: 30,
    methods: ['GET'],
    path: /^\/teams\/\{id\}(\/channels\/\{id\}(\/tabs(\/\{id\})?)?|\/installedapps(\/\{id\})?)$/,
  },
  {
    row: 'POST/PUT channel, tab, installedApps, appCatalogs',
    rps: 30,
    methods: ['POST', 'PUT'],
    path: /^\/teams\/\{id\}(\/channels|\/channels\/\{id\}\/tabs|\/installedapps)$/,
  },
  {
    row: 'PATCH team, channel, tab, installedApps, appCatalogs',
    rps: 30,
    methods: ['PATCH'],
    path: /^\/teams\/\{id\}(\/channels\/\{id\}(\/tabs\/\{id\})?|\/installedapps\/\{id\})?$/,
  },
  {
    row: 'DELETE channel, tab, installedApps, appCatalogs',
    rps: 15,
    methods: ['DELETE'],
    path: /^\/teams\/\{id\}(\/channels\/\{id\}(\/tabs\/\{id\})?|\/installedapps\/\{id\})$/,
  },
  { row: 'Other GET API calls for Microsoft Teams', rps: 30, methods: ['GET'], path: /^\/teams\// },
  { row: 'Other API calls for Microsoft Teams', rps: 30, methods: ANY, path: /^\/teams\// },
];

/** "A maximum of 4 requests per second per app can be issued on a given team or channel." */
export const PER_TEAM_OR_CHANNEL_RPS = 4;

/** Segments that name a collection; anything after one of them is an id. */
const COLLECTIONS = new Set(['teams', 'channels', 'members', 'tabs', 'installedapps', 'messages', 'replies']);

/** Actions that follow a collection name but are not ids (members/add, enabledApps/$ref). */
const ACTIONS = new Set(['add', 'remove', '$ref', '$count']);

/** '/teams/T/channels/C/members/M' -> '/teams/{id}/channels/{id}/members/{id}'. */
function shapeOf(path: string): string {
  const segs = path
    .split('?')[0]!
    .split('/')
    .filter(Boolean)
    .map((s) => s.toLowerCase());
  return '/' + segs.map((s, i) => (i > 0 && COLLECTIONS.has(segs[i - 1]!) && !ACTIONS.has(s) ? '{id}' : s)).join('/');
}

/** The table row a request falls under, or undefined outside /teams/{id} (users, drives: other services). */
export function teamsRowOf(method: string, path: string): TeamsLimitRow | undefined {
  const shape = shapeOf(path);
  if (!/^\/teams\/\{id\}/.test(shape)) return undefined;
  const m = method.toUpperCase();
  return TEAMS_LIMIT_ROWS.find((r) => r.methods.includes(m) && r.path.test(shape));
}

/** The team or channel a request is "issued on": the channel when the path names one, else the team. */
export function teamsTargetOf(path: string): string | undefined {
  const m = /^\/teams\/([^/?]+)(?:\/channels\/([^/?]+))?/i.exec(path);
  if (!m) return undefined;
  return m[2] ? `channel:${decodeSafe(m[2])}` : `team:${decodeSafe(m[1]!)}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s).toLowerCase();
  } catch {
    return s.toLowerCase();
  }
}

/** Limits one Graph request counts against, per app per tenant (empty outside Teams). */
export function teamsLimitChecks(appId: string, tenantId: string, method: string, path: string): LimitCheck[] {
  const row = teamsRowOf(method, path);
  const target = teamsTargetOf(path);
  if (!row || !target) return [];
  return [
    { key: `graph|${tenantId}|${appId}|row:${row.row}`, limit: { max: row.rps, windowMs: 1000 } },
    { key: `graph|${tenantId}|${appId}|${target}`, limit: { max: PER_TEAM_OR_CHANNEL_RPS, windowMs: 1000 } },
  ];
}

/**
 * What a Retry-After from this request covers: the limits it counts against (Graph does not say
 * which one was hit, so all of them), or, outside Teams, the whole service it belongs to.
 */
export function retryAfterScope(appId: string, tenantId: string, method: string, path: string): string[] {
  const teams = teamsLimitChecks(appId, tenantId, method, path).map((c) => c.key);
  if (teams.length > 0) return teams;
  const service = path.split('?')[0]!.split('/').filter(Boolean)[0]?.toLowerCase() ?? '';
  return [`graph|${tenantId}|${appId}|service:${service}`];
}
