// Public surface of the card module: build every card the app sends, validate cards in tests.
export { buildCard, toAttachment } from './build-card';
export type { AdaptiveCardJson } from './build-card';
export { escapeCardText, verbatim } from './escape';
export { MAX_CARD_BYTES, cardBytes } from './card-size';
export { mentionEntities, addMentions } from './mentions';
export type { Person } from './mentions';
export { resolveLocale, COMMAND_WORDS, COMMAND_SYNONYMS } from './strings';
export type { CardLocale, CommandKey } from './strings';
export { formatDate, formatDateTime } from './format';
export * from './info-cards';
export * from './weekly-status-cards';
export * from './notice-cards';
export * from './removal-approval-card';
export * from './clock-reminder-card';
export * from './notice-dialog-cards';
export { noticeDialogStrings } from './notice-dialog-strings';
export { formatNoticeBody } from './notice-markdown';
export * from './quality-loop-cards';
// validate-card.ts is imported directly (it needs ajv, a dev dependency).
export * from './onboarding-cards';
