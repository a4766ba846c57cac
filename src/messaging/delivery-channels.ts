import { AppError } from '../errors/app-error';
import { sendFailureOf, type OutgoingActivity, type SentMessage } from '../ports/messenger';
import type { SettleRequest } from './bot-pacer';
import type { DeliveryDeps } from './deps';
import type { Destinations } from './destinations';
import type { Operation } from './render-items';

export type SendOperation = Exclude<Operation, { op: 'skip' }>;

/** What a send needs besides the operation. */
export interface SendContext {
  deps: DeliveryDeps;
  destinations: Destinations;
}

/**
 * One medium the outbox delivers through, with its own pacing key and retry policy. Today: a Teams
 * channel (new threads, updates and deletions of posted messages) and a Teams personal chat; e-mail
 * would be a third. All share the bot's per-app window through the one pacer.
 */
export interface DeliveryChannel {
  readonly medium: string;
  /** Retries inside a delivery run before the item goes back to the outbox, and the longest wait honoured inline. */
  readonly retry: { inlineRetries: number; maxInlineWaitMs: number };
  /** A 429 frees the pacer slot (the service did not count it); false when a send may make more than one request. */
  readonly refusedFrees: boolean;
  /** The conversation whose limits the operation counts against. */
  pacingKey(op: SendOperation): string;
  send(ctx: SendContext, op: SendOperation, slot: SettleRequest): Promise<SentMessage | undefined>;
}

const teamsChannel: DeliveryChannel = {
  medium: 'teams-channel',
  retry: { inlineRetries: 4, maxInlineWaitMs: 30_000 },
  refusedFrees: true,
  pacingKey: (op) => (op.op === 'channel' ? op.channelId : op.op === 'user' ? `user:${op.userId}` : op.at.conversationId.split(';')[0]!), // a thread counts as its channel
  async send({ deps, destinations }, op) {
    switch (op.op) {
      case 'channel': {
        const to = await destinations.channel(op.channelId, op.teamId);
        return deps.messenger.postToChannel({ channelId: to.conversationId, teamId: op.teamId, serviceUrl: to.serviceUrl }, op.activity);
      }
      case 'update':
        await deps.messenger.updateMessage(op.at, op.activity);
        return undefined;
      case 'delete':
        await deps.messenger.deleteMessage(op.at);
        return undefined;
      case 'user':
        throw new AppError('INTERNAL', 'a personal message goes through teamsPersonalChat');
    }
  },
};

const teamsPersonalChat: DeliveryChannel = {
  medium: 'teams-personal',
  retry: { inlineRetries: 4, maxInlineWaitMs: 30_000 },
  // A send to a gone chat made an earlier, counted request on this slot before opening a new chat.
  refusedFrees: false,
  pacingKey: (op) => (op.op === 'user' ? `user:${op.userId}` : teamsChannel.pacingKey(op)),
  async send({ deps, destinations }, op, slot) {
    if (op.op !== 'user') throw new AppError('INTERNAL', `a ${op.op} operation goes through teamsChannel`);
    return sendPersonal(deps, destinations, op.userId, op.activity, slot);
  },
};

/** The medium an operation goes through. */
export function deliveryChannelFor(op: SendOperation): DeliveryChannel {
  return op.op === 'user' ? teamsPersonalChat : teamsChannel;
}

/**
 * Into the stored personal chat when the bot has one (one request, on the caller's pacer slot);
 * otherwise the chat is created first and remembered for next time. Then the caller's slot is given
 * up before new ones are taken: a worker waiting for a slot while holding one deadlocked as soon as
 * more sends to one person than that chat's window (7) started together, e.g. a first sync's notes.
 */
async function sendPersonal(
  deps: DeliveryDeps,
  destinations: Destinations,
  userId: string,
  activity: OutgoingActivity,
  slot: SettleRequest,
): Promise<SentMessage> {
  const stored = await destinations.personal(userId);
  if (stored) {
    try {
      return await deps.messenger.sendToConversation(stored, activity);
    } catch (err) {
      // The user removed the app (or the chat is gone): start a new chat instead of failing for good.
      const { sendStatus } = sendFailureOf(err);
      if (sendStatus !== 404 && sendStatus !== 403) throw err;
      await destinations.forgetPersonal(userId, stored.conversationId);
    }
  }
  // Used for the stored chat: it counts. Unused: no request was made on it, so it frees at once.
  slot({ refused: !stored });
  const settleOpen = await deps.pacer.acquire();
  const chat = await deps.messenger
    .openPersonalChat({ userId, tenantId: deps.tenantId, serviceUrl: deps.serviceUrl })
    .finally(() => settleOpen());
  await destinations.savePersonal(userId, deps.tenantId, chat);
  const settleSend = await deps.pacer.acquire(`user:${userId}`);
  return deps.messenger.sendToConversation(chat, activity).finally(() => settleSend());
}
