import { AppError } from '../errors/app-error';
import type { Account, Store } from '../store';
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
export async function accessTo(store: Store, caller: Caller, roles: CallerRoles, customerId: string): Promise<AccountAccess> {
  const account = await store.accounts.get(customerId);
  if (!account) throw new AppError('NOT_FOUND', `no account ${customerId}`);
  const members = await store.desiredMemberships.listForAccount(customerId);
  const mine = members.find((m) => m.email.toLowerCase() === caller.email);
  const owner = account.ownerEmail?.toLowerCase() === caller.email || mine?.role === 'owner';
  const read = owner || mine !== undefined || roles.director || roles.admin;
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
export async function visibleAccountIds(store: Store, caller: Caller, roles: CallerRoles): Promise<Set<string> | 'all'> {
  if (roles.director || roles.admin) return 'all';
  const ids = new Set((await store.desiredMemberships.listForEmail(caller.email)).map((m) => m.customerId));
  for (const a of await store.accounts.list()) if (a.ownerEmail?.toLowerCase() === caller.email) ids.add(a.customerId);
  return ids;
}
