import type { Phase } from '../apply-plan';
import type { AppliedOf } from '../applied-change';
import { sendMemberChanges } from './member-changes';
import { ownerGainFailed } from './owner-handover';
import { sendInChunks } from './send-in-chunks';
import { byTeam } from '../teams';

/** Channel members no longer wanted (owners left in the hand-over), then the team's leavers. */
export const removals: Phase = {
  name: 'removals',
  async run(ctx, earlier) {
    if (ctx.held) return [];
    const { plan, inputs, directory, settings } = ctx;
    const channelPlanned = plan.removes.filter((r) => !r.wasOwner).map((remove) => ({ kind: 'member-remove' as const, ok: true, remove }));
    ctx.progress('removals', 0, channelPlanned.length + plan.teamRemoves.length);
    const fromChannels = await sendMemberChanges(ctx, channelPlanned);
    // Leaving the team takes a person out of its private channels unrecorded, so it comes after their
    // channel removals are recorded, and waits for a later run where one failed; as does an owner of
    // a channel whose new owner is not in place (the hand-over completes first).
    const waiting = new Set(
      [...ownerGainFailed(earlier)].flatMap((id) => (inputs.members.get(id) ?? []).filter((m) => m.isOwner).map((m) => m.userId)),
    );
    for (const c of [...earlier, ...fromChannels]) if (c.kind === 'member-remove' && !c.ok) waiting.add(c.remove.userId);
    const teamPlanned: AppliedOf<'team-remove'>[] = plan.teamRemoves
      .filter((t) => !waiting.has(t.userId))
      .map((t) => ({
        kind: 'team-remove',
        ok: true,
        membershipId: t.membershipId,
        userId: t.userId,
        email: t.email,
        ...(t.teamId ? { teamId: t.teamId } : {}),
      }));
    const fromTeam: AppliedOf<'team-remove'>[] = [];
    for (const [teamId, part] of byTeam(teamPlanned, (t) => t.teamId ?? settings.teamId)) {
      fromTeam.push(
        ...(await sendInChunks(part, (chunk) =>
          ctx.recorder.step(chunk, async () => {
            const answers = new Map(
              (
                await directory.removeTeamMembers(
                  teamId,
                  chunk.map((t) => t.membershipId),
                )
              ).map((r) => [r.key, r]),
            );
            return chunk.map((t) => {
              const r = answers.get(t.membershipId);
              return r?.ok ? t : { ...t, ok: false, error: r && !r.ok ? r.error.message : 'no answer' };
            });
          }),
        )),
      );
    }
    ctx.progress('removals', channelPlanned.length + plan.teamRemoves.length, channelPlanned.length + plan.teamRemoves.length);
    return [...fromChannels, ...fromTeam];
  },
};
