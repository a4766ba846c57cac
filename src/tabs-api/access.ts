import { AppError } from '../errors/app-error';
import type { Account, Repositories } from '../store';
import type { Caller } from './sso-auth';

/** Who a caller is app-wide; tests and deployments without group claims inject their own. */
export interface RoleCheck {
  isDirector(caller: Caller): boolean | Promise<boolean>;
  isAdmin(caller: Caller): boolean | Promise<boolean>;
}

/** Default: the `groups` or `roles` claim holds DIRECTOR_GROUP_ID / ADMIN_GROUP_ID. */
export function claimRoleCheck(ids: { directorGroupId?: string; adminGroupId?: string }): RoleCheck {
  const has = (c: Caller, id?: string) => id !== undefined && id !== '' && (c.groups.includes(id) || c.roles.includes(id));
  return {
    isDirector: (c) => has(c, ids.directorGroupId),
    isAdmin: (c) => has(c, ids.adminGroupId),
  };
}

/**
 * Directors and admins by Entra group membership (Graph checkMemberGroups), for tokens without a
 * `groups` claim (the app registration does not ask for one). One call answers both groups; the
 * answer is reused per user for `ttlMs` (TAB_ROLE_CACHE_SEC), so a revoked membership takes effect
 * within that time. A failed check grants nothing and is not remembered.
 */
export function directoryRoleCheck(
  directory: { checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> },
  ids: { directorGroupId?: string; adminGroupId?: string },
  o: { ttlMs: number; now: () => Date; maxUsers?: number },
): RoleCheck {
  const claims = claimRoleCheck(ids);
  const groups = [ids.directorGroupId, ids.adminGroupId].filter((g): g is string => !!g);
  const cache = new Map<string, { at: number; member: Promise<string[]> }>();
  const max = o.maxUsers ?? 10_000;
  function memberOf(c: Caller): Promise<string[]> {
    if (groups.length === 0 || !c.oid) return Promise.resolve([]);
    const at = o.now().getTime();
    const hit = cache.get(c.oid);
    if (hit && at - hit.at < o.ttlMs) return hit.member;
    // Concurrent requests of one user share a single Graph call.
    const member = directory.checkMemberGroups(c.oid, groups).catch(() => {
      if (cache.get(c.oid)?.member === member) cache.delete(c.oid);
      return [] as string[];
    });
    cache.delete(c.oid);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(c.oid, { at, member });
    return member;
  }
  return {
    isDirector: async (c) => (await claims.isDirector(c)) || (!!ids.directorGroupId && (await memberOf(c)).includes(ids.directorGroupId)),
    isAdmin: async (c) => (await claims.isAdmin(c)) || (!!ids.adminGroupId && (await memberOf(c)).includes(ids.adminGroupId)),
  };
}

export interface CallerRoles {
  director: boolean;
  admin: boolean;
}

export interface AccountAccess {
  account: Account;
  read: boolean;
  /** Owner: edits the annual clock, TOC overrides, contracts and the quality card. */
  owner: boolean;
  /** Owners and directors may edit quality cards. */
  writeQuality: boolean;
}

export async function rolesOf(caller: Caller, check: RoleCheck): Promise<CallerRoles> {
  const [director, admin] = await Promise.all([check.isDirector(caller), check.isAdmin(caller)]);
  return { director, admin };
}

/** Per-account rights: desired members read; owners (billing owner or owner role) write; directors/admins read all. */
/** What per-account authorisation reads: the account, the caller's membership, billing ownership. */
export type AccessStore = Pick<Repositories, 'accounts' | 'desiredMemberships'>;

export async function accessTo(store: AccessStore, caller: Caller, roles: CallerRoles, customerId: string): Promise<AccountAccess> {
  const account = await store.accounts.get(customerId);
  if (!account) throw new AppError('NOT_FOUND', `no account ${customerId}`);
  // Only the caller's own row (stored e-mails are lower-case), not the account's whole member list.
  // '' = the token's oid is unknown to the directory: no per-account rights.
  if (!caller.email) return { account, read: roles.director || roles.admin, owner: false, writeQuality: roles.director };
  const role = await store.desiredMemberships.roleOf(customerId, caller.email);
  const owner = account.ownerEmail?.toLowerCase() === caller.email || role === 'owner';
  const read = owner || role !== undefined || roles.director || roles.admin;
  return { account, read, owner, writeQuality: owner || roles.director };
}

export function requireRead(a: AccountAccess): void {
  if (!a.read) throw new AppError('FORBIDDEN', `no access to account ${a.account.customerId}`);
}

export function requireOwner(a: AccountAccess): void {
  requireRead(a);
  if (!a.owner) throw new AppError('FORBIDDEN', `only owners may change account ${a.account.customerId}`);
}

/** Accounts the caller may see: all for directors/admins, else those with a desired membership or owned. */
export async function visibleCustomerIds(store: AccessStore, caller: Caller, roles: CallerRoles): Promise<Set<string> | 'all'> {
  if (roles.director || roles.admin) return 'all';
  if (!caller.email) return new Set();
  // Ids only: the membership reasons and the account rows are not needed here.
  const [member, owned] = await Promise.all([
    store.desiredMemberships.customerIdsFor(caller.email),
    store.accounts.idsOwnedBy(caller.email),
  ]);
  return new Set([...member, ...owned]);
}
