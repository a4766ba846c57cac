import type { AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { createMessagingRuntime, type MessagingRuntime, type MessagingRuntimeOptions } from '../messaging/runtime';
import { createConnectorMessenger } from '../../bot/connector-messenger';

export type MessagingWiringOptions = Omit<MessagingRuntimeOptions, 'messenger'> & Partial<Pick<MessagingRuntimeOptions, 'messenger'>>;

/** The messaging runtime over the Bot Connector (or a given messenger): the one place the medium is chosen. */
export function createMessaging(o: MessagingWiringOptions & { config: AppConfig; clock: Clock; logger: Logger }): MessagingRuntime {
  const { config } = o;
  const messenger =
    o.messenger ??
    createConnectorMessenger({
      botId: config.BOT_ID ?? '',
      botPassword: config.SECRET_BOT_PASSWORD ?? '',
      tenantId: config.AAD_APP_TENANT_ID,
      authorityHost: config.AZURE_AUTHORITY_HOST,
      serviceUrl: config.BOT_SERVICE_URL,
      logger: o.logger,
    });
  return createMessagingRuntime({ ...o, messenger });
}
