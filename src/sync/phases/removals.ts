import type { Phase } from '../apply-plan';
import type { AppliedOf } from '../applied-change';
import { sendMemberChanges } from './member-changes';
import { ownerGainFailed } from './owner-handover';
import { sendInChunks } from './send-in-chunks';

/** Channel members who are no longer wanted (owners left in the hand-over), then the team's leavers. */
export const removals: Phase = {
  name: 'removals',
  async run(ctx, earlier) {
    if (ctx.held) return [];
    const { plan, inputs, directory, settings } = ctx;
    // Leaving the team takes a person out of its private channels: an owner of a channel whose new
    // owner is not in place stays until a later run completes the hand-over.
    const stillOwning = new Set([...ownerGainFailed(earlier)].flatMap((id) => (inputs.members.get(id) ?? []).filter((m) => m.isOwner).map((m) => m.userId)));
    const teamPlanned: AppliedOf<'team-remove'>[] = plan.teamRemoves
      .filter((t) => !stillOwning.has(t.userId))
      .map((t) => ({ kind: 'team-remove', ok: true, membershipId: t.membershipId, userId: t.userId, email: t.email }));
    const channelPlanned = plan.removes.filter((r) => !r.wasOwner).map((remove) => ({ kind: 'member-remove' as const, ok: true, remove }));
    ctx.progress('removals', 0, channelPlanned.length + teamPlanned.length);
    const [fromChannels, fromTeam] = await Promise.all([
      sendMemberChanges(ctx, channelPlanned),
      sendInChunks(teamPlanned, (chunk) =>
        ctx.recorder.step(chunk, async () => {
          const answers = new Map((await directory.removeTeamMembers(settings.teamId, chunk.map((t) => t.membershipId))).map((r) => [r.key, r]));
          return chunk.map((t) => {
            const r = answers.get(t.membershipId);
            return r?.ok ? t : { ...t, ok: false, error: r && !r.ok ? r.error.message : 'no answer' };
          });
        }),
      ),
    ]);
    ctx.progress('removals', channelPlanned.length + teamPlanned.length, channelPlanned.length + teamPlanned.length);
    return [...fromChannels, ...fromTeam];
  },
};
