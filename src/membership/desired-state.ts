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
  const roles = new Set(options.memberRoles);
  const warnings: DesiredStateWarning[] = [];
  const accounts = new Map<string, DesiredAccount>();
  const nameOf = (email: string) => input.people?.get(email)?.name || undefined;

  const overrides = new Map<string, { add: Set<string>; exclude: Set<string> }>();
  for (const o of options.overrides ?? []) {
    const entry = overrides.get(o.customerId) ?? { add: new Set<string>(), exclude: new Set<string>() };
    entry[o.kind].add(norm(o.email));
    overrides.set(o.customerId, entry);
  }

  const ids = [...input.accounts.keys()].sort();
  for (const id of ids) {
    const acc = input.accounts.get(id)!;
    if (!acc.national) continue;

    const owners = new Map<string, DesiredPerson>();
    const addOwner = (email: string, reason: AccessReason) => {
      const e = norm(email);
      if (!e) return;
      const p = owners.get(e) ?? { email: e, name: nameOf(e), reasons: [] };
      p.reasons.push(reason);
      owners.set(e, p);
    };
    if (acc.keyAccountDirectorEmail) addOwner(acc.keyAccountDirectorEmail, { kind: 'key_account_director', line: acc.firstLine });
    for (const e of options.coOwners?.global ?? []) addOwner(e, { kind: 'co_owner', scope: 'global' });
    for (const e of options.coOwners?.byAccount?.[id] ?? []) addOwner(e, { kind: 'co_owner', scope: 'account' });
    if (options.serviceAccount) addOwner(options.serviceAccount, { kind: 'service_account' });
    if (!acc.keyAccountDirectorEmail) {
      warnings.push({
        code: 'NO_OWNER',
        customerId: id,
        message: `Account ${id} has no key account director; owned only by co-owners/service account`,
      });
    }

    const members = new Map<string, DesiredPerson>();
    const addMember = (email: string, name: string | undefined, reason: AccessReason) => {
      if (owners.has(email)) return;
      const p = members.get(email) ?? { email, name: name || nameOf(email), reasons: [] };
      p.reasons.push(reason);
      members.set(email, p);
    };
    let siteCount = 0;
    for (const siteId of acc.siteIds) {
      const site = input.sites.get(siteId);
      if (!site || site.customerId !== id) continue;
      siteCount++;
      for (const a of site.people) {
        if (roles.has(a.role)) addMember(a.email, a.name, { kind: 'site', siteId, siteName: site.name, role: a.role, line: a.line });
      }
    }

    const ov = overrides.get(id);
    const excluded: DesiredPerson[] = [];
    if (ov) {
      for (const e of ov.add) if (!ov.exclude.has(e)) addMember(e, undefined, { kind: 'override' });
      for (const e of ov.exclude) {
        if (owners.has(e)) {
          warnings.push({
            code: 'EXCLUDE_OWNER_IGNORED',
            customerId: id,
            email: e,
            message: `${e} is an owner of ${id} and cannot be excluded`,
          });
          continue;
        }
        const p = members.get(e);
        if (p) {
          members.delete(e);
          excluded.push(p);
        }
      }
    }

    accounts.set(id, {
      customerId: id,
      name: acc.name,
      nationalBy: acc.nationalBy,
      ended: acc.contractEnd !== undefined && acc.contractEnd < options.today,
      contractEnd: acc.contractEnd,
      siteCount,
      owners: [...owners.values()].sort(byEmail),
      members: [...members.values()].sort(byEmail),
      excluded: excluded.sort(byEmail),
    });
  }

  for (const customerId of overrides.keys()) {
    if (!accounts.has(customerId)) {
      warnings.push({
        code: 'OVERRIDE_UNKNOWN_ACCOUNT',
        customerId,
        message: `Manual changes for ${customerId} ignored: not a national account in this export`,
      });
    }
  }
  return { accounts, warnings };
}

/** Today's calendar date (yyyy-mm-dd) in an IANA time zone, for contract-end checks. */
export function isoDateIn(date: Date, timeZone: string): string {
  // en-CA formats dates as yyyy-mm-dd
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
