import { accountChoiceCard, type CommandKey } from '../cards';
import type { Account } from '../store';
import type { MessagingDeps } from '../messaging/deps';
import { accountOwners } from '../messaging/people';
import { card, type ConversationInfo, type Reply, type Turn } from './turn';

/** The account whose channel (or a thread in it) this conversation is. */
export async function accountOfConversation(deps: MessagingDeps, conversation: ConversationInfo): Promise<Account | undefined> {
  if (conversation.personal) return undefined;
  const channelId = conversation.channelId ?? conversation.id.split(';')[0]!;
  return deps.store.accounts.getByChannelId(channelId);
}

/** Accounts whose channel the person belongs to (desired membership), with whether they own each. */
export async function accountsOf(deps: MessagingDeps, userId: string): Promise<Array<{ account: Account; owner: boolean }>> {
  const person = await deps.store.people.getByObjectId(userId);
  const ids = new Set<string>();
  if (person) for (const m of await deps.store.desiredMemberships.listForEmail(person.email)) ids.add(m.customerId);
  const out: Array<{ account: Account; owner: boolean }> = [];
  for (const id of ids) {
    const account = await deps.store.accounts.get(id);
    if (!account || account.channelState === 'archived') continue;
    out.push({ account, owner: (await accountOwners(deps.store, id)).some((p) => p.id === userId) });
  }
  // Owners listed by billing's ownerEmail without a desired-membership row still own their accounts.
  if (person) {
    for (const a of await deps.store.accounts.list({ nationalOnly: true })) {
      if (!ids.has(a.customerId) && a.channelState !== 'archived' && a.ownerEmail?.toLowerCase() === person.email.toLowerCase())
        out.push({ account: a, owner: true });
    }
  }
  return out;
}

export type AccountScope = 'owned' | 'member';

/**
 * The account a command is about: the id typed after it, else the channel it was typed in, else the
 * caller's only account; with several, a card to choose one of their own (never a customer number to know).
 */
export async function resolveAccount(
  deps: MessagingDeps,
  turn: Turn<{ args: string; word: string; key: CommandKey }>,
  scope: AccountScope,
): Promise<{ account: Account } | { reply: Reply }> {
  const typed = turn.input.args.split(' ')[0];
  if (typed) {
    const a = await deps.store.accounts.get(typed);
    if (a) return { account: a };
  }
  const here = await accountOfConversation(deps, turn.conversation);
  if (here) return { account: here };
  const mine = (await accountsOf(deps, turn.actor.id)).filter((x) => scope === 'member' || x.owner).map((x) => x.account);
  if (mine.length === 1) return { account: mine[0]! };
  const { locale } = turn;
  if (mine.length === 0)
    return {
      reply: [
        {
          text:
            locale === 'en' ? 'You have no accounts this command applies to.' : 'Sinulla ei ole asiakkuuksia, joihin tämä komento sopii.',
        },
      ],
    };
  return {
    reply: [
      card(
        accountChoiceCard(
          {
            commandWord: turn.input.word,
            command: turn.input.key,
            accounts: mine.map((a) => ({ customerId: a.customerId, name: a.name })),
          },
          locale,
        ),
      ),
    ],
  };
}
