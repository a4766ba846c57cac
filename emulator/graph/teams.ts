import { badRequest, conflict, notFound } from '../errors';
import { newGuid } from '../ids';
import { normaliseRoles } from '../state';
import type { TeamRecord } from '../types';
import { memberJson, noContent, ok, page, teamsAppIdFromBind, userFromBind, type GraphCtx, type GraphHandler } from './context';
import { PAGE_RULES } from './page-sizes';

/** "conversationMembers: add" (graph/api/conversationmembers-add): at most 200 members per call. */
const MAX_BULK_MEMBERS = 200;

export const getTeam: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  return ok({
    '@odata.context': `${ctx.graphBaseUrl}/$metadata#teams/$entity`,
    id: t.id,
    createdDateTime: null,
    displayName: t.displayName,
    description: t.description,
    internalId: t.id,
    isArchived: false,
    tenantId: ctx.tenantId,
    webUrl: `https://teams.microsoft.com/l/team/${encodeURIComponent(t.id)}/conversations?tenantId=${ctx.tenantId}`,
  });
};

export const listTeamMembers: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  return page(
    ctx,
    req,
    t.members.map((m) => memberJson(ctx, m)),
    `teams('${t.id}')/members`,
    PAGE_RULES.teamMembers,
  );
};

export const getTeamMember: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const m = t.members.find((x) => x.id === p.membershipId || x.userId === p.membershipId);
  if (!m) throw notFound(`Member ${p.membershipId} not found in team`);
  return ok(memberJson(ctx, m));
};

function addTeamMember(ctx: GraphCtx, t: TeamRecord, userId: string, roles: string[]) {
  const existing = t.members.find((m) => m.userId === userId);
  if (existing) return existing; // adding an existing member is idempotent
  const m = ctx.store.newMember(t.id, userId, roles);
  t.members.push(m);
  ctx.store.count('teamMembersAdded');
  return m;
}

export const postTeamMember: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const u = userFromBind(ctx, req.body?.['user@odata.bind']);
  if (!u) throw notFound('User not found in the directory', 'NotFound');
  return ok(memberJson(ctx, addTeamMember(ctx, t, u.id, normaliseRoles(req.body?.roles))), 201);
};

export const bulkAddTeamMembers: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const values = req.body?.values;
  if (!Array.isArray(values) || values.length === 0) throw badRequest('The request body must contain a non-empty "values" array.');
  if (values.length > MAX_BULK_MEMBERS)
    throw badRequest(`A maximum of ${MAX_BULK_MEMBERS} members can be added in one request; got ${values.length}.`);
  const results = values.map((v: any) => {
    let user;
    try {
      user = userFromBind(ctx, v?.['user@odata.bind']);
    } catch {
      user = undefined;
    }
    if (!user) {
      return {
        '@odata.type': '#microsoft.graph.aadUserConversationMemberResult',
        userId: String(v?.['user@odata.bind'] ?? ''),
        error: { code: 'NotFound', message: 'User not found in the directory.' },
      };
    }
    addTeamMember(ctx, t, user.id, normaliseRoles(v?.roles));
    return { '@odata.type': '#microsoft.graph.aadUserConversationMemberResult', userId: user.id, error: null };
  });
  return ok({ '@odata.context': `${ctx.graphBaseUrl}/$metadata#Collection(microsoft.graph.actionResultPart)`, value: results });
};

export const deleteTeamMember: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const m = t.members.find((x) => x.id === p.membershipId || x.userId === p.membershipId);
  if (!m) throw notFound(`Member ${p.membershipId} not found in team`);
  t.members = t.members.filter((x) => x !== m);
  // Teams "Private channels in Microsoft Teams" (microsoftteams/private-channels), "What happens when a
  // team member leaves or is removed from a team?": "that user will also leave or be removed from all
  // private channels in the team". Shared channels are not named there (they may hold outsiders).
  for (const c of t.channels) if (c.membershipType === 'private') c.members = c.members.filter((x) => x.userId !== m.userId);
  ctx.store.count('teamMembersRemoved');
  return noContent();
};

function installedAppJson(ctx: GraphCtx, a: { id: string; teamsAppId: string }) {
  return {
    id: a.id,
    teamsApp: { id: a.teamsAppId, externalId: null, displayName: null, distributionMethod: 'organization' },
    teamsAppDefinition: { id: `${a.teamsAppId}-def`, teamsAppId: a.teamsAppId, displayName: null, version: '1.0.0' },
    '@odata.type': '#microsoft.graph.teamsAppInstallation',
    tenantId: ctx.tenantId,
  };
}

export const listInstalledApps: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  return page(
    ctx,
    req,
    t.installedApps.map((a) => installedAppJson(ctx, a)),
    `teams('${t.id}')/installedApps`,
    PAGE_RULES.installedApps,
  );
};

export const addInstalledApp: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const teamsAppId = teamsAppIdFromBind(req.body?.['teamsApp@odata.bind']);
  if (t.installedApps.some((a) => a.teamsAppId === teamsAppId)) throw conflict(`App ${teamsAppId} is already installed in this team.`);
  t.installedApps.push({ id: Buffer.from(`${t.id}##${teamsAppId}##${newGuid()}`).toString('base64'), teamsAppId });
  ctx.store.count('appsInstalled');
  // The real endpoint answers 201 Created with no body.
  return { status: 201 };
};

export const deleteInstalledApp: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const before = t.installedApps.length;
  t.installedApps = t.installedApps.filter((a) => a.id !== p.installId);
  if (t.installedApps.length === before) throw notFound('App installation not found');
  return noContent();
};
