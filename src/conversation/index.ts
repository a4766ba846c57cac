// The bot's use cases, free of any bot SDK: bot/ maps its turns to these and their replies back.
export { onText } from './commands';
export { onVerb } from './verbs';
export { weeklyDialogFetch, weeklyDialogSubmit, type DialogReply } from './weekly-dialog';
export type { ConversationContext, ConversationInfo, Reply, SyncRunner, Turn } from './turn';
export { dialogFetch, dialogSubmit } from './dialogs';
