import { errorCard, noticeOpenCard, refusalCard, NOTICE_VERBS } from '../cards';
import { AppError } from '../errors/app-error';
import { noticeAccess } from '../messaging/notice-access';
import { acknowledgeNotice, composeNotice, editNotice, noticeCardFor, quickReplyKind, withdrawNotice } from '../messaging/notices';
import { MENTION_VALUES, parseMention } from '../messaging/mention-roles';
import type { MentionSpec } from '../store';
import { accountOfConversation } from './accounts';
import type { CommandInput } from './command-input';
import { card, say, type ConversationContext, type Reply, type Turn, type VerbReply } from './turn';

/** `tiedote [asiakasnumero|kaikki] Otsikko | Teksti` */
export async function noticeCommand(ctx: ConversationContext, turn: Turn<CommandInput>): Promise<Reply> {
  const { deps } = ctx;
  const { args } = turn.input;
  // Without text (or "tiedote uusi"): a button that opens the notice dialog, the channel's account preselected.
  if (!args || ['uusi', 'new', 'lomake', 'form'].includes(args.toLowerCase())) {
    const here = await accountOfConversation(deps, turn.conversation);
    return [card(noticeOpenCard({ customerId: here?.customerId }, turn.locale))];
  }
  const [first = '', ...more] = args.split(' ');
  const all = ['all', 'kaikki'].includes(first.toLowerCase());
  const named = !all && first ? await deps.store.accounts.get(first) : undefined;
  const restText = all || named ? more.join(' ') : args;
  const parts = restText.split('|');
  // An optional last part "maininta: ROLE" / "mention: ROLE" chooses whom to @mention (supervisors by default).
  const mentionPart = parts.length > 2 ? /^\s*(?:maininta|mention)\s*[:=]\s*(.+)$/i.exec(parts[parts.length - 1]!) : null;
  if (mentionPart) parts.pop();
  const [title = '', ...bodyParts] = parts;
  const body = bodyParts.join('|').trim();
  let mention: MentionSpec | undefined;
  try {
    mention = mentionPart ? parseMention(mentionPart[1]!) : undefined;
  } catch {
    const valid = MENTION_VALUES.join(', ');
    return [
      say(
        turn.locale,
        `Tuntematon rooli "${mentionPart![1]!.trim()}". Sallitut arvot: ${valid}.`,
        `Unknown role "${mentionPart![1]!.trim()}". Valid values: ${valid}.`,
      ),
    ];
  }
  const account = named ?? (all ? undefined : await accountOfConversation(deps, turn.conversation));
  if (!title.trim() || !body || (!all && !account)) {
    return [
      say(
        turn.locale,
        'Käyttö: tiedote [<asiakasnumero> | kaikki] <otsikko> | <teksti> [| maininta: <rooli>] (asiakkaan kanavalla asiakas on valmiiksi valittu).',
        'Usage: notice [<account id> | all] <title> | <text> [| mention: <role>] (in an account channel the account is implied).',
      ),
    ];
  }
  try {
    const { accounts } = await composeNotice(deps, {
      author: turn.actor,
      title,
      body,
      targets: all ? { all: true } : { accounts: [account!.customerId] },
      mention,
    });
    ctx.kickDelivery?.();
    return [
      say(
        turn.locale,
        `Kiireellinen tiedote lähtee ${accounts.length} kanavalle.`,
        `Urgent notice queued for ${accounts.length} channel(s).`,
      ),
    ];
  } catch (err) {
    const e = AppError.from(err);
    return [card(e.code === 'FORBIDDEN' ? refusalCard('urgentNotice', turn.locale) : errorCard({ error: e }, turn.locale))];
  }
}

/**
 * "OK" / "selvä" / "selvitän" as a receipt: in a notice's thread it answers that notice; in the
 * personal chat it answers the active notices the user was reminded about there and has not
 * acknowledged. Undefined when the text is not a quick reply to anything.
 */
export async function quickReply(ctx: ConversationContext, turn: Turn<string>): Promise<Reply | undefined> {
  const kind = quickReplyKind(turn.input);
  if (!kind) return undefined;
  const noticeIds = await noticesRepliedTo(ctx, turn);
  if (noticeIds.length === 0) return undefined;
  for (const noticeId of noticeIds) {
    // Only those the notice concerns record a receipt (notice-access.ts).
    if (!(await noticeAccess(ctx.deps, noticeId, turn.actor))) continue;
    await acknowledgeNotice(ctx.deps, noticeId, turn.actor, kind).catch((err) => {
      if (AppError.from(err).code !== 'CONFLICT') throw err;
    });
  }
  return [say(turn.locale, 'Kiitos, vastauksesi on kirjattu.', 'Thanks, your reply was recorded.')];
}

