import crypto from 'node:crypto';
import os from 'node:os';
import type { AppConfig } from '../src/config/schema';
import type { Clock } from '../src/ports/clock';
import type { Logger } from '../src/ports/logger';
import type { Messenger } from '../src/ports/messenger';
import type { Store } from '../src/store';
import { BotPacer } from '../src/messaging/bot-pacer';
import { directoryGroupMembership, listGroupMembership, type DeliveryDeps, type MessagingDeps } from '../src/messaging/deps';
import { deliverOutbox, type DeliverOptions, type DeliveryReport } from '../src/messaging/deliver-outbox';
import { createConnectorMessenger } from './connector-messenger';
import { AppError } from '../src/errors/app-error';
import { MessagingHandlers, type SyncRunner } from './messaging-handlers';

export interface MessagingRuntimeOptions {
  config: AppConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Group check for DIRECTOR_GROUP_ID / ADMIN_GROUP_ID; default: `groupMembers` (no Graph call). */
  isInGroup?: MessagingDeps['isInGroup'];
  /** Graph access for the default `isInGroup` (checkMemberGroups). */
  directory?: { checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> };
  /** Group id -> Entra object ids: a fixed membership instead of asking the directory (tests, Playground). */
  groupMembers?: Record<string, readonly string[]>;
  messenger?: Messenger;
  pacer?: BotPacer;
  runSync?: SyncRunner;
  deliverOptions?: DeliverOptions;
}

export interface MessagingRuntime {
  deps: DeliveryDeps;
  handlers: MessagingHandlers;
  /** Sends everything due now; concurrent calls share one run (plus one follow-up run). */
  deliver(): Promise<DeliveryReport>;
  /** Starts `deliver` in the background (errors are logged). */
  kick(): void;
  /** Resolves when no delivery is running (call before closing storage). */
  idle(): Promise<void>;
  /** Shutting down: the running delivery finishes its sends in flight and hands back the rest; no new ones start. */
  stop(): Promise<void>;
}

/** Builds the messaging use cases, the Bot Connector sender and the bot's handlers from config. */
export function createMessagingRuntime(o: MessagingRuntimeOptions): MessagingRuntime {
  const { config } = o;
  const missingBotKeys = (['BOT_ID', 'SECRET_BOT_PASSWORD'] as const).filter((k) => !config[k]);
  const messenger =
    o.messenger ??
    createConnectorMessenger({
      botId: config.BOT_ID ?? '',
      botPassword: config.SECRET_BOT_PASSWORD ?? '',
      tenantId: config.AAD_APP_TENANT_ID,
      authorityHost: config.AZURE_AUTHORITY_HOST,
      serviceUrl: config.BOT_SERVICE_URL,
      logger: o.logger,
      // Without the bot's credentials nothing can be sent, but dry runs and the Playground instance
      // work; a send fails naming the missing keys rather than with MSAL's invalid_client_credential.
      getToken: missingBotKeys.length ? () => Promise.reject(new AppError('CONFIG_INVALID', `sending bot messages needs ${missingBotKeys.join(' and ')} (not set)`)) : undefined,
    });
  const deps: DeliveryDeps = {
    store: o.store,
    clock: o.clock,
    logger: o.logger.child('messaging'),
    locale: config.APP_LOCALE,
    timeZone: config.APP_TIMEZONE,
    teamId: config.TEAM_ID,
    tenantId: config.AAD_APP_TENANT_ID,
    teamsAppId: config.TEAMS_APP_ID,
    directorGroupId: config.DIRECTOR_GROUP_ID,
    adminGroupId: config.ADMIN_GROUP_ID,
    isInGroup: o.isInGroup ?? (o.groupMembers || !o.directory ? listGroupMembership(o.groupMembers ?? {}) : directoryGroupMembership(o.directory, o.clock)),
    messenger,
    pacer: o.pacer ?? new BotPacer(),
    serviceUrl: config.BOT_SERVICE_URL,
    holder: `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`,
    guardLimits: { maxShare: config.SYNC_GUARD_MAX_REMOVE_SHARE, maxCount: config.SYNC_GUARD_MAX_REMOVE_COUNT },
  };

  let running: Promise<DeliveryReport> | undefined;
  let again = false;
  const stopping = new AbortController();
  const deliver = (): Promise<DeliveryReport> => {
    if (stopping.signal.aborted) return Promise.resolve({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const total: DeliveryReport = { sent: 0, skipped: 0, retrying: 0, failed: 0 };
      do {
        again = false;
        const r = await deliverOutbox(deps, { ...o.deliverOptions, signal: stopping.signal });
        for (const k of Object.keys(total) as Array<keyof DeliveryReport>) total[k] += r[k];
      } while (again && !stopping.signal.aborted);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const runtime: MessagingRuntime = {
    deps,
    handlers: new MessagingHandlers({ deps, runSync: o.runSync, kickDelivery: () => runtime.kick() }),
    deliver,
    kick() {
      deliver().catch((err: unknown) => deps.logger.error({ err: { message: (err as Error).message } }, 'outbox delivery failed'));
    },
    async idle() {
      while (running) await running.catch(() => undefined);
    },
    async stop() {
      stopping.abort();
      await runtime.idle();
    },
  };
  return runtime;
}
