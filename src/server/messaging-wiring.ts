import type { AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Messenger } from '../ports/messenger';
import { createMessagingRuntime, type MessagingRuntime, type MessagingRuntimeOptions } from '../messaging/runtime';
import { createConnectorMessenger } from '../../bot/connector-messenger';
import { AppError } from '../errors/app-error';

export type MessagingWiringOptions = Omit<MessagingRuntimeOptions, 'messenger'> & Partial<Pick<MessagingRuntimeOptions, 'messenger'>>;

/**
 * The Bot Connector messenger when the bot's credentials are set, else undefined; for tools that only
 * check sending (npm run doctor), so src/cli never imports bot/.
 */
export function connectorMessengerIfConfigured(config: AppConfig, logger: Logger): Messenger | undefined {
  if (!config.BOT_ID || !config.SECRET_BOT_PASSWORD) return undefined;
  return createConnectorMessenger({
    botId: config.BOT_ID,
    botPassword: config.SECRET_BOT_PASSWORD,
    tenantId: config.AAD_APP_TENANT_ID,
    authorityHost: config.AZURE_AUTHORITY_HOST,
    serviceUrl: config.BOT_SERVICE_URL,
    logger,
  });
}

/** The messaging runtime over the Bot Connector (or a given messenger): the one place the medium is chosen. */
export function createMessaging(o: MessagingWiringOptions & { config: AppConfig; clock: Clock; logger: Logger }): MessagingRuntime {
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
      getToken: missingBotKeys.length
        ? () => Promise.reject(new AppError('CONFIG_INVALID', `sending bot messages needs ${missingBotKeys.join(' and ')} (not set)`))
        : undefined,
    });
  return createMessagingRuntime({ ...o, messenger });
}
