import type { CommandKey } from '../cards';
import type { ConversationContext } from './turn';

/** A text command as parsed: which command, the word the user typed, and what followed it. */
export interface CommandInput {
  key: CommandKey;
  word: string;
  args: string;
}

export async function isAdmin(ctx: ConversationContext, userId: string): Promise<boolean> {
  return ctx.deps.adminGroupId ? ctx.deps.isInGroup(userId, ctx.deps.adminGroupId) : false;
}
