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

/** A failed send, with what the delivery logic needs to decide on a retry. */
export class MessengerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'MessengerError';
  }

  /** Teams "Rate limiting for bots": retry 429, 412, 502, 503, 504 (status 0 = no answer / timeout). */
  get retryable(): boolean {
    return [0, 412, 429, 500, 502, 503, 504].includes(this.status);
  }
}
