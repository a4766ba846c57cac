import { membersCard, refusalCard, weeklyStatusCard, whyAccessListCard, type WhyAccessEntry } from '../cards';
import type { Account } from '../store';
import type { AccessReason } from '../domain/access-reason';
import { isAccountOwner } from '../messaging/people';
import { editableWeek, weeklyCardData, weeklyFormFor } from '../messaging/weekly';
import { accountOfConversation, accountsOf, resolveAccount } from './accounts';
import { isAdmin, type CommandInput } from './command-input';
import { card, type ConversationContext, type Reply, type Turn } from './turn';

/** `tila [asiakas]`: the owner's weekly status card with its Edit button (others are refused). */
export async function statusCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  const found = await resolveAccount(ctx.deps, turn, 'owned');
  if ('reply' in found) return found.reply;
  return statusOf(ctx, turn, found.account);
}

export async function statusOf(ctx: ConversationContext, turn: Turn<unknown>, account: Account): Promise<Reply> {
  const { deps } = ctx;
  const form = await weeklyFormFor(deps, turn.actor, account.customerId, undefined, turn.locale);
  if (!form.allowed) return [card(form.card)];
  const week = await editableWeek(deps, account.customerId);
  const data = await weeklyCardData(deps, account.customerId, week);
  return [card(weeklyStatusCard({ ...data!, editable: true }, turn.locale, { timeZone: deps.timeZone }))];
}

/** `jäsenet [asiakas]`: the channel's members and why, for its members and admins. */
export async function membersCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  const found = await resolveAccount(ctx.deps, turn, 'member');
  if ('reply' in found) return found.reply;
  return membersOf(ctx, turn, found.account);
}

export async function membersOf(ctx: ConversationContext, turn: Turn<unknown>, account: Account): Promise<Reply> {
  const { deps } = ctx;
  const desired = await deps.store.desiredMemberships.listForAccount(account.customerId);
  const people = await deps.store.people.getMany(desired.map((d) => d.email));
  const me = [...people.values()].find((p) => p.objectId === turn.actor.id);
  if (!me && !(await isAccountOwner(deps.store, account.customerId, turn.actor.id)) && !(await isAdmin(ctx, turn.actor.id))) {
    deps.logger.warn({ userId: turn.actor.id, customerId: account.customerId }, 'members command refused');
    return [card(refusalCard('members', turn.locale))];
  }
  const members = desired.map((d) => ({
    name: people.get(d.email)?.displayName ?? d.email,
    reasons: d.reasons,
  }));
  return [card(membersCard({ accountName: account.name, members }, turn.locale))];
}

/** `miksi`: in a channel, why the caller is in it; elsewhere every account they are in, in one card. */
export async function whyCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  const { deps } = ctx;
  const typed = turn.input.args.split(' ')[0];
  const only = (typed ? await deps.store.accounts.get(typed) : undefined) ?? (await accountOfConversation(deps, turn.conversation));
  const person = await deps.store.people.getByObjectId(turn.actor.id);
  const memberships = person ? await deps.store.desiredMemberships.listForEmail(person.email) : [];
  const mine = await accountsOf(deps, turn.actor.id);
  const entries: WhyAccessEntry[] = [];
  for (const { account, owner } of mine) {
    if (only && account.customerId !== only.customerId) continue;
    const m = memberships.find((x) => x.customerId === account.customerId);
    const reasons: AccessReason[] = m?.reasons ?? (owner ? [{ kind: 'key_account_director' }] : []);
    entries.push({ accountName: account.name, reasons, viewerIsOwner: owner });
  }
  if (only && entries.length === 0) entries.push({ accountName: only.name, reasons: [] });
  return [card(whyAccessListCard(entries, turn.locale))];
}
