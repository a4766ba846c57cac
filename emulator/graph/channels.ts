import { badRequest, notFound, EmulatorHttpError } from '../errors';
import { newChannelId } from '../ids';
import { isOwner, normaliseRoles } from '../state';
import type { ChannelRecord, MemberRecord, TeamRecord } from '../types';
import { checkLegacyPrivateChannelCount } from './channel-apps';
import { applyFilter, noContent, ok, page, userFromBind, type GraphCtx, type GraphHandler } from './context';
import { PAGE_RULES } from './page-sizes';

/**
 * Rules from graph "Create channel" (graph/api/channel-post): displayName at most 50 characters;
 * a private channel takes at most 200 members in the create call; shared channels are created with
 * exactly one owner. Teams limits page ("Limits and specifications for Microsoft Teams"): 1,000
 * channels per team including deleted ones, whose names stay taken while they can be restored.
 */
const MAX_CHANNEL_NAME = 50;
const MAX_PRIVATE_CREATE_MEMBERS = 200;
const MAX_CHANNELS_PER_TEAM = 1000;

function channelJson(ctx: GraphCtx, team: TeamRecord, c: ChannelRecord) {
  return {
    id: c.id,
    createdDateTime: c.createdDateTime,
    displayName: c.displayName,
    description: c.description,
    isFavoriteByDefault: null,
    email: '',
    tenantId: ctx.tenantId,
    webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(c.id)}/${encodeURIComponent(c.displayName)}?groupId=${encodeURIComponent(team.id)}&tenantId=${ctx.tenantId}`,
    membershipType: c.membershipType,
  };
}

function checkName(team: TeamRecord, name: unknown, except?: ChannelRecord): string {
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('displayName is required.');
  if (name.length > MAX_CHANNEL_NAME)
    throw badRequest(`Channel name length is ${name.length}; it cannot exceed ${MAX_CHANNEL_NAME} characters.`);
  const lower = name.toLowerCase();
  if (team.channels.some((c) => c !== except && c.displayName.toLowerCase() === lower)) {
    // The service answers 400 "Channel name already existed, please use other name." (deleted channels included).
    throw new EmulatorHttpError(400, 'BadRequest', 'Channel name already existed, please use other name.');
  }
  return name;
}

function membersFromCreateBody(
  ctx: GraphCtx,
  team: TeamRecord,
  channelId: string,
  type: ChannelRecord['membershipType'],
  raw: unknown,
): MemberRecord[] {
  if (type === 'standard') return [];
  const list = Array.isArray(raw) ? raw : [];
  if (type === 'private' && list.length > MAX_PRIVATE_CREATE_MEMBERS) {
    throw badRequest(`A private channel can be created with at most ${MAX_PRIVATE_CREATE_MEMBERS} members; got ${list.length}.`);
  }
  const members: MemberRecord[] = [];
  for (const m of list) {
    const u = userFromBind(ctx, (m as any)?.['user@odata.bind']);
    if (!u) throw badRequest(`User ${(m as any)?.['user@odata.bind']} was not found in the directory.`);
    if (type === 'private' && !team.members.some((tm) => tm.userId === u.id)) {
      throw badRequest(`User ${u.id} is not a member of the team; private channel members must be team members.`);
    }
    if (members.some((x) => x.userId === u.id)) continue;
    members.push(ctx.store.newMember(channelId, u.id, normaliseRoles((m as any)?.roles)));
  }
  const owners = members.filter(isOwner).length;
  // App-only tokens (all Graph tokens here are app-only) must name an owner for the new channel.
  if (owners === 0) throw badRequest(`An owner must be specified when creating a ${type} channel with application permissions.`);
  if (type === 'shared' && owners !== 1) throw badRequest('A shared channel must be created with exactly one owner.');
  return members;
}

export const listChannels: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const live = t.channels.filter((c) => !c.deleted).map((c) => channelJson(ctx, t, c));
  return page(ctx, req, applyFilter(live, req.query.get('$filter')), `teams('${t.id}')/channels`, PAGE_RULES.channels);
};

export const getChannel: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  return ok(channelJson(ctx, t, ctx.store.channel(t, p.channelId!)));
};

export const createChannel: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const body = req.body ?? {};
  const displayName = checkName(t, body.displayName);
  const type = (body.membershipType ?? 'standard') as ChannelRecord['membershipType'];
  if (!['standard', 'private', 'shared'].includes(type)) throw badRequest(`Unsupported membershipType '${String(body.membershipType)}'.`);
  const max = ctx.maxChannelsPerTeam ?? MAX_CHANNELS_PER_TEAM;
  if (t.channels.length >= max) {
    // What the service answers (microsoft-graph-docs issue 7288): 403 Forbidden, not a 400.
    throw new EmulatorHttpError(403, 'Forbidden', `This team has exceeded the Max allowed channels (${max}, deleted channels included).`);
  }
  checkLegacyPrivateChannelCount(ctx, t, type);
  const id = newChannelId();
  const members = membersFromCreateBody(ctx, t, id, type, body.members);
  const c: ChannelRecord = {
    id,
    displayName,
    description: typeof body.description === 'string' ? body.description : null,
    membershipType: type,
    createdDateTime: ctx.store.nowIso(),
    deleted: false,
    deletedDateTime: null,
    members,
    tabs: [],
    folderId: null,
    enabledApps: [],
  };
  t.channels.push(c);
  ctx.store.count('channelsCreated');
  if (type === 'shared') {
    // graph "channel-post" (shared channel example): 202 Accepted, no body, the teamsAsyncOperation
    // in Location / Content-Location; the caller finds the channel through the operation.
    const op = `/teams/${t.id}/operations/${operationIdFor(id)}`;
    return { status: 202, headers: { Location: op, 'Content-Location': op } };
  }
  return ok({ '@odata.context': `${ctx.graphBaseUrl}/$metadata#teams('${t.id}')/channels/$entity`, ...channelJson(ctx, t, c) }, 201);
};

