import crypto from 'node:crypto';
import os from 'node:os';
import { teamIdsOf, type AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';
import { BotPacer } from './bot-pacer';
import { directoryGroupMembership, listGroupMembership, type DeliveryDeps, type DeliveryMessenger, type MessagingDeps } from './deps';
import { deliverOutbox, type DeliverOptions, type DeliveryReport } from './deliver-outbox';

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
  /** The medium's adapter (the Bot Connector client in bot/), injected by the composition root. */
  messenger: DeliveryMessenger;
  pacer?: BotPacer;
  deliverOptions?: DeliverOptions;
}

export interface MessagingRuntime {
  deps: DeliveryDeps;
  /** Sends everything due now; concurrent calls share one run (plus one follow-up run). */
  deliver(): Promise<DeliveryReport>;
  /** Starts `deliver` in the background (errors are logged). */
  kick(): void;
  /** Resolves when no delivery is running (call before closing storage). */
  idle(): Promise<void>;
  /** Shutting down: the running delivery finishes its sends in flight and hands back the rest; no new ones start. */
  stop(): Promise<void>;
}

/** Builds the messaging dependencies and the outbox delivery loop over the injected messenger. */
export function createMessagingRuntime(o: MessagingRuntimeOptions): MessagingRuntime {
  const { config, messenger } = o;
  const deps: DeliveryDeps = {
    store: o.store,
    clock: o.clock,
    logger: o.logger.child('messaging'),
    locale: config.APP_LOCALE,
    timeZone: config.APP_TIMEZONE,
    teamId: teamIdsOf(config)[0],
    tenantId: config.AAD_APP_TENANT_ID,
    teamsAppId: config.TEAMS_APP_ID,
    directorGroupId: config.DIRECTOR_GROUP_ID,
    adminGroupId: config.ADMIN_GROUP_ID,
    digestWeekday: config.DIGEST_DEFAULT_WEEKDAY,
    isInGroup:
      o.isInGroup ??
      (o.groupMembers || !o.directory ? listGroupMembership(o.groupMembers ?? {}) : directoryGroupMembership(o.directory, o.clock)),
    messenger,
    pacer: o.pacer ?? new BotPacer(),
    serviceUrl: config.BOT_SERVICE_URL,
    holder: `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`,
    guardLimits: { maxShare: config.SYNC_GUARD_MAX_REMOVE_SHARE, maxCount: config.SYNC_GUARD_MAX_REMOVE_COUNT },
  };

  let running: Promise<DeliveryReport> | undefined;
  let again = false;
  // Something was queued in this process since the running delivery last looked (see `lookNow`).
  let queued = false;
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
        const r = await deliverOutbox(deps, {
          ...o.deliverOptions,
          signal: stopping.signal,
          lookNow: () => (queued ? !(queued = false) : false),
        });
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
    deliver,
    kick() {
      queued = true;
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
