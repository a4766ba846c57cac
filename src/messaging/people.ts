import { normaliseEmail } from '../domain/email';
import type { Repositories } from '../store';
import type { Person as CardPerson } from '../cards';
import type { MentionSpec } from '../store';

/** The repositories these look-ups read. */
type PeopleStore = Pick<Repositories, 'people' | 'desiredMemberships' | 'accounts'>;

/** Entra object id and display name for emails; people Graph did not know are left out. */
export async function peopleForEmails(store: Pick<Repositories, 'people'>, emails: readonly string[]): Promise<CardPerson[]> {
  const found = await store.people.getMany([...new Set(emails.map(normaliseEmail))]);
  const out: CardPerson[] = [];
  for (const e of emails) {
    const p = found.get(e.toLowerCase());
    if (p?.objectId && !out.some((x) => x.id === p.objectId)) out.push({ id: p.objectId, name: p.displayName ?? p.email });
  }
  return out;
}

/** Billing roles are stored snake_case (regional_director); accept camelCase (regionalDirector) too. */
export function normaliseRole(role: string): string {
  return role.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Whom a notice @mentions in one account: supervisors (default), everyone, or chosen billing roles. */
export async function mentionedPeople(
  store: Pick<Repositories, 'people' | 'desiredMemberships'>,
  customerId: string,
  spec: MentionSpec,
): Promise<CardPerson[]> {
  const members = await store.desiredMemberships.listForAccount(customerId);
  const chosen = members.filter((m) => {
    if (spec.mode === 'all') return true;
    const roles = (spec.mode === 'roles' ? (spec.roles ?? []) : ['supervisor']).map(normaliseRole);
    return m.reasons.some((r) => r.kind === 'site' && roles.includes(r.role));
  });
  return peopleForEmails(store, chosen.map((m) => m.email).sort());
}

/** Owners (owner + co-owners) of an account by Entra object id. */
export async function accountOwners(store: PeopleStore, customerId: string): Promise<CardPerson[]> {
  const members = await store.desiredMemberships.listForAccount(customerId);
  const account = await store.accounts.get(customerId);
  const emails = members.filter((m) => m.role === 'owner').map((m) => m.email);
  if (account?.ownerEmail) emails.unshift(account.ownerEmail);
  return peopleForEmails(store, emails);
}

export async function isAccountOwner(store: PeopleStore, customerId: string, userObjectId: string): Promise<boolean> {
  return (await accountOwners(store, customerId)).some((p) => p.id === userObjectId);
}

/** Teams channel deep link (Teams docs "Create deep links": /l/channel/{id}/{name}?groupId&tenantId). */
export function channelLink(channelId: string | null | undefined, name: string, teamId: string, tenantId?: string): string | undefined {
  if (!channelId) return undefined;
  const q = new URLSearchParams({ groupId: teamId, ...(tenantId ? { tenantId } : {}) });
  return `https://teams.microsoft.com/l/channel/${encodeURIComponent(channelId)}/${encodeURIComponent(name)}?${q.toString()}`;
}
