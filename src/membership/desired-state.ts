import { normaliseEmail } from '../domain/email';
import type { AccessReason } from '../domain/access-reason';
import type { AccountRecord, PersonRecord, SiteRecord } from '../domain/billing-records';
import type { SiteRole } from '../domain/roles';

export interface DesiredPerson {
  /** Normalised (lower-case) email / UPN. */
  email: string;
  name?: string;
  reasons: AccessReason[];
}

export interface DesiredAccount {
  customerId: string;
  name: string;
  nationalBy: AccountRecord['nationalBy'];
  /** Contract ended before `today`: the account is to be archived (after the grace period). */
  ended: boolean;
  contractEnd?: string;
  siteCount: number;
  /** Sorted by email. Never empty in practice: the service account or a co-owner keeps the channel owned. */
  owners: DesiredPerson[];
  /** Sorted by email; owners are never listed here. */
  members: DesiredPerson[];
  /** People billing would grant access but an owner excluded (kept for explanation and audit). */
  excluded: DesiredPerson[];
}

export interface ManualOverride {
  customerId: string;
  email: string;
  kind: 'add' | 'exclude';
}

export interface DesiredStateWarning {
  code: 'OVERRIDE_UNKNOWN_ACCOUNT' | 'EXCLUDE_OWNER_IGNORED' | 'NO_OWNER';
  customerId: string;
  email?: string;
  message: string;
}

export interface DesiredStateOptions {
  memberRoles: readonly SiteRole[];
  coOwners?: { global?: readonly string[]; byAccount?: Readonly<Record<string, readonly string[]>> };
  serviceAccount?: string;
  overrides?: readonly ManualOverride[];
  /** Today's date (yyyy-mm-dd) in the app's time zone; see isoDateIn. */
  today: string;
}

export interface DesiredStateInput {
  accounts: ReadonlyMap<string, AccountRecord>;
  sites: ReadonlyMap<string, SiteRecord>;
  people?: ReadonlyMap<string, PersonRecord>;
}

export interface DesiredState {
  accounts: Map<string, DesiredAccount>;
  warnings: DesiredStateWarning[];
}

const norm = normaliseEmail;
const byEmail = (a: DesiredPerson, b: DesiredPerson) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);

/**
 * Desired channel ownership and membership for every national account. Pure: same input, same output.
 * An exclusion removes a member but never an owner; when an add and an exclude name the same person,
 * the exclusion wins (the safer reading for confidential channels).
 */
export function computeDesiredState(input: DesiredStateInput, options: DesiredStateOptions): DesiredState {
  const ctx: BuildContext = { input, options, roles: new Set(options.memberRoles), warnings: [] };
  const overrides = groupOverrides(options.overrides ?? []);
  const accounts = new Map<string, DesiredAccount>();
  for (const id of [...input.accounts.keys()].sort()) {
    const acc = input.accounts.get(id)!;
    if (!acc.national) continue;
    accounts.set(id, desiredAccount(ctx, id, acc, overrides.get(id)));
  }
  warnUnknownOverrideAccounts(ctx, overrides, accounts);
  return { accounts, warnings: ctx.warnings };
}

interface BuildContext {
  input: DesiredStateInput;
  options: DesiredStateOptions;
  roles: ReadonlySet<SiteRole>;
  warnings: DesiredStateWarning[];
}

interface AccountOverrides {
  add: Set<string>;
  exclude: Set<string>;
}

/** One account's people being collected; owners are settled before any member is added. */
interface Roster {
  owners: Map<string, DesiredPerson>;
  members: Map<string, DesiredPerson>;
  nameOf: (email: string) => string | undefined;
}

function groupOverrides(list: readonly ManualOverride[]): Map<string, AccountOverrides> {
  const overrides = new Map<string, AccountOverrides>();
  for (const o of list) {
    const entry = overrides.get(o.customerId) ?? { add: new Set<string>(), exclude: new Set<string>() };
    entry[o.kind].add(norm(o.email));
    overrides.set(o.customerId, entry);
  }
  return overrides;
}

