import type { ConversationContext, Turn } from './turn';
import { noticeDialogFetch, noticeDialogSubmit } from './notice-dialog';
import { weeklyDialogFetch, weeklyDialogSubmit, type DialogReply } from './weekly-dialog';

type DialogInput = Record<string, unknown>;
type DialogStep = (ctx: ConversationContext, turn: Turn<DialogInput>) => Promise<DialogReply>;

/**
 * Every dialog (task module), by the `dialog` field its button and form carry; a button without one
 * is the weekly status dialog, the first there was.
 */
const DIALOGS: Record<string, { fetch: DialogStep; submit: DialogStep }> = {
  weekly: { fetch: weeklyDialogFetch, submit: weeklyDialogSubmit },
  notice: { fetch: noticeDialogFetch, submit: noticeDialogSubmit },
};

function dialogOf(input: DialogInput) {
  const name = typeof input.dialog === 'string' && Object.hasOwn(DIALOGS, input.dialog) ? input.dialog : 'weekly';
  return DIALOGS[name]!;
}

export const dialogFetch: DialogStep = (ctx, turn) => dialogOf(turn.input).fetch(ctx, turn);
export const dialogSubmit: DialogStep = (ctx, turn) => dialogOf(turn.input).submit(ctx, turn);
