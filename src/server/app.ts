import type { Server } from 'restify';
import type { AppConfig } from '../config/schema';
import { repoPath } from '../config/repo-root';
import type { Logger } from '../ports/logger';
import { type Clock, systemClock } from '../ports/clock';
import { createLogger } from '../logging/logger';
import type { OpenedDatabase, Store } from '../store';
import type { TeamsDirectory } from '../ports/teams-directory';
import { createServices, mappingFor, syncDependencies } from './services';
import { startJobs } from './jobs';
import { runSync } from '../sync/run-sync';
import { createServer } from './create-server';
import type { ApiRoutes } from '../http/api-routes';
import { devStandinRoutes } from './dev-standin';
import { legalPages } from './legal-pages';
import { InflightTracker } from './inflight';
import { splitSources, tabContentSecurityPolicy } from './tab-csp';
import { createBotAuthAndAdapter, createInboundEndpoint, AccountChannelsBot } from '../../bot';
import { tabsApiFromConfig } from '../tabs-api';
import type { MessagingRuntime, MessagingRuntimeOptions } from '../messaging/runtime';
import type { SyncRunner } from '../conversation';
import { createMessaging } from './messaging-wiring';
import { createBotSyncRunner } from './bot-sync-runner';

export interface AppOverrides {
  logger?: Logger;
  clock?: Clock;
  /** Extra tab API routes (features register theirs here). */
  api?: ApiRoutes;
  tabsDir?: string;
  /** Graph access; the real Graph client from config by default. */
  directory?: TeamsDirectory;
  /** Messaging: group membership, a fake messenger or pacer in tests, the bot's sync runner. */
  messaging?: Partial<Pick<MessagingRuntimeOptions, 'isInGroup' | 'groupMembers' | 'messenger' | 'pacer' | 'deliverOptions'>> & {
    runSync?: SyncRunner;
  };
}

export interface RunningApp {
  config: AppConfig;
  logger: Logger;
  database: OpenedDatabase;
  store: Store;
  server: Server;
  /** Base URL the server listens on, e.g. http://127.0.0.1:3978 */
  url: string;
  /** Outbox delivery, notices, weekly status: the scheduler calls `messaging.deliver()` etc. */
  messaging: MessagingRuntime;
  /** Stops taking requests, lets in-flight ones finish (up to `graceMs`), then closes storage. */
  close(graceMs?: number): Promise<void>;
}

function combineRoutes(...routes: (ApiRoutes | undefined)[]): ApiRoutes {
  return { register: (server) => routes.forEach((r) => r?.register(server)) };
}

/**
 * Composition root: builds every dependency from config once and wires them together.
 * Handlers receive what they need; none of them constructs clients itself.
 */
export async function startApp(config: AppConfig, overrides: AppOverrides = {}): Promise<RunningApp> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL });
  const clock = overrides.clock ?? systemClock;
  const services = await createServices(config, logger, { clock, directory: overrides.directory });
  const { database, store, directory } = services;

  const { adapter, auth: botAuth } = createBotAuthAndAdapter(config, logger);
  const { runSync: runSyncOverride, ...messagingOverrides } = overrides.messaging ?? {};
  const messaging = createMessaging({ config, store, clock, logger, directory, ...messagingOverrides });
  const bot = new AccountChannelsBot({
    logger,
    defaultLocale: config.APP_LOCALE,
    conversation: {
      deps: messaging.deps,
      runSync: runSyncOverride ?? createBotSyncRunner({ config, store, clock, logger, directory }),
      kickDelivery: () => messaging.kick(),
    },
    saveConversationReference: async (ref, teamId, where) => {
      await store.conversationRefs.upsert({
        conversationId: ref.conversation?.id ?? '',
        // The team's own conversation is its General channel, whose id is the team's thread id.
        kind: teamId ? (where?.channelId && where.channelId !== teamId ? 'channel' : 'team') : 'personal',
        teamId: teamId ?? null,
        channelId: teamId ? (where?.channelId ?? null) : null,
        userId: where?.userId ?? null,
        tenantId: where?.tenantId ?? null,
        serviceUrl: ref.serviceUrl ?? config.BOT_SERVICE_URL,
        reference: ref,
      });
    },
    hasConversationReference: async (conversationId, serviceUrl) =>
      (await store.conversationRefs.get(conversationId))?.serviceUrl === serviceUrl,
  });

  const inflight = new InflightTracker();
  let url = '';
  const inbound = createInboundEndpoint({
    adapter,
    auth: botAuth,
    logger,
    tenantId: config.AAD_APP_TENANT_ID,
    authenticated: !!config.BOT_ID,
    logic: (ctx) => bot.run(ctx),
  });
  const server = createServer({
    logger,
    ping: database.ping,
    bot: { process: (req, res) => inflight.track(() => inbound(req, res)) },
    api: combineRoutes(
      tabsApiFromConfig(config, { store, logger, clock, directory }),
      overrides.api,
      devStandinRoutes(config, { store, appUrl: () => url }),
      legalPages(),
    ),
    tabsDir: overrides.tabsDir ?? repoPath('tabs', 'dist'),
    tabsCsp: tabContentSecurityPolicy(splitSources(config.TAB_FRAME_ANCESTORS)),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, '0.0.0.0', () => resolve());
  });
  const syncNow = config.BILLING_SOURCE
    ? async (source?: string) =>
        runSync(syncDependencies(services), {
          source: source ?? config.BILLING_SOURCE!,
          mapping: mappingFor(config).mapping,
          trigger: source ? 'watch' : 'schedule',
        })
    : undefined;
  const jobs = startJobs({ config, store, logger, messagingDeps: messaging.deps, deliver: () => messaging.deliver(), runSync: syncNow });

  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
  logger.info({ url, engine: database.engine }, 'account channels app listening');

  let closed = false;
  return {
    config,
    logger,
    database,
    store,
    server,
    url,
    messaging,
    async close(graceMs = 10_000) {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Delivery is told first: a run can hold thousands of notes (a first sync's) and hands back what it
      // has not started; the outbox job, which jobs.stop() waits for, is that run.
      const deliveryStopped = messaging.stop();
      await jobs.stop();
      await inflight.drain(graceMs);
      await deliveryStopped;
      await database.close();
      logger.info('account channels app stopped');
    },
  };
}
