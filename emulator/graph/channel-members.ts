import { badRequest, notFound } from '../errors';
import { isOwner, normaliseRoles } from '../state';
import type { ChannelRecord, MemberRecord } from '../types';
import { checkLegacyPrivateMembers } from './channel-apps';
import { memberJson, noContent, ok, page, userFromBind, type GraphHandler } from './context';
import { PAGE_RULES } from './page-sizes';

/**
 * graph "Add member to channel" (graph/api/channel-post-members): only private or shared channels,
 * one member per request, roles `owner` or empty. graph "Remove member from channel"
 * (graph/api/channel-delete-members): the last owner cannot be removed.
 */
function requireMembershipChannel(c: ChannelRecord): void {
  if (c.membershipType === 'standard') {
    throw badRequest('This operation is only allowed for channels with membershipType private or shared.');
  }
}

function findMember(c: ChannelRecord, idOrUser: string): MemberRecord {
  const m = c.members.find((x) => x.id === idOrUser || x.userId === idOrUser);
  if (!m) throw notFound(`Member ${idOrUser} not found in channel ${c.id}`);
  return m;
}

function assertNotLastOwner(c: ChannelRecord, m: MemberRecord): void {
  if (isOwner(m) && c.members.filter(isOwner).length === 1) {
    throw badRequest('The last owner of a channel cannot be removed or demoted.');
  }
}

export const listChannelMembers: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  // A standard channel's roster is the team's.
  const members = c.membershipType === 'standard' ? t.members : c.members;
  return page(
    ctx,
    req,
    members.map((m) => memberJson(ctx, m)),
    `teams('${t.id}')/channels('${c.id}')/members`,
    PAGE_RULES.channelMembers,
  );
};

export const getChannelMember: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  return ok(memberJson(ctx, findMember(c, p.membershipId!)));
};

export const addChannelMember: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  requireMembershipChannel(c);
  if (Array.isArray(req.body?.values) || Array.isArray(req.body)) throw badRequest('Only one member can be added per request.');
  const u = userFromBind(ctx, req.body?.['user@odata.bind']);
  // Disabled or unknown users answer 404 (channel-post-members).
  if (!u) throw notFound('User not found in the directory.');
  if (c.membershipType === 'private' && !t.members.some((m) => m.userId === u.id)) {
    throw badRequest(`User ${u.id} is not a member of the team; private channel members must be team members.`);
  }
  const existing = c.members.find((m) => m.userId === u.id);
  if (existing) return ok(memberJson(ctx, existing), 201);
  checkLegacyPrivateMembers(ctx, c.membershipType, c.members.length + 1);
  const m = ctx.store.newMember(c.id, u.id, normaliseRoles(req.body?.roles));
  c.members.push(m);
  ctx.store.count('channelMembersAdded');
  return ok(memberJson(ctx, m), 201);
};

export const patchChannelMember: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  requireMembershipChannel(c);
  const m = findMember(c, p.membershipId!);
  const roles = normaliseRoles(req.body?.roles);
  if (!roles.includes('owner')) assertNotLastOwner(c, m);
  m.roles = roles;
  return ok(memberJson(ctx, m));
};

export const removeChannelMember: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  requireMembershipChannel(c);
  const m = findMember(c, p.membershipId!);
  assertNotLastOwner(c, m);
  c.members = c.members.filter((x) => x !== m);
  ctx.store.count('channelMembersRemoved');
  return noContent();
};