function desiredAccount(ctx: BuildContext, id: string, acc: AccountRecord, ov: AccountOverrides | undefined): DesiredAccount {
  const nameOf = (email: string) => ctx.input.people?.get(email)?.name || undefined;
  const roster: Roster = { owners: new Map(), members: new Map(), nameOf };
  addOwners(ctx, roster, id, acc);
  const siteCount = addSiteMembers(ctx, roster, id, acc);
  const excluded = ov ? applyOverrides(ctx, roster, id, ov) : [];
  return {
    customerId: id,
    name: acc.name,
    nationalBy: acc.nationalBy,
    ended: acc.contractEnd !== undefined && acc.contractEnd < ctx.options.today,
    contractEnd: acc.contractEnd,
    siteCount,
    owners: [...roster.owners.values()].sort(byEmail),
    members: [...roster.members.values()].sort(byEmail),
    excluded: excluded.sort(byEmail),
  };
}

function addOwner(roster: Roster, email: string, reason: AccessReason): void {
  const e = norm(email);
  if (!e) return;
  const p = roster.owners.get(e) ?? { email: e, name: roster.nameOf(e), reasons: [] };
  p.reasons.push(reason);
  roster.owners.set(e, p);
}

function addOwners(ctx: BuildContext, roster: Roster, id: string, acc: AccountRecord): void {
  const { options } = ctx;
  if (acc.keyAccountDirectorEmail) addOwner(roster, acc.keyAccountDirectorEmail, { kind: 'key_account_director', line: acc.firstLine });
  for (const e of options.coOwners?.global ?? []) addOwner(roster, e, { kind: 'co_owner', scope: 'global' });
  for (const e of options.coOwners?.byAccount?.[id] ?? []) addOwner(roster, e, { kind: 'co_owner', scope: 'account' });
  if (options.serviceAccount) addOwner(roster, options.serviceAccount, { kind: 'service_account' });
  if (!acc.keyAccountDirectorEmail) {
    ctx.warnings.push({
      code: 'NO_OWNER',
      customerId: id,
      message: `Account ${id} has no key account director; owned only by co-owners/service account`,
    });
  }
}

function addMember(roster: Roster, email: string, name: string | undefined, reason: AccessReason): void {
  if (roster.owners.has(email)) return;
  const p = roster.members.get(email) ?? { email, name: name || roster.nameOf(email), reasons: [] };
  p.reasons.push(reason);
  roster.members.set(email, p);
}

/** Adds the people holding a member role on the account's own sites; returns how many such sites there are. */
function addSiteMembers(ctx: BuildContext, roster: Roster, id: string, acc: AccountRecord): number {
  let siteCount = 0;
  for (const siteId of acc.siteIds) {
    const site = ctx.input.sites.get(siteId);
    if (!site || site.customerId !== id) continue;
    siteCount++;
    for (const a of site.people) {
      if (ctx.roles.has(a.role))
        addMember(roster, a.email, a.name, { kind: 'site', siteId, siteName: site.name, role: a.role, line: a.line });
    }
  }
  return siteCount;
}

/** Applies manual adds, then exclusions (which win); returns the members the exclusions removed. */
function applyOverrides(ctx: BuildContext, roster: Roster, id: string, ov: AccountOverrides): DesiredPerson[] {
  const excluded: DesiredPerson[] = [];
  for (const e of ov.add) if (!ov.exclude.has(e)) addMember(roster, e, undefined, { kind: 'override' });
  for (const e of ov.exclude) {
    if (roster.owners.has(e)) {
      ctx.warnings.push({
        code: 'EXCLUDE_OWNER_IGNORED',
        customerId: id,
        email: e,
        message: `${e} is an owner of ${id} and cannot be excluded`,
      });
      continue;
    }
    const p = roster.members.get(e);
    if (p) {
      roster.members.delete(e);
      excluded.push(p);
    }
  }
  return excluded;
}

function warnUnknownOverrideAccounts(
  ctx: BuildContext,
  overrides: ReadonlyMap<string, AccountOverrides>,
  accounts: ReadonlyMap<string, DesiredAccount>,
): void {
  for (const customerId of overrides.keys()) {
    if (!accounts.has(customerId)) {
      ctx.warnings.push({
        code: 'OVERRIDE_UNKNOWN_ACCOUNT',
        customerId,
        message: `Manual changes for ${customerId} ignored: not a national account in this export`,
      });
    }
  }
}

/** Today's calendar date (yyyy-mm-dd) in an IANA time zone, for contract-end checks. */
export function isoDateIn(date: Date, timeZone: string): string {
  // en-CA formats dates as yyyy-mm-dd
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
