export { createBotAdapter, createBotAuthAndAdapter } from './create-adapter';
export { createInboundEndpoint } from './inbound-endpoint';
export { AccountChannelsBot, type BotDependencies } from './account-channels-bot';
export { createConnectorMessenger, type ConnectorMessengerOptions } from './connector-messenger';