async function noticesRepliedTo(ctx: ConversationContext, turn: Turn<string>): Promise<string[]> {
  const { store } = ctx.deps;
  const conv = turn.conversation.id;
  const m = /;messageid=(.+)$/.exec(conv);
  if (m) {
    const ref = await store.messageRefs.findByActivity(conv, m[1]!);
    return ref?.kind === 'notice' ? [ref.refId] : [];
  }
  if (!turn.conversation.personal) return [];
  const out: string[] = [];
  for (const ref of await store.messageRefs.listInConversation(conv, 'reminder')) {
    if (out.includes(ref.refId)) continue;
    const notice = await store.notices.get(ref.refId);
    if (notice?.state !== 'active' || (await store.acknowledgements.get(ref.refId, turn.actor.id))?.kind === 'ack') continue;
    out.push(ref.refId);
  }
  return out;
}

/** The account a notice card was clicked in: the posted copy's record, else the channel. */
async function customerOfCard(ctx: ConversationContext, turn: Turn<unknown>): Promise<string | undefined> {
  const { conversation } = turn;
  const ref = conversation.replyToId ? await ctx.deps.store.messageRefs.findByActivity(conversation.id, conversation.replyToId) : undefined;
  return ref?.customerId ?? (await accountOfConversation(ctx.deps, conversation))?.customerId;
}

type NoticeVerbInput = Record<string, unknown>;

/**
 * The notice card's verbs. Each resolves the notice and the account it was clicked in, then
 * authorises, then acts. `ack` and `refresh` show content and store receipts, so only those the
 * notice concerns may use them (src/messaging/notice-access.ts); others get the generic card.
 */
async function noticeVerb(
  ctx: ConversationContext,
  turn: Turn<NoticeVerbInput>,
  act: (noticeId: string, customerId: string | undefined) => Promise<VerbReply>,
  checkAccess = false,
): Promise<VerbReply> {
  const noticeId = typeof turn.input.noticeId === 'string' ? turn.input.noticeId : '';
  const customerId = await customerOfCard(ctx, turn);
  if (checkAccess && !(await noticeAccess(ctx.deps, noticeId, turn.actor))) {
    ctx.deps.logger.warn({ noticeId: noticeId.slice(0, 100), userId: turn.actor.id }, 'notice card action refused');
    return { card: refusalCard('generic', turn.locale) };
  }
  return act(noticeId, customerId);
}

export const noticeVerbs = {
  async [NOTICE_VERBS.ack](ctx: ConversationContext, turn: Turn<NoticeVerbInput>): Promise<VerbReply> {
    return noticeVerb(
      ctx,
      turn,
      async (noticeId, customerId) => {
        await acknowledgeNotice(ctx.deps, noticeId, turn.actor, 'ack');
        return { card: await noticeCardFor(ctx.deps, noticeId, turn.actor, { customerId, locale: turn.locale }) };
      },
      true,
    );
  },
  async [NOTICE_VERBS.refresh](ctx: ConversationContext, turn: Turn<NoticeVerbInput>): Promise<VerbReply> {
    return noticeVerb(
      ctx,
      turn,
      async (noticeId, customerId) => ({ card: await noticeCardFor(ctx.deps, noticeId, turn.actor, { customerId, locale: turn.locale }) }),
      true,
    );
  },
  async [NOTICE_VERBS.edit](ctx: ConversationContext, turn: Turn<NoticeVerbInput>): Promise<VerbReply> {
    // editNotice allows only the author and directors; every posted copy is then updated (urgent).
    return noticeVerb(ctx, turn, async (noticeId, customerId) => {
      const text = (k: string) => (typeof turn.input[k] === 'string' ? (turn.input[k] as string) : undefined);
      await editNotice(ctx.deps, noticeId, turn.actor, { title: text('noticeTitle'), body: text('noticeBody') });
      ctx.kickDelivery?.();
      return { card: await noticeCardFor(ctx.deps, noticeId, turn.actor, { customerId, locale: turn.locale }) };
    });
  },
  async [NOTICE_VERBS.withdraw](ctx: ConversationContext, turn: Turn<NoticeVerbInput>): Promise<VerbReply> {
    // withdrawNotice itself allows only the author and directors.
    return noticeVerb(ctx, turn, async (noticeId, customerId) => {
      await withdrawNotice(ctx.deps, noticeId, turn.actor);
      ctx.kickDelivery?.();
      return { card: await noticeCardFor(ctx.deps, noticeId, turn.actor, { customerId, locale: turn.locale }) };
    });
  },
};
