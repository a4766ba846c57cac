import crypto from 'node:crypto';
import type { Clock } from '../src/ports/clock';
import { EmulatorHttpError } from './errors';
import type { FaultInjector } from './faults';
import { newActivityId } from './ids';
import { Router } from './router';
import type { Store } from './state';
import { botChecks, type SlidingWindowLimiter } from './throttle';
import type { ActivityRecord, ConversationRecord, EmulatorRules, LoggedRequest, MemberRecord, UserRecord } from './types';
import { appUsableIn } from './graph/channel-apps';

/** Teams rejects messages over about 28 KB ("Format your bot messages", message size limit). */
const MAX_ACTIVITY_BYTES = 28 * 1024;

export interface BotRequest {
  method: string;
  path: string;
  body: any;
  appId: string;
}
export interface BotResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: boolean;
}
type BotHandler = (req: BotRequest, p: Record<string, string>) => BotResult;

const botError = (status: number, code: string, message: string) => new EmulatorHttpError(status, code, message);

export interface BotConnectorDeps {
  store: Store;
  tenantId: string;
  serviceUrl: string;
  limiter: SlidingWindowLimiter;
  faults: FaultInjector;
  clock: Clock;
  throttling: () => boolean;
  log: (r: LoggedRequest) => void;
  rules: EmulatorRules;
  /** Bot app id -> Teams app id (the manifest that declares the bot). */
  botApps: Record<string, string>;
}

/** Teams roster ids ("29:...") encode the user's object id so they map back without a lookup table. */
const rosterId = (userId: string) => `29:1${Buffer.from(userId).toString('base64url')}`;
function userFromRosterId(store: Store, id: string): UserRecord | undefined {
  if (id.startsWith('29:1')) {
    const decoded = Buffer.from(id.slice(4), 'base64url').toString('utf8');
    return store.users.get(decoded);
  }
  return store.findUser(id);
}

export class BotConnector {
  private readonly router = new Router<BotHandler>();

  constructor(private readonly d: BotConnectorDeps) {
    const C = '/v3/conversations/:conversationId';
    this.router
      .add('POST', '/v3/conversations', (r) => this.createConversation(r))
      .add('GET', `${C}/members`, (r, p) => ({ status: 200, body: this.roster(this.usable(r, p.conversationId!)) }))
      .add('GET', `${C}/pagedmembers`, (r, p) => ({ status: 200, body: { members: this.roster(this.usable(r, p.conversationId!)) } }))
      .add('GET', `${C}/members/:memberId`, (r, p) => this.member(this.usable(r, p.conversationId!), p.memberId!))
      .add('POST', `${C}/activities`, (r, p) => this.send(this.usable(r, p.conversationId!), r.body, undefined))
      .add('POST', `${C}/activities/:activityId`, (r, p) => this.send(this.usable(r, p.conversationId!), r.body, p.activityId))
      .add('PUT', `${C}/activities/:activityId`, (r, p) => this.update(this.usable(r, p.conversationId!), p.activityId!, r.body))
      .add('DELETE', `${C}/activities/:activityId`, (r, p) => this.remove(this.usable(r, p.conversationId!), p.activityId!))
      .add('GET', '/v3/teams/:teamId/conversations', (_r, p) => this.teamChannels(p.teamId!));
  }

  /** Path is relative to `/botconnector`. */
  run(req: BotRequest): BotResult {
    const entry: LoggedRequest = {
      at: this.d.clock.now().toISOString(),
      method: req.method,
      path: `/botconnector${req.path}`,
      status: 0,
      appId: req.appId,
    };
    const finish = (r: BotResult, extra: Partial<LoggedRequest> = {}): BotResult => {
      this.d.log({ ...entry, ...extra, status: r.timeout ? 0 : r.status });
      return r;
    };
    const fault = this.d.faults.next();
    if (fault) {
      this.d.store.count(`fault${fault}`);
      const retry = { 'Retry-After': String(this.d.faults.options!.retryAfterSec) };
      if (fault === '429')
        return finish(
          { status: 429, headers: retry, body: { error: { code: 'TooManyRequests', message: 'Too many requests (injected fault).' } } },
          { fault },
        );
      if (fault === '503')
        return finish(
          {
            status: 503,
            headers: retry,
            body: { error: { code: 'ServiceUnavailable', message: 'Service unavailable (injected fault).' } },
          },
          { fault },
        );
      return finish({ status: 0, timeout: true }, { fault });
    }
    const m = this.router.match(req.method, req.path);
    if (!('handler' in m))
      return finish({
        status: m.methodMismatch ? 405 : 404,
        body: { error: { code: 'BadSyntax', message: `No route for ${req.method} ${req.path}` } },
      });
    if (this.d.throttling()) {
      const conv =
        m.params.conversationId ??
        (req.method === 'POST' && req.path === '/v3/conversations' ? req.body?.channelData?.channel?.id : undefined);
      const v = this.d.limiter.tryAcquire(botChecks(req.appId, this.d.tenantId, conv), this.d.clock.now().getTime());
      if (!v.ok) {
        this.d.store.count('botThrottled');
        return finish(
          {
            status: 429,
            headers: { 'Retry-After': String(v.retryAfterSec) },
            body: { error: { code: 'TooManyRequests', message: `Rate limit exceeded (${v.key}).` } },
          },
          { throttled: true },
        );
      }
    }
    try {
      this.d.store.count('botRequests');
      return finish(m.handler(req, m.params));
    } catch (err) {
      if (err instanceof EmulatorHttpError)
        return finish({ status: err.status, body: { error: { code: err.code, message: err.message } } });
      return finish({ status: 500, body: { error: { code: 'ServiceError', message: (err as Error).message } } });
    }
  }

