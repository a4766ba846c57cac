export { createBotAdapter } from './create-adapter';
export { AccountChannelsBot, type BotDependencies } from './account-channels-bot';
export { createConnectorMessenger, type ConnectorMessengerOptions } from './connector-messenger';
