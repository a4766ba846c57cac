import { PAGE_RULES } from './page-sizes';
import { MICROSOFT_GRAPH_APP_ID } from '../../src/doctor/graph-permissions';
import { EmulatorHttpError, notFound } from '../errors';
import { stableGuid } from '../ids';
import { applyFilter, ok, page, type GraphCtx, type GraphHandler, type GraphRequest } from './context';

/**
 * Entra and catalog reads the doctor makes: service principals and their app role assignments
 * (graph/api/serviceprincipal-list-approleassignments, Application.Read.All), applications
 * (graph/api/application-list, Application.Read.All), the Teams app catalog
 * (graph/api/appcatalogs-list-teamsapps, AppCatalog.Read.All) and groups (graph/api/group-get,
 * GroupMember.Read.All). Each is refused with 403 Authorization_RequestDenied without its role.
 */
function requireRole(ctx: GraphCtx, req: GraphRequest, roles: string[]): void {
  if (roles.some((r) => ctx.store.tenant.has(req.appId, r))) return;
  throw new EmulatorHttpError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

const spId = (appId: string) => stableGuid(`sp:${appId}`);

function servicePrincipals(ctx: GraphCtx) {
  const graph = {
    id: spId(MICROSOFT_GRAPH_APP_ID),
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    servicePrincipalType: 'Application',
    appRoles: ctx.store.tenant.graphAppRoles().map((r) => ({
      allowedMemberTypes: ['Application'],
      description: r.value,
      displayName: r.value,
      id: r.id,
      isEnabled: true,
      origin: 'Application',
      value: r.value,
    })),
  };
  const apps = [...ctx.store.tenant.grants.keys()].map((appId) => ({
    id: spId(appId),
    appId,
    displayName: ctx.store.tenant.registrations.get(appId)?.displayName ?? appId,
    servicePrincipalType: 'Application',
    appRoles: [],
  }));
  return [graph, ...apps];
}

export const listServicePrincipals: GraphHandler = (ctx, req) => {
  requireRole(ctx, req, ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All']);
  return page(ctx, req, applyFilter(servicePrincipals(ctx), req.query.get('$filter')), 'servicePrincipals', PAGE_RULES.directory);
};

export const listAppRoleAssignments: GraphHandler = (ctx, req, p) => {
  requireRole(ctx, req, ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All']);
  const sp = servicePrincipals(ctx).find((s) => s.id === p.spId);
  if (!sp)
    throw notFound(
      `Resource '${p.spId}' does not exist or one of its queried reference-property objects are not present.`,
      'Request_ResourceNotFound',
    );
  const roleIds = new Map(ctx.store.tenant.graphAppRoles().map((r) => [r.value, r.id]));
  const graphSp = spId(MICROSOFT_GRAPH_APP_ID);
  const items = (ctx.store.tenant.grants.get(sp.appId) ?? []).map((role) => ({
    id: Buffer.from(`${sp.id}:${role}`).toString('base64url').slice(0, 43),
    appRoleId: roleIds.get(role)!,
    createdDateTime: '2026-01-01T00:00:00Z',
    deletedDateTime: null,
    principalDisplayName: sp.displayName,
    principalId: sp.id,
    principalType: 'ServicePrincipal',
    resourceDisplayName: 'Microsoft Graph',
    resourceId: graphSp,
  }));
  return page(ctx, req, items, `servicePrincipals('${sp.id}')/appRoleAssignments`, PAGE_RULES.directory);
};

export const listApplications: GraphHandler = (ctx, req) => {
  requireRole(ctx, req, ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All']);
  const items = [...ctx.store.tenant.registrations.values()].map((a) => ({
    id: stableGuid(`app:${a.appId}`),
    appId: a.appId,
    displayName: a.displayName,
    signInAudience: 'AzureADMyOrg',
    identifierUris: a.identifierUris,
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: a.scopes.map((s) => ({
        id: s.id,
        value: s.value,
        isEnabled: s.isEnabled,
        type: 'User',
        adminConsentDisplayName: s.value,
        adminConsentDescription: s.value,
      })),
      preAuthorizedApplications: a.preAuthorized.map((x) => ({ appId: x.appId, delegatedPermissionIds: x.permissionIds })),
    },
  }));
  return page(ctx, req, applyFilter(items, req.query.get('$filter')), 'applications', PAGE_RULES.directory);
};

export const listCatalogApps: GraphHandler = (ctx, req) => {
  requireRole(ctx, req, ['AppCatalog.Read.All', 'AppCatalog.ReadWrite.All']);
  return page(
    ctx,
    req,
    applyFilter(
      ctx.store.tenant.catalog.map((a) => ({ ...a })),
      req.query.get('$filter'),
    ),
    'appCatalogs/teamsApps',
    PAGE_RULES.directory,
  );
};

export const getGroup: GraphHandler = (ctx, req, p) => {
  requireRole(ctx, req, ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All']);
  const id = p.groupId!;
  const name = ctx.store.tenant.groupNames.get(id) ?? (ctx.store.groups.has(id) ? `Group ${id.slice(0, 8)}` : undefined);
  if (!name)
    throw notFound(
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      'Request_ResourceNotFound',
    );
  return ok({
    '@odata.context': `${ctx.graphBaseUrl}/$metadata#groups/$entity`,
    id,
    displayName: name,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
  });
};
