import { readAccessReasons } from '../domain/access-reason';
import { isDone, memberRoles, requiredFor } from '../domain/onboarding';
import type { OnboardingCardAccount } from '../cards';
import type { Account, DesiredMembership, MustRead, Repositories } from '../store';
import type { MergedItem } from '../tabs-api/contracts/toc';
import { itemHref, mergeToc } from '../tabs-api/toc-service';
import { enqueueMessage } from './outbox-messages';
import type { MessagingDepsWith } from './deps';
import type { StorePort } from '../ports/store';
import { accountOwners, channelLink, peopleForEmails } from './people';

/** An account's merged table of contents by item id (template items and the account's own additions). */
/** The repositories onboarding reads and writes. */
type OnboardingStore = Pick<Repositories, 'accounts' | 'desiredMemberships' | 'onboarding' | 'outbox' | 'people' | 'tableOfContents'>;
type OnboardingDeps = MessagingDepsWith<OnboardingStore>;

async function tocById(store: OnboardingStore, customerId: string): Promise<Map<string, MergedItem>> {
  const [items, overrides] = await Promise.all([store.tableOfContents.listItems(), store.tableOfContents.listOverrides(customerId)]);
  return new Map(mergeToc(items, overrides).map((i) => [i.id, i]));
}

/** Must-read rules whose item still exists and is shown in the account (a hidden or deleted item asks nothing). */
async function liveRules(store: OnboardingStore, customerId: string, rules: readonly MustRead[]) {
  const toc = await tocById(store, customerId);
  return rules
    .filter((r) => r.customerId === customerId)
    .flatMap((r) => {
      const item = toc.get(r.itemId);
      return item && !item.hidden ? [{ ...r, item }] : [];
    })
    .sort((a, b) => a.item.sortOrder - b.item.sortOrder || a.item.title.localeCompare(b.item.title, 'fi'));
}

/**
 * A person's must-read items in each of these accounts (with links and whether each is ticked at its
 * current version). Accounts where nothing applies to them are left out unless `includeEmpty`.
 */
export async function onboardingFor(
  deps: OnboardingDeps,
  userId: string,
  customerIds: readonly string[],
  opts: { includeEmpty?: boolean } = {},
): Promise<Array<OnboardingCardAccount & { account: Account }>> {
  const { store } = deps;
  const email = (await store.people.getByObjectId(userId))?.email;
  if (!email || customerIds.length === 0) return [];
  const memberships = new Map((await store.desiredMemberships.listForEmail(email)).map((m) => [m.customerId, m]));
  const [rules, acks] = await Promise.all([store.onboarding.listMustRead(customerIds), store.onboarding.listAcks(customerIds, userId)]);
  const out: Array<OnboardingCardAccount & { account: Account }> = [];
  for (const customerId of new Set(customerIds)) {
    const membership = memberships.get(customerId);
    const account = membership ? await store.accounts.get(customerId) : undefined;
    if (!membership || !account) continue;
    const mine = requiredFor(await liveRules(store, customerId, rules), memberRoles(membership.reasons));
    if (mine.length === 0 && !opts.includeEmpty) continue;
    const links = { teamsAppId: deps.teamsAppId, teamId: deps.teamId, tenantId: deps.tenantId ?? '' };
    out.push({
      account,
      customerId,
      accountName: account.name,
      channelUrl: channelLink(account.channelId, account.channelName ?? account.name, deps.teamId, deps.tenantId),
      items: mine.map((r) => ({
        itemId: r.itemId,
        title: r.item.title,
        version: r.version,
        href: itemHref(r.item, account, links),
        done: isDone(
          r,
          acks.filter((a) => a.customerId === customerId),
        ),
      })),
    });
  }
  return out;
}

export const isComplete = (a: Pick<OnboardingCardAccount, 'items'>) => a.items.every((i) => i.done);

/** One member's onboarding in an account, for the owner's view and the digest. */
export interface MemberOnboarding {
  email: string;
  name: string;
  userId: string | null;
  roles: string[];
  required: number;
  done: number;
  complete: boolean;
  startedAt: string | null;
}

