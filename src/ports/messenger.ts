import { AppError, type ErrorCode } from '../errors/app-error';

/**
 * How the app sends Bot Framework activities. `bot/` implements it over the Bot Connector REST API;
 * the outbox delivery in `src/messaging` paces and retries around it. One call = one HTTP request.
 */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  summary?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  entities?: unknown[];
  [key: string]: unknown;
}

export interface SentMessage {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

export interface MessageLocation {
  conversationId: string;
  activityId: string;
  serviceUrl?: string | null;
}

export interface Messenger {
  /** A new thread in a team channel (create conversation with `channelData.channel.id`). */
  postToChannel(
    channel: { channelId: string; teamId?: string | null; serviceUrl?: string | null },
    activity: OutgoingActivity,
  ): Promise<SentMessage>;
  /** Creates (or finds) the bot's 1:1 chat with a user; one request, nothing posted yet. */
  openPersonalChat(user: {
    userId: string;
    tenantId?: string | null;
    serviceUrl?: string | null;
  }): Promise<{ conversationId: string; serviceUrl: string }>;
  /** A new message in a known conversation (e.g. a personal chat from a stored reference). */
  sendToConversation(at: { conversationId: string; serviceUrl?: string | null }, activity: OutgoingActivity): Promise<SentMessage>;
  updateMessage(at: MessageLocation, activity: OutgoingActivity): Promise<void>;
  deleteMessage(at: MessageLocation): Promise<void>;
}

/** What a failed send carries in its AppError's details, for the delivery to decide on a retry. */
export interface SendFailure {
  /** The Bot Connector's HTTP status; 0 = no answer or a timeout; -1 = the failure was not a send. */
  sendStatus: number;
  retryAfterMs?: number;
  connectorCode?: string;
}

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  412: 'CONFLICT',
  429: 'THROTTLED',
};

/** A failed Bot Connector call as the app's one error type. */
export function sendError(message: string, failure: SendFailure): AppError {
  return new AppError(CODE_OF_STATUS[failure.sendStatus] ?? 'UPSTREAM', message, { details: { ...failure } });
}

/** The send failure an error describes; an error from elsewhere counts as status -1 (not retried). */
export function sendFailureOf(err: unknown): SendFailure {
  const d = err instanceof AppError ? err.details : undefined;
  if (typeof d?.sendStatus !== 'number') return { sendStatus: -1 };
  return {
    sendStatus: d.sendStatus,
    retryAfterMs: d.retryAfterMs as number | undefined,
    connectorCode: d.connectorCode as string | undefined,
  };
}

/** Teams "Rate limiting for bots": retry 429, 412, 502, 503, 504 (status 0 = no answer / timeout). */
export function isRetryableSend(f: SendFailure): boolean {
  return [0, 412, 429, 500, 502, 503, 504].includes(f.sendStatus);
}
