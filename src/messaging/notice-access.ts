import type { Notice, NoticePlan, Repositories } from '../store';
import type { MessagingDeps } from './deps';
import type { Actor } from './notices';

/** What the decision reads: the notice, the actor's e-mail, their memberships and billing ownership. */
export type NoticeAccessStore = Pick<Repositories, 'notices' | 'people' | 'desiredMemberships' | 'accounts'>;

/** Why someone may see a notice's content and record a receipt: the strongest reason found. */
export type NoticeAccess = 'author' | 'director' | 'owner' | 'recipient';

const targets = (notice: Notice, customerId: string) => 'all' in notice.targets || notice.targets.accounts.includes(customerId);

/**
 * The per-notice decision for card actions (refresh, ack) and quick replies; SDK-free so any bot
 * front end can call it. The author (or the CLI's service identity), a director, an owner of a
 * targeted account, and the people the notice was posted to (members of a targeted account's
 * channel, the @mentioned included) have access; anyone else, or a notice that does not exist,
 * gets undefined: show them the generic card and store nothing.
 */
export async function noticeAccess(
  deps: Pick<MessagingDeps, 'directorGroupId' | 'isInGroup'> & { store: NoticeAccessStore },
  noticeId: string,
  actor: Actor,
): Promise<NoticeAccess | undefined> {
  const notice = noticeId ? await deps.store.notices.get(noticeId) : undefined;
  if (!notice) return undefined;
  if (actor.isService || actor.id === notice.authorId) return 'author';
  if (deps.directorGroupId && (await deps.isInGroup(actor.id, deps.directorGroupId))) return 'director';
  const email = (await deps.store.people.getByObjectId(actor.id))?.email.toLowerCase();
  if (!email) return undefined;
  const memberships = (await deps.store.desiredMemberships.listForEmail(email)).filter((m) => targets(notice, m.customerId));
  if (memberships.some((m) => m.role === 'owner') || (await billingOwnerOfTarget(deps.store, notice, email))) return 'owner';
  return memberships.length > 0 ? 'recipient' : undefined;
}

/** The billing owner (accounts.ownerEmail) of a targeted account, also without a membership row. */
async function billingOwnerOfTarget(store: NoticeAccessStore, notice: Notice, email: string): Promise<boolean> {
  const owned = await store.accounts.idsOwnedBy(email);
  return owned.some((customerId) => targets(notice, customerId));
}

/**
 * The per-plan decision for a notice not yet sent: its author may cancel it; the chosen second pair
 * of eyes, or a director, may approve or reject it; the author never approves their own notice.
 */
export async function noticePlanAccess(
  deps: Pick<MessagingDeps, 'directorGroupId' | 'isInGroup'>,
  plan: NoticePlan,
  actor: Actor,
): Promise<'author' | 'approver' | undefined> {
  if (actor.id === plan.authorId) return 'author';
  if (actor.id === plan.approverId) return 'approver';
  if (deps.directorGroupId && (await deps.isInGroup(actor.id, deps.directorGroupId))) return 'approver';
  return undefined;
}