  /**
   * Teams "Build apps for shared and private channels": a bot acts in a private/shared channel only once
   * its app is added to that channel. Otherwise the connector answers like for any conversation the bot
   * is not in (Teams "Send and receive messages", status codes: 403 BotNotInConversationRoster).
   * Covers posts, replies, updates (a card refresh for everyone), deletes and roster reads.
   */
  private usable(r: BotRequest, conversationId: string): string {
    const found = this.channelOf(conversationId.split(';')[0]!);
    if (found && !appUsableIn(this.d.rules, found.channel, this.d.botApps[r.appId])) {
      throw botError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
    }
    return conversationId;
  }

  private channelOf(channelId: string) {
    for (const t of this.d.store.teams.values()) {
      const c = t.channels.find((x) => x.id === channelId);
      if (c) return { team: t, channel: c };
    }
    return undefined;
  }

  /** Channel conversations exist implicitly; threads are `<channelId>;messageid=<rootActivityId>`. */
  private conversation(id: string): ConversationRecord {
    const known = this.d.store.conversations.get(id);
    const base = id.split(';')[0]!;
    const found = this.channelOf(base);
    if (found?.channel.deleted) throw botError(404, 'ConversationNotFound', 'The channel has been deleted.');
    if (known) return known;
    if (!found) throw botError(404, 'ConversationNotFound', `Conversation ${id} not found.`);
    const conv: ConversationRecord = {
      id,
      isGroup: true,
      channelId: base,
      teamId: found.team.id,
      createdAt: this.d.store.nowIso(),
      activities: [],
    };
    this.d.store.conversations.set(id, conv);
    return conv;
  }

  private record(conv: ConversationRecord, activity: Record<string, unknown>, replyToId?: string): ActivityRecord {
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string')
      throw botError(400, 'BadArgument', 'Activity must have a type.');
    const size = Buffer.byteLength(JSON.stringify(activity));
    if (size > MAX_ACTIVITY_BYTES)
      throw botError(413, 'MessageSizeTooBig', `Message size ${size} bytes exceeds the limit of ${MAX_ACTIVITY_BYTES} bytes.`);
    const id = newActivityId();
    const rec: ActivityRecord = {
      id,
      conversationId: conv.id,
      ...(replyToId ? { replyToId } : {}),
      createdAt: this.d.store.nowIso(),
      deleted: false,
      activity: { ...activity, id, conversation: { id: conv.id }, timestamp: this.d.store.nowIso() },
      history: [],
    };
    conv.activities.push(rec);
    this.d.store.count('activitiesSent');
    return rec;
  }

  private createConversation(r: BotRequest): BotResult {
    const b = r.body ?? {};
    const channelId: string | undefined = b.channelData?.channel?.id;
    if (b.isGroup && channelId) {
      const found = this.channelOf(channelId);
      if (!found || found.channel.deleted) throw botError(404, 'ConversationNotFound', `Channel ${channelId} not found.`);
      this.usable(r, channelId);
      if (!b.activity) throw botError(400, 'BadArgument', 'A new channel thread needs an activity.');
      const channelConv = this.conversation(channelId);
      const root = this.record(channelConv, b.activity);
      const threadId = `${channelId};messageid=${root.id}`;
      this.d.store.conversations.set(threadId, {
        id: threadId,
        isGroup: true,
        channelId,
        teamId: found.team.id,
        createdAt: root.createdAt,
        activities: [],
      });
      return { status: 201, body: { id: threadId, activityId: root.id } };
    }
    const members: Array<{ id?: string }> = Array.isArray(b.members) ? b.members : [];
    if (!b.isGroup && members.length === 1 && members[0]?.id) {
      const id = this.personalChat(r.appId, members[0].id);
      if (!id) throw botError(404, 'MemberNotFound', `User ${members[0].id} not found in the tenant.`);
      const conv = this.d.store.conversations.get(id)!;
      if (b.activity) {
        const a = this.record(conv, b.activity);
        return { status: 201, body: { id, activityId: a.id } };
      }
      return { status: 201, body: { id } };
    }
    throw botError(400, 'BadArgument', 'Expected a channel thread (isGroup + channelData.channel.id) or a personal chat (one member).');
  }

