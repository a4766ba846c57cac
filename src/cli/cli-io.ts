import type { AppConfig } from '../config/schema';
import { loadCliConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import type { Logger } from '../ports/logger';
import type { Clock } from '../ports/clock';
import type { Messenger } from '../ports/messenger';
import { createServices, type Services } from '../server/services';
import { closeOnFatal } from './cli-kit';
import type { MessagingRuntime } from '../messaging/runtime';
import { createMessaging } from '../server/messaging-wiring';

/** What the messaging CLIs run against; tests pass their own env, output and clock. */
export interface CliContext {
  env?: Record<string, string | undefined>;
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
  clock?: Clock;
  logger?: Logger;
  messenger?: Messenger;
}

export async function openMessaging(
  ctx: CliContext,
  quiet: boolean,
): Promise<{ config: AppConfig; services: Services; runtime: MessagingRuntime }> {
  const config = loadCliConfig(ctx.env);
  const logger =
    ctx.logger ??
    createLogger({ level: quiet ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, destination: process.stderr as never });
  const services = await createServices(config, logger, { clock: ctx.clock });
  closeOnFatal(() => services.close());
  const runtime = createMessaging({ config, store: services.store, clock: services.clock, logger, messenger: ctx.messenger });
  return { config, services, runtime };
}
