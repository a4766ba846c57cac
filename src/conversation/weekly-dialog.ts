import type { AdaptiveCardJson } from '../cards';
import { submitWeeklyForm, weeklyCardCustomerId, weeklyFormFor } from '../messaging/weekly';
import type { ConversationContext, Turn } from './turn';

/** A dialog's answer: show this card (again), or close with a message. */
export type DialogReply = { kind: 'form'; title: string; card: AdaptiveCardJson } | { kind: 'done'; message: string };

const title = (locale: 'fi' | 'en') => (locale === 'en' ? 'Weekly status' : 'Viikkoviesti');

/** The weekly status dialog opens with the owner's form, prefilled (others see the refusal). */
export async function weeklyDialogFetch(ctx: ConversationContext, turn: Turn<Record<string, unknown>>): Promise<DialogReply> {
  const { input } = turn;
  const form = await weeklyFormFor(
    ctx.deps,
    turn.actor,
    weeklyCardCustomerId(input),
    typeof input.isoWeek === 'string' ? input.isoWeek : undefined,
    turn.locale,
  );
  return { kind: 'form', title: title(turn.locale), card: form.card };
}

/** Saves the form; a bad value shows the form again with what was typed. */
export async function weeklyDialogSubmit(ctx: ConversationContext, turn: Turn<Record<string, unknown>>): Promise<DialogReply> {
  const r = await submitWeeklyForm(ctx.deps, turn.actor, turn.input, turn.locale);
  if (!r.ok) return { kind: 'form', title: title(turn.locale), card: r.card };
  if (r.updatedPost) ctx.kickDelivery?.();
  return { kind: 'done', message: turn.locale === 'en' ? 'Weekly status saved.' : 'Viikkoviesti tallennettu.' };
}