  /** The bot's personal chat with a user (created on first use), as Teams keeps one per bot and user. */
  personalChat(appId: string, userRosterId: string): string | undefined {
    const u = userFromRosterId(this.d.store, userRosterId);
    if (!u) return undefined;
    const id = `a:1${crypto.createHash('sha256').update(`${appId}|${u.id}`).digest('base64url').slice(0, 40)}`;
    if (!this.d.store.conversations.has(id))
      this.d.store.conversations.set(id, { id, isGroup: false, userId: u.id, createdAt: this.d.store.nowIso(), activities: [] });
    return id;
  }

  private send(conversationId: string, activity: any, replyToId: string | undefined): BotResult {
    const conv = this.conversation(conversationId);
    const rec = this.record(conv, activity, replyToId ?? activity?.replyToId);
    return { status: 201, body: { id: rec.id } };
  }

  private find(conversationId: string, activityId: string): ActivityRecord {
    const conv = this.conversation(conversationId);
    const base = conversationId.split(';')[0]!;
    // Thread roots live in the channel conversation; replies in the thread's.
    const pool = [...conv.activities, ...(this.d.store.conversations.get(base)?.activities ?? [])];
    const a = pool.find((x) => x.id === activityId && !x.deleted);
    if (!a) throw botError(404, 'ActivityNotFound', `Activity ${activityId} not found.`);
    return a;
  }

  private update(conversationId: string, activityId: string, activity: any): BotResult {
    const a = this.find(conversationId, activityId);
    if (!activity || typeof activity.type !== 'string') throw botError(400, 'BadArgument', 'Activity must have a type.');
    const size = Buffer.byteLength(JSON.stringify(activity));
    if (size > MAX_ACTIVITY_BYTES)
      throw botError(413, 'MessageSizeTooBig', `Message size ${size} bytes exceeds the limit of ${MAX_ACTIVITY_BYTES} bytes.`);
    a.history.push(a.activity);
    a.updatedAt = this.d.store.nowIso();
    a.activity = { ...activity, id: a.id, conversation: { id: a.conversationId }, timestamp: a.activity.timestamp };
    this.d.store.count('activitiesUpdated');
    return { status: 200, body: { id: a.id } };
  }

  private remove(conversationId: string, activityId: string): BotResult {
    const a = this.find(conversationId, activityId);
    a.deleted = true;
    a.updatedAt = this.d.store.nowIso();
    this.d.store.count('activitiesDeleted');
    return { status: 200 };
  }

  private account(u: UserRecord) {
    const [givenName, ...rest] = u.displayName.split(' ');
    return {
      id: rosterId(u.id),
      name: u.displayName,
      aadObjectId: u.id,
      email: u.mail,
      userPrincipalName: u.userPrincipalName,
      givenName,
      surname: rest.join(' '),
      tenantId: this.d.tenantId,
      userRole: 'user',
    };
  }

  private roster(conversationId: string) {
    const conv = this.conversation(conversationId);
    let members: MemberRecord[];
    if (conv.userId) members = [{ id: conv.userId, userId: conv.userId, roles: [] }];
    else {
      const found = this.channelOf(conv.channelId!)!;
      members = found.channel.membershipType === 'standard' ? found.team.members : found.channel.members;
    }
    return members
      .map((m) => this.d.store.users.get(m.userId))
      .filter((u): u is UserRecord => !!u)
      .map((u) => this.account(u));
  }

  private member(conversationId: string, memberId: string): BotResult {
    const m = this.roster(conversationId).find(
      (x) => x.id === memberId || x.aadObjectId === memberId || x.userPrincipalName === memberId.toLowerCase(),
    );
    if (!m) throw botError(404, 'MemberNotFound', `Member ${memberId} not found in the conversation.`);
    return { status: 200, body: m };
  }

  private teamChannels(teamId: string): BotResult {
    const t = this.d.store.teams.get(teamId);
    if (!t) throw botError(404, 'NotFound', `Team ${teamId} not found.`);
    return {
      status: 200,
      body: { conversations: t.channels.filter((c) => !c.deleted).map((c) => ({ id: c.id, name: c.id === t.id ? null : c.displayName })) },
    };
  }
}
