export { createBotAuthAndAdapter } from './create-adapter';
export { createInboundEndpoint } from './inbound-endpoint';
export { AccountChannelsBot } from './account-channels-bot';
