import type { AdaptiveCardJson, CardLocale } from '../cards';
import type { MessagingDeps } from '../messaging/deps';
import type { Actor } from '../messaging/notices';

/** Where a turn happens, as the bot adapter saw it (no SDK types). */
export interface ConversationInfo {
  /** Bot Framework conversation id; a thread in a channel ends in `;messageid=<root>`. */
  id: string;
  personal: boolean;
  /** The Teams channel (team conversations only). */
  channelId?: string;
  /** The message a card action came from. */
  replyToId?: string;
}

/** One incoming turn for a use case: who, where, in which language, and the input. */
export interface Turn<I> {
  actor: Actor;
  conversation: ConversationInfo;
  locale: CardLocale;
  input: I;
}

/** What a command answers: messages in order, each a plain text (sent as literal text) or a card. */
export type ReplyPart = { text: string } | { card: AdaptiveCardJson };
export type Reply = ReplyPart[];

/** What a card verb (Action.Execute) answers: the card that replaces the clicked one, or a short message. */
export type VerbReply = { card: AdaptiveCardJson } | { message: string } | { badRequest: string };

/** Sync started from the bot (wired by the server to `runSync`; with `approveRunId`, to `approveHeldRun`). */
export type SyncRunner = (req: {
  requestedBy: string;
  /** Approve this held run: exactly its held part, or a re-plan when Teams or billing changed since. */
  approveRunId?: string;
  /** With `approveRunId`: only this account's held part. */
  approveCustomerId?: string;
}) => Promise<{ status: string; exitCode: number; text?: string; refusal?: { fi: string; en: string } }>;

/** What every use case of the conversation gets. */
export interface ConversationContext {
  deps: MessagingDeps;
  runSync?: SyncRunner;
  /** Sends what the outbox holds now (after queueing something), without waiting for the scheduler. */
  kickDelivery?: () => void;
}

const text = (t: string): ReplyPart => ({ text: t });
export const card = (c: AdaptiveCardJson): ReplyPart => ({ card: c });
export const say = (locale: CardLocale, fi: string, en: string): ReplyPart => text(locale === 'en' ? en : fi);
