import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, TurnContext } from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { AppConfig } from '../src/config/schema';
import type { Logger } from '../src/ports/logger';
import { AppError } from '../src/errors/app-error';
import { AppCloudAdapter } from './inbound-endpoint';

/**
 * The CloudAdapter and the inbound-token check it uses (the inbound endpoint runs the check itself first),
 * with every endpoint taken from config: the bot gets its connector token from AZURE_AUTHORITY_HOST (the
 * real Entra ID or the local emulator) and validates inbound tokens against BOT_OPENID_METADATA_URL.
 * Without BOT_ID the adapter runs unauthenticated: only for local tools such as Microsoft 365 Agents Playground.
 */
export function createBotAuthAndAdapter(
  config: AppConfig,
  logger: Logger,
): { adapter: AppCloudAdapter; auth: ConfigurationBotFrameworkAuthentication } {
  const log = logger.child('bot-adapter');
  const botId = config.BOT_ID;
  const authority = `${config.AZURE_AUTHORITY_HOST.replace(/\/$/, '')}/${config.AAD_APP_TENANT_ID}`;
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: botId ?? '',
    MicrosoftAppPassword: config.SECRET_BOT_PASSWORD ?? '',
    MicrosoftAppType: botId ? 'SingleTenant' : '',
    MicrosoftAppTenantId: config.AAD_APP_TENANT_ID,
    ToChannelFromBotLoginUrl: authority,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
    ToBotFromEmulatorOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  } as ConfigurationBotFrameworkAuthenticationOptions;

  // botbuilder would build its own MSAL client without knownAuthorities, which makes MSAL try
  // cloud discovery against login.microsoftonline.com; ours trusts the configured host.
  const credentialsFactory = botId
    ? new MsalServiceClientCredentialsFactory(
        botId,
        // botframework-connector pins an older msal-node; only acquireTokenByClientCredential is used.
        new ConfidentialClientApplication({
          auth: {
            clientId: botId,
            clientSecret: config.SECRET_BOT_PASSWORD ?? '',
            authority,
            knownAuthorities: [new URL(config.AZURE_AUTHORITY_HOST).host],
          },
        }) as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1],
      )
    : undefined;

  const auth = new ConfigurationBotFrameworkAuthentication(options, credentialsFactory);
  const adapter = new AppCloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const appError = AppError.from(error);
    log.error({ err: { message: appError.message, code: appError.code }, activityType: context.activity.type }, 'bot turn failed');
    if (context.activity.type === 'message') {
      const locale = (context.activity.locale ?? config.APP_LOCALE).startsWith('en') ? 'en' : 'fi';
      // Never echo the internal error to the user.
      await context.sendActivity(appError.userMessage(locale)).catch(() => undefined);
    }
  };
  return { adapter, auth };
}
