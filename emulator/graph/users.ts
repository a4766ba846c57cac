import { EmulatorHttpError } from '../errors';
import type { UserRecord } from '../types';
import { applyFilter, ok, page, type GraphCtx, type GraphHandler } from './context';
import { PAGE_RULES } from './page-sizes';

function userJson(u: UserRecord) {
  const [givenName, ...rest] = u.displayName.split(' ');
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: givenName ?? null,
    jobTitle: null,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.join(' ') || null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  };
}

function directoryNotFound(id: string) {
  // Entra's own code for a missing directory object (not the generic NotFound).
  return new EmulatorHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export const listUsers: GraphHandler = (ctx: GraphCtx, req) => {
  const all = [...ctx.store.users.values()].map(userJson);
  return page(ctx, req, applyFilter(all, req.query.get('$filter')), 'users', PAGE_RULES.users);
};

export const getUser: GraphHandler = (ctx, _req, p) => {
  const u = ctx.store.findUser(p.userId!);
  if (!u) throw directoryNotFound(p.userId!);
  return ok({ '@odata.context': `${ctx.graphBaseUrl}/$metadata#users/$entity`, ...userJson(u) });
};

/** POST /users/{id}/checkMemberGroups: which of the given groups the user belongs to (graph "directoryobject-checkmembergroups"). */
export const checkMemberGroups: GraphHandler = (ctx, req, p) => {
  const u = ctx.store.findUser(p.userId!);
  if (!u) throw directoryNotFound(p.userId!);
  const body = (req.body ?? {}) as { groupIds?: unknown };
  if (!Array.isArray(body.groupIds) || body.groupIds.length > 20) {
    throw new EmulatorHttpError(400, 'Request_BadRequest', 'groupIds must be an array of at most 20 group ids.');
  }
  const value = body.groupIds.filter((g): g is string => typeof g === 'string' && (ctx.store.groups.get(g)?.has(u.id) ?? false));
  return ok({ '@odata.context': `${ctx.graphBaseUrl}/$metadata#Collection(Edm.String)`, value });
};
