import { feedbackReceivedCard, helpCard, refusalCard, type CommandKey } from '../cards';
import { enqueueMessage } from '../messaging/outbox-messages';
import { accountOwners } from '../messaging/people';
import { membersCommand, statusCommand, whyCommand } from './account-commands';
import { accountOfConversation } from './accounts';
import { parseCommand } from './command-words';
import { isAdmin, type CommandInput } from './command-input';
import { noticeCommand, quickReply } from './notice-commands';
import { digestCommand } from './onboarding-commands';
import { card, say, type ConversationContext, type Reply, type Turn } from './turn';

export type CommandHandler = (ctx: ConversationContext, turn: Turn<CommandInput>) => Promise<Reply>;

/** Every text command, by key; the words that reach each are in command-words.ts. */
const COMMANDS: Record<CommandKey, CommandHandler> = {
  help: async (ctx, turn) => [card(helpCard(turn.locale, { isAdmin: await isAdmin(ctx, turn.actor.id) }))],
  status: statusCommand,
  urgent: noticeCommand,
  sync: syncCommand,
  members: membersCommand,
  why: whyCommand,
  feedback: feedbackCommand,
  digest: digestCommand,
};

/** A text message: a command, a quick reply to a notice, or "not recognised" (undefined). */
export async function onText(ctx: ConversationContext, turn: Turn<string>): Promise<Reply | undefined> {
  const parsed = parseCommand(turn.input);
  if (!parsed) return quickReply(ctx, turn);
  return COMMANDS[parsed.key](ctx, { ...turn, input: parsed });
}

async function syncCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  if (!(await isAdmin(ctx, turn.actor.id))) {
    ctx.deps.logger.warn({ userId: turn.actor.id }, 'sync command refused');
    return [card(refusalCard('sync', turn.locale))];
  }
  if (!ctx.runSync) return [say(turn.locale, 'Synkronointi ei ole käytettävissä.', 'Sync is not available here.')];
  const r = await ctx.runSync({ requestedBy: turn.actor.id });
  return [
    say(turn.locale, 'Synkronointi käynnistyi…', 'Sync started…'),
    r.text ? { text: r.text } : say(turn.locale, `Synkronointi valmis: ${r.status}.`, `Sync finished: ${r.status}.`),
  ];
}

async function feedbackCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  const { deps } = ctx;
  const account = await accountOfConversation(deps, turn.conversation);
  const text = turn.input.args;
  if (!account || !text)
    return [
      say(
        turn.locale,
        'Kirjoita palaute asiakkaan kanavalla: palaute teksti.',
        'Write feedback in the account channel: feedback your text.',
      ),
    ];
  const { actor } = turn;
  const saved = await deps.store.feedback.add({
    customerId: account.customerId,
    userId: actor.id,
    userName: actor.name,
    text: text.slice(0, 4000),
  });
  for (const owner of await accountOwners(deps.store, account.customerId)) {
    await enqueueMessage(deps.store, {
      idempotencyKey: `feedback:${saved.id}:${owner.id}`,
      kind: 'feedback',
      customerId: account.customerId,
      target: { userId: owner.id },
      payload: { accountName: account.name, from: { id: actor.id, name: actor.name }, text: saved.text, receivedAt: saved.createdAt },
    });
  }
  ctx.kickDelivery?.();
  return [
    card(feedbackReceivedCard({ accountName: account.name, from: actor, text: '', receivedAt: saved.createdAt }, 'sender', turn.locale)),
  ];
}
