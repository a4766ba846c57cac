import { PAGE_RULES } from './page-sizes';
import { badRequest, conflict, EmulatorHttpError, notFound } from '../errors';
import type { ChannelRecord, EmulatorRules, TeamRecord } from '../types';
import { page, type GraphCtx, type GraphHandler } from './context';

/**
 * Apps in private and shared channels. Teams "Build apps for shared and private channels": an app
 * installed in the team is not usable in a private/shared channel until it is added to that channel;
 * graph "channel-post-enabledapps" adds it (`POST /teams/{id}/channels/{id}/enabledApps/$ref`, body
 * `{ "@odata.id": ".../appCatalogs/teamsApps/{app-id}" }`, answer 204): v1.0 only for shared
 * channels, beta for shared or private. graph "channel-list-enabledapps" lists them.
 */

/** Teams "Limits and specifications for Microsoft Teams" before the MC1134737 migration. */
const LEGACY_MAX_PRIVATE_CHANNELS = 30;
const LEGACY_MAX_PRIVATE_MEMBERS = 250;

/** Whether an app may act in a channel: standard channels inherit the team's apps. */
export function appUsableIn(rules: EmulatorRules, channel: ChannelRecord, teamsAppId: string | undefined): boolean {
  if (channel.membershipType === 'standard' || !rules.channelAppEnablement) return true;
  return !!teamsAppId && channel.enabledApps.includes(teamsAppId);
}

function appIdFromRef(ref: unknown): string {
  if (typeof ref !== 'string') throw badRequest('The request body must contain an @odata.id reference to a teamsApp.');
  const m = /appCatalogs\/teamsApps\/([^/?]+)$/i.exec(ref) ?? /teamsApps\('([^']+)'\)$/i.exec(ref);
  if (!m) throw badRequest(`Invalid @odata.id: ${ref}`);
  return decodeURIComponent(m[1]!);
}

function channelFor(ctx: GraphCtx, teamId: string, channelId: string): { t: TeamRecord; c: ChannelRecord } {
  const t = ctx.store.team(teamId);
  return { t, c: ctx.store.channel(t, channelId) };
}

export const listEnabledApps: GraphHandler = (ctx, req, p) => {
  const { t, c } = channelFor(ctx, p.teamId!, p.channelId!);
  const items = c.enabledApps.map((id) => ({ id, externalId: null, displayName: null, distributionMethod: 'organization' }));
  return page(ctx, req, items, `teams('${t.id}')/channels('${c.id}')/enabledApps`, PAGE_RULES.enabledApps);
};

export const addEnabledApp: GraphHandler = (ctx, req, p) => {
  const { t, c } = channelFor(ctx, p.teamId!, p.channelId!);
  const version = req.version ?? 'v1.0';
  // channel-post-enabledapps: "allowed only for channels with a membershipType value of shared" (v1.0),
  // "shared or private" (beta).
  if (c.membershipType === 'standard' || (c.membershipType === 'private' && version === 'v1.0')) {
    throw badRequest(`Enabling apps is not supported for a ${c.membershipType} channel in ${version}.`);
  }
  const teamsAppId = appIdFromRef(req.body?.['@odata.id']);
  if (!t.installedApps.some((a) => a.teamsAppId === teamsAppId)) throw notFound(`App ${teamsAppId} is not installed in team ${t.id}.`);
  if (c.membershipType === 'private' && ctx.rules.privateChannelAppsBlocked) {
    // A tenant where apps in private channels are not available (rollout paused, MC1197145).
    throw new EmulatorHttpError(403, 'Forbidden', 'Apps are not allowed in private channels in this tenant.');
  }
  if (c.enabledApps.includes(teamsAppId)) throw conflict(`App ${teamsAppId} is already enabled in this channel.`);
  c.enabledApps.push(teamsAppId);
  ctx.store.count('channelAppsEnabled');
  return { status: 204 };
};

/** graph "channel-delete-enabledapps": `DELETE …/enabledApps/{app-id}/$ref`, 204. */
export const removeEnabledApp: GraphHandler = (ctx, _req, p) => {
  const { c } = channelFor(ctx, p.teamId!, p.channelId!);
  if (!c.enabledApps.includes(p.appId!)) throw notFound(`App ${p.appId} is not enabled in this channel.`);
  c.enabledApps = c.enabledApps.filter((id) => id !== p.appId);
  return { status: 204 };
};

/** The error Graph gives for a tab of an app that is not available in the channel (msteams-docs issue 2565). */
export function tabAppNotAvailable(teamsAppId: string, t: TeamRecord, c: ChannelRecord): EmulatorHttpError {
  return badRequest(
    `App id ${teamsAppId} needs to be installed to the team ${t.id}:${c.id} and be in an unblocked state to install/update a tab`,
  );
}

/** Old limits, behind a flag: the 31st private channel and the 251st private-channel member are refused. */
export function checkLegacyPrivateMembers(ctx: GraphCtx, type: string, membersAfter: number): void {
  if (!ctx.rules.legacyPrivateChannelLimits || type !== 'private') return;
  if (membersAfter > LEGACY_MAX_PRIVATE_MEMBERS) {
    throw new EmulatorHttpError(403, 'Forbidden', `A private channel can have at most ${LEGACY_MAX_PRIVATE_MEMBERS} members.`);
  }
}

export function checkLegacyPrivateChannelCount(ctx: GraphCtx, t: TeamRecord, type: string): void {
  if (!ctx.rules.legacyPrivateChannelLimits || type !== 'private') return;
  // Deleted private channels count while they can be restored, like every channel (Teams limits page).
  if (t.channels.filter((c) => c.membershipType === 'private').length >= LEGACY_MAX_PRIVATE_CHANNELS) {
    throw new EmulatorHttpError(
      403,
      'Forbidden',
      `This team has exceeded the max allowed private channels (${LEGACY_MAX_PRIVATE_CHANNELS}, deleted ones included).`,
    );
  }
}
