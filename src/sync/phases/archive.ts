import type { EnqueueInput } from '../../store';
import { teamOfChannel, type ApplyContext, type Phase } from '../apply-plan';
import type { AppliedChange, AppliedOf } from '../applied-change';
import type { MemberRemove } from '../plan';

/** Archive renames, after their removals. When the guard holds the run: approval cards instead. */
export const archive: Phase = {
  name: 'archive',
  async run(ctx) {
    const { plan, directory, recorder } = ctx;
    if (ctx.held) {
      const held: AppliedChange = {
        kind: 'held',
        ok: true,
        reasons: ctx.guardReasons.map((r) => r.message).join('; ') || 'guard',
        removals: plan.removes.length + plan.teamRemoves.length,
        demotions: plan.roleChanges.filter((c) => !c.owner).length,
        approvals: approvalCards(ctx),
      };
      await recorder.record([held]);
      return [held];
    }
    const results: AppliedChange[] = [];
    for (const action of plan.channels) {
      if (action.kind !== 'archive') continue;
      let result: AppliedOf<'channel'>;
      try {
        await directory.updateChannel(teamOfChannel(ctx, action.channelId), action.channelId, { displayName: action.to });
        result = { kind: 'channel', action, ok: true };
        await recorder.record([result]);
      } catch (err) {
        result = { kind: 'channel', action, ok: false, error: (err as Error).message };
      }
      results.push(result);
    }
    return results;
  },
};

/** Each affected account's owners get an approval card listing what would go. */
function approvalCards(ctx: ApplyContext): EnqueueInput[] {
  const byAccount = new Map<string, MemberRemove[]>();
  for (const r of ctx.plan.removes) byAccount.set(r.customerId, [...(byAccount.get(r.customerId) ?? []), r]);
  const cards: EnqueueInput[] = [];
  for (const [customerId, removes] of byAccount) {
    for (const owner of ctx.inputs.desired.get(customerId)?.owners ?? []) {
      const user = ctx.inputs.users.get(owner.email);
      if (!user) continue;
      cards.push({
        idempotencyKey: `approval:${ctx.runId}:${customerId}:${user.id}`,
        kind: 'removal-approval',
        customerId,
        target: { userId: user.id, email: owner.email },
        payload: {
          runId: ctx.runId,
          customerId,
          reasons: ctx.guardReasons,
          removals: removes.map((r) => ({ email: r.email, reason: r.reason })),
        },
      });
    }
  }
  return cards;
}
