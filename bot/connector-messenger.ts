import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Logger } from '../src/ports/logger';
import { createKeepAliveRequester, type PlainResponse } from './keep-alive-request';
import { sendError, sendFailureOf, type MessageLocation, type OutgoingActivity, type SentMessage } from '../src/ports/messenger';
import type { DeliveryMessenger } from '../src/messaging/deps';

export interface ConnectorMessengerOptions {
  botId: string;
  botPassword: string;
  tenantId: string;
  authorityHost: string;
  /** Default service URL for proactive sends (BOT_SERVICE_URL). */
  serviceUrl: string;
  logger: Logger;
  timeoutMs?: number;
  /** For tests: replaces the token acquisition. */
  getToken?: () => Promise<string>;
}

/**
 * Messenger over the Bot Connector REST API (v3 conversations). Deliberately a thin REST client,
 * not botbuilder's ConnectorClient: that client's pipeline retries 429/5xx on its own, which
 * would hide throttling from our pacer and outbox; here every call is exactly one request and the
 * caller sees the status and Retry-After. The token is the bot's client-credentials token for
 * https://api.botframework.com, from the same authority the adapter uses.
 */
export function createConnectorMessenger(o: ConnectorMessengerOptions): DeliveryMessenger & { prepare(): Promise<void> } {
  const log = o.logger.child('connector-messenger');
  const authority = `${o.authorityHost.replace(/\/$/, '')}/${o.tenantId}`;
  const msal = o.getToken
    ? undefined
    : new ConfidentialClientApplication({
        auth: { clientId: o.botId, clientSecret: o.botPassword, authority, knownAuthorities: [new URL(o.authorityHost).host] },
      });
  // MSAL caches the token too, but looking it up costs more CPU than a send in a burst of hundreds.
  let cached: { token: string; until: number } | undefined;
  // One acquisition at a time: a burst's first 50 sends would otherwise each run MSAL's authority
  // discovery and token request (cold, 50 + 40 requests and ~0.7 s before the first send went out).
  let acquiring: Promise<string> | undefined;
  const acquire = async (): Promise<string> => {
    const r = await msal!.acquireTokenByClientCredential({ scopes: ['https://api.botframework.com/.default'] });
    if (!r?.accessToken) throw sendError('no bot connector token', { sendStatus: 401 });
    // Renewed five minutes before it expires.
    cached = { token: r.accessToken, until: (r.expiresOn?.getTime() ?? Date.now()) - 5 * 60_000 };
    return r.accessToken;
  };
  const token = async (): Promise<string> => {
    if (o.getToken) return o.getToken();
    if (cached && Date.now() < cached.until) return cached.token;
    acquiring ??= acquire().finally(() => {
      acquiring = undefined;
    });
    return acquiring;
  };
  const base = (serviceUrl?: string | null) => (serviceUrl || o.serviceUrl).replace(/\/?$/, '/');

  const request = createKeepAliveRequester({ timeoutMs: o.timeoutMs });

  async function call<T>(method: string, serviceUrl: string | null | undefined, path: string, body?: unknown): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), base(serviceUrl)).toString();
    let res: PlainResponse;
    try {
      const headers = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', accept: 'application/json' };
      res = await request(method, url, headers, body === undefined ? undefined : JSON.stringify(body));
    } catch (err) {
      if (sendFailureOf(err).sendStatus !== -1) throw err;
      throw sendError(`${method} ${path}: ${(err as Error).message}`, { sendStatus: 0 });
    }
    const text = res.text;
    if (res.status === 401) cached = undefined;
    if (res.status < 200 || res.status > 299) {
      const header = res.headers['retry-after'];
      const retryAfter = parseRetryAfter(Array.isArray(header) ? (header[0] ?? null) : (header ?? null));
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        /* not JSON */
      }
      log.debug({ method, path, status: res.status, code }, 'bot connector call failed');
      throw sendError(`${method} ${path} answered ${res.status}${code ? ` ${code}` : ''}`, {
        sendStatus: res.status,
        retryAfterMs: retryAfter,
        connectorCode: code,
      });
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  const messenger = {
    /** Fetches the token ahead of the first send (a delivery run calls it while it renders). */
    async prepare(): Promise<void> {
      await token();
    },

    async postToChannel(channel, activity): Promise<SentMessage> {
      const body = {
        isGroup: true,
        channelData: {
          channel: { id: channel.channelId },
          ...(channel.teamId ? { team: { id: channel.teamId } } : {}),
          tenant: { id: o.tenantId },
        },
        activity,
        tenantId: o.tenantId,
      };
      const r = await call<{ id: string; activityId?: string }>('POST', channel.serviceUrl, 'v3/conversations', body);
      return { conversationId: r.id, activityId: r.activityId ?? r.id.split(';messageid=')[1] ?? '', serviceUrl: base(channel.serviceUrl) };
    },

    async openPersonalChat(user) {
      const tenantId = user.tenantId ?? o.tenantId;
      const conv = await call<{ id: string }>('POST', user.serviceUrl, 'v3/conversations', {
        isGroup: false,
        bot: { id: o.botId },
        members: [{ id: user.userId }],
        channelData: { tenant: { id: tenantId } },
        tenantId,
      });
      return { conversationId: conv.id, serviceUrl: base(user.serviceUrl) };
    },

    async sendToConversation(at, activity): Promise<SentMessage> {
      const sent = await call<{ id: string }>(
        'POST',
        at.serviceUrl,
        `v3/conversations/${encodeURIComponent(at.conversationId)}/activities`,
        activity,
      );
      return { conversationId: at.conversationId, activityId: sent.id, serviceUrl: base(at.serviceUrl) };
    },

    async updateMessage(at: MessageLocation, activity: OutgoingActivity): Promise<void> {
      await call(
        'PUT',
        at.serviceUrl,
        `v3/conversations/${encodeURIComponent(at.conversationId)}/activities/${encodeURIComponent(at.activityId)}`,
        { ...activity, id: at.activityId },
      );
    },

    async deleteMessage(at: MessageLocation): Promise<void> {
      await call(
        'DELETE',
        at.serviceUrl,
        `v3/conversations/${encodeURIComponent(at.conversationId)}/activities/${encodeURIComponent(at.activityId)}`,
      );
    },
  } satisfies DeliveryMessenger;
  return messenger;
}

function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
