import type { Phase } from '../apply-plan';
import type { AppliedOf } from '../applied-change';
import { sendMemberChanges } from './member-changes';

/** Adds to existing channels and to those created in this run (beyond their initial members). */
export const memberAdds: Phase = {
  name: 'member-adds',
  async run(ctx, earlier) {
    const { plan, inputs, settings } = ctx;
    const channelOf = new Map<string, string>();
    for (const a of inputs.known.values()) if (a.channelId) channelOf.set(a.customerId, a.channelId);
    for (const c of plan.channels) if ('channelId' in c) channelOf.set(c.customerId, c.channelId);
    const teamFailed = new Set<string>();
    for (const c of earlier) {
      if (c.kind === 'channel' && c.created) channelOf.set(c.action.customerId, c.created.channelId);
      if (c.kind === 'team-add' && !c.ok) teamFailed.add(c.userId);
    }
    const skipped: AppliedOf<'member-add'>[] = [];
    const planned: AppliedOf<'member-add'>[] = [];
    for (const add of plan.adds) {
      const channelId = add.channelId ?? channelOf.get(add.customerId);
      const c: AppliedOf<'member-add'> = { kind: 'member-add', ok: true, add: { ...add, channelId: channelId ?? '' } };
      if (!channelId) skipped.push({ ...c, ok: false, error: 'the account has no channel' });
      else if (settings.channelType === 'private' && teamFailed.has(add.userId))
        skipped.push({ ...c, ok: false, error: 'could not join the team' });
      else planned.push(c);
    }
    ctx.progress('members', 0, planned.length);
    const results = await sendMemberChanges(ctx, planned);
    ctx.progress('members', planned.length, planned.length);
    return [...skipped, ...results];
  },
};
