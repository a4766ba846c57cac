import type { LoggedRequest } from '../emulator';
import { PER_TEAM_OR_CHANNEL_RPS, teamsRowOf, teamsTargetOf } from '../emulator/teams-limits';

/**
 * The fastest a sync's Graph requests could finish under the documented Teams limits (graph
 * "throttling-limits", Microsoft Teams rows, per app per tenant, and 4 requests/s per team or
 * channel; the table is emulator/teams-limits.ts, the service's side). Latency is ignored, so real
 * runs can only be slower.
 *
 * Two phases, one after the other: a complete plan needs the team's channels and members and every
 * account channel's members read first (the three "GET … members / channels" rows), and only then
 * can writes start. The bound is the reads' bound plus the bound of everything else.
 */
export function rateLimitLowerBoundSec(requests: readonly LoggedRequest[]): number {
  // A throttled request took no slot (the service did not run it); its retry is counted instead.
  const teams = requests.filter((r) => !r.throttled && r.path.startsWith('/v1.0/teams/'));
  const planReads = teams.filter((r) => isPlanRead(r));
  const rest = teams.filter((r) => !isPlanRead(r));
  return phaseBoundSec(planReads) + phaseBoundSec(rest);
}

const PLAN_READ_ROWS = new Set([
  'GET /teams/{team-id}/members',
  'GET /teams/{team-id}/channels',
  'GET /teams/{team-id}/channels/{channel-id}/members',
]);

function isPlanRead(r: LoggedRequest): boolean {
  return PLAN_READ_ROWS.has(teamsRowOf(r.method, r.path.slice('/v1.0'.length))?.row ?? '');
}

/** Requests that may all go at once: the busiest row or team/channel sets the pace. */
export function phaseBoundSec(requests: readonly LoggedRequest[]): number {
  const perRow = new Map<string, number>();
  const perTarget = new Map<string, number>();
  for (const r of requests) {
    const path = r.path.slice('/v1.0'.length);
    const row = teamsRowOf(r.method, path);
    const target = teamsTargetOf(path);
    if (!row || !target) continue;
    perRow.set(row.row, (perRow.get(row.row) ?? 0) + 1 / row.rps);
    perTarget.set(target, (perTarget.get(target) ?? 0) + 1 / PER_TEAM_OR_CHANNEL_RPS);
  }
  return Math.max(0, ...perRow.values(), ...perTarget.values());
}
