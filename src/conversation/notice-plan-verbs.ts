import { approvePlan, cancelPlan, rejectPlan } from '../messaging/notice-plans';
import type { ConversationContext, Turn, VerbReply } from './turn';

type PlanVerbInput = Record<string, unknown>;

const planId = (turn: Turn<PlanVerbInput>) => (typeof turn.input.planId === 'string' ? turn.input.planId : '');

/**
 * The second pair of eyes (approve / reject, by the chosen approver or a director, never the author)
 * and the author's cancel of a notice that waits. Each checks who acts in src/messaging/notice-plans.ts.
 */
export const noticePlanVerbs = {
  async approveNotice(ctx: ConversationContext, turn: Turn<PlanVerbInput>): Promise<VerbReply> {
    const card = await approvePlan(ctx.deps, turn.actor, planId(turn), turn.locale);
    ctx.kickDelivery?.();
    return { card };
  },
  async rejectNotice(ctx: ConversationContext, turn: Turn<PlanVerbInput>): Promise<VerbReply> {
    const card = await rejectPlan(ctx.deps, turn.actor, planId(turn), turn.locale);
    ctx.kickDelivery?.();
    return { card };
  },
  async cancelNoticePlan(ctx: ConversationContext, turn: Turn<PlanVerbInput>): Promise<VerbReply> {
    return { card: await cancelPlan(ctx.deps, turn.actor, planId(turn), turn.locale) };
  },
};
