export { createBotAdapter, createBotAuthAndAdapter } from './create-adapter';
export { createInboundEndpoint } from './inbound-endpoint';
export { AccountChannelsBot, type BotDependencies } from './account-channels-bot';
export { createConnectorMessenger, type ConnectorMessengerOptions } from './connector-messenger';
export { createMessagingRuntime, type MessagingRuntime, type MessagingRuntimeOptions } from './messaging-runtime';
export { MessagingHandlers, type SyncRunner } from './messaging-handlers';
export { createBotSyncRunner } from './sync-runner';