export const patchChannel: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  const body = req.body ?? {};
  if (body.membershipType !== undefined && body.membershipType !== c.membershipType) throw badRequest('membershipType cannot be changed.');
  if (body.displayName !== undefined && body.displayName !== c.displayName) {
    if (c.displayName === 'General') throw badRequest('The General channel cannot be renamed.');
    c.displayName = checkName(t, body.displayName, c);
  }
  if (body.description !== undefined) c.description = body.description;
  ctx.store.count('channelsPatched');
  return noContent();
};

export const deleteChannel: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  if (c.displayName === 'General') throw badRequest('The General channel cannot be deleted.');
  // Deleted channels stay restorable (soft delete): name reserved, still counted towards the limit.
  c.deleted = true;
  c.deletedDateTime = ctx.store.nowIso();
  ctx.store.count('channelsDeleted');
  return noContent();
};

/** The operation id carries the channel id, so the emulator needs no operation table. */
const operationIdFor = (channelId: string) => Buffer.from(`createChannel:${channelId}`).toString('base64url');

/** graph "Get teamsAsyncOperation": channel creation here is immediate, so it has always succeeded. */
export const getOperation: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const decoded = Buffer.from(p.operationId!, 'base64url').toString('utf8');
  const channelId = decoded.startsWith('createChannel:') ? decoded.slice('createChannel:'.length) : '';
  const c = t.channels.find((x) => x.id === channelId);
  if (!c) throw notFound(`Operation ${p.operationId} not found.`);
  return ok({
    id: p.operationId,
    operationType: 'createChannel',
    createdDateTime: c.createdDateTime,
    status: 'succeeded',
    lastActionDateTime: c.createdDateTime,
    attemptsCount: 1,
    targetResourceId: c.id,
    targetResourceLocation: `/teams('${t.id}')/channels('${c.id}')`,
    error: null,
  });
};
