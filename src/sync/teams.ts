import type { ChannelInfo } from '../ports/teams-directory';
import { customerIdFromDescription } from './channel-naming';

/*
 * More than one team (TEAM_IDS, issue 15.5). A team holds at most 1,000 channels, deleted ones
 * included for 30 days (docs/graph-limits.md), and Graph does not say how many a team has left: a
 * full team is known when it refuses a create (403 "exceeded the max allowed channels"). Teams fill
 * in the configured order; each account keeps the team its channel is in.
 */

/** The configured teams in fill order (SyncSettings.teamIds, else the single teamId). */
export function syncTeams(settings: { teamId: string; teamIds?: readonly string[] }): string[] {
  return settings.teamIds?.length ? [...settings.teamIds] : [settings.teamId];
}

/**
 * Where new channels go: the last configured team that already holds an account channel (the ones
 * before it filled up first), else the first. A full one is passed over at create (channel-actions).
 */
export function placementTeam(
  teams: readonly string[],
  channels: readonly ChannelInfo[],
  channelTeams: ReadonlyMap<string, string>,
): string {
  let last = 0;
  for (const c of channels) {
    if (!customerIdFromDescription(c.description)) continue;
    const i = teams.indexOf(channelTeams.get(c.id) ?? '');
    if (i > last) last = i;
  }
  return teams[last]!;
}

/** The team after `teamId` in fill order that is not known to be full, if any. */
export function nextTeam(teams: readonly string[], teamId: string, full: ReadonlySet<string>): string | undefined {
  return teams.slice(teams.indexOf(teamId) + 1).find((t) => !full.has(t));
}

/** Splits items by team, keeping their order within each team. */
export function byTeam<T>(items: readonly T[], teamOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const t = teamOf(item);
    out.set(t, [...(out.get(t) ?? []), item]);
  }
  return out;
}
