// Public surface of the card module: build every card the app sends, validate cards in tests.
export { buildCard, expandCard, toAttachment, CARD_NAMES, ADAPTIVE_CARD_CONTENT_TYPE } from './build-card';
export type { AdaptiveCardJson, CardName, BuildCardExtras } from './build-card';
export { escapeCardText, escapeInputValue, verbatim, fmt, safeUrl } from './escape';
export { MAX_CARD_BYTES, cardBytes, assertCardSize } from './card-size';
export { mention, mentionEntities, addMentions } from './mentions';
export type { Person, MentionEntity } from './mentions';
export { cardStrings, resolveLocale, COMMAND_WORDS } from './strings';
export type { CardLocale, RefusalAction, CommandKey } from './strings';
export { formatDate, formatDateTime, DEFAULT_TIME_ZONE } from './format';
export type { CardOptions } from './format';
export * from './info-cards';
export * from './weekly-status-cards';
export * from './notice-cards';
export * from './removal-approval-card';
export * from './clock-reminder-card';
// validate-card.ts is imported directly (it needs ajv, a dev dependency).
