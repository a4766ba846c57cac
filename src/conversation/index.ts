// The bot's use cases, free of any bot SDK: bot/ maps its turns to these and their replies back.
export { onText, COMMANDS, type CommandHandler } from './commands';
export { onVerb, VERBS, CHOOSE_ACCOUNT_VERB, type VerbHandler, type VerbInput } from './verbs';
export { weeklyDialogFetch, weeklyDialogSubmit, type DialogReply } from './weekly-dialog';
export { parseCommand, COMMAND_SYNONYMS } from './command-words';
export type { ConversationContext, ConversationInfo, Reply, ReplyPart, SyncRunner, Turn, VerbReply } from './turn';
export { dialogFetch, dialogSubmit, DIALOGS } from './dialogs';