/** Every member of the account with how many of their must-read items they have ticked. */
export async function onboardingStatus(
  store: OnboardingStore,
  customerId: string,
): Promise<{ rules: Awaited<ReturnType<typeof liveRules>>; members: MemberOnboarding[] }> {
  const [members, rules, acks] = await Promise.all([
    store.desiredMemberships.listForAccount(customerId),
    store.onboarding.listMustRead([customerId]),
    store.onboarding.listAcks([customerId]),
  ]);
  const live = await liveRules(store, customerId, rules);
  const people = await store.people.getMany(members.map((m) => m.email));
  const starts = new Map((await store.onboarding.listStarts(customerId)).map((s) => [s.userId, s.startedAt]));
  const rows = members.map((m: DesiredMembership) => {
    const person = people.get(m.email.toLowerCase());
    const userId = person?.objectId ?? null;
    const roles = memberRoles(m.reasons);
    const mine = requiredFor(live, roles);
    const done = mine.filter((r) =>
      isDone(
        r,
        acks.filter((a) => a.userId === userId),
      ),
    ).length;
    return {
      email: m.email,
      name: person?.displayName ?? m.email,
      userId,
      roles: [...roles].filter((r) => r !== 'everyone').sort(),
      required: mine.length,
      done,
      complete: done === mine.length,
      startedAt: (userId && starts.get(userId)) || null,
    };
  });
  return { rules: live, members: rows.sort((a, b) => Number(a.complete) - Number(b.complete) || a.name.localeCompare(b.name, 'fi')) };
}

/**
 * After a person's welcome went out: their onboarding starts now (the reminder counts from here), and
 * when they joined as a supervisor the account's owners are told, once per account and person.
 */
export async function recordWelcomeDelivered(
  deps: OnboardingDeps,
  userId: string,
  email: string | null,
  channels: ReadonlyArray<{ customerId: string; accountName: string; reasons: unknown }>,
): Promise<void> {
  const { store } = deps;
  const person = await store.people.getByObjectId(userId);
  for (const c of channels) {
    if (!(await store.onboarding.markStarted(c.customerId, userId, email ?? person?.email ?? null))) continue;
    const roles = memberRoles(readAccessReasons(c.reasons));
    if (!roles.has('supervisor')) continue;
    for (const owner of await accountOwners(store, c.customerId)) {
      if (owner.id === userId) continue;
      await enqueueMessage(store, {
        idempotencyKey: `onboarding-joined:${c.customerId}:${userId}:${owner.id}`,
        kind: 'onboarding-joined',
        customerId: c.customerId,
        target: { userId: owner.id },
        payload: {
          customerId: c.customerId,
          accountName: c.accountName,
          person: { id: userId, name: person?.displayName ?? email ?? userId },
        },
      });
    }
  }
}

/**
 * Daily: whoever got their welcome `days` ago or more and has not ticked every must-read item gets one
 * reminder per account (marked in the same transaction as the outbox item, so a second run sends none).
 */
export async function queueOnboardingReminders(
  deps: MessagingDepsWith<StorePort<OnboardingStore>>,
  opts: { days: number },
): Promise<{ queued: number }> {
  const before = new Date(deps.clock.now().getTime() - opts.days * 86_400_000).toISOString();
  let queued = 0;
  for (const start of await deps.store.onboarding.listUnreminded(before)) {
    const [mine] = await onboardingFor(deps, start.userId, [start.customerId]);
    const pending = mine !== undefined && !isComplete(mine);
    const sent = await deps.store.transaction(async (store) => {
      if (!(await store.onboarding.markReminded(start.customerId, start.userId)) || !pending) return false;
      await enqueueMessage(store, {
        idempotencyKey: `onboarding-reminder:${start.customerId}:${start.userId}`,
        kind: 'onboarding-reminder',
        customerId: start.customerId,
        target: { userId: start.userId },
        payload: { customerId: start.customerId },
      });
      return true;
    });
    if (sent) queued++;
  }
  deps.logger.info({ queued }, 'onboarding reminders');
  return { queued };
}

/**
 * The owner changed a must-read item and asks everyone to read it again: its version grows (earlier
 * ticks stop counting) and each member it applies to gets a card with the item.
 */
export async function requestReread(
  deps: { store: OnboardingStore },
  customerId: string,
  itemId: string,
  by: string,
): Promise<{ asked: number }> {
  const { store } = deps;
  const rule = (await store.onboarding.listMustRead([customerId])).find((r) => r.itemId === itemId);
  if (!rule) return { asked: 0 };
  const saved = await store.onboarding.setMustRead(customerId, itemId, rule.roles, by, true);
  if (!saved) return { asked: 0 };
  const members = (await store.desiredMemberships.listForAccount(customerId)).filter(
    (m) => requiredFor([saved], memberRoles(m.reasons)).length > 0,
  );
  const people = await peopleForEmails(
    store,
    members.map((m) => m.email),
  );
  for (const p of people) {
    await enqueueMessage(store, {
      idempotencyKey: `onboarding-reread:${customerId}:${itemId}:v${saved.version}:${p.id}`,
      kind: 'onboarding-reread',
      customerId,
      target: { userId: p.id },
      payload: { customerId, itemId, version: saved.version },
    });
  }
  return { asked: people.length };
}
