import { teamOfChannel, type ApplyContext } from '../apply-plan';
import { byTeam } from '../teams';
import type { AppliedOf } from '../applied-change';
import { interleaveByChannel } from '../interleave';
import { sendInChunks } from './send-in-chunks';

type MemberChange = AppliedOf<'member-add'> | AppliedOf<'member-remove'>;

const toGraph = (c: MemberChange) =>
  c.kind === 'member-add'
    ? { kind: 'add' as const, channelId: c.add.channelId, userId: c.add.userId, owner: c.add.owner }
    : { kind: 'remove' as const, channelId: c.remove.channelId, membershipId: c.remove.membershipId };

/** Channel adds and removals, ordered for the per-channel limits, sent and recorded a $batch at a time. */
export async function sendMemberChanges<T extends MemberChange>(ctx: ApplyContext, planned: readonly T[]): Promise<T[]> {
  const ordered = interleaveByChannel(
    planned.map((c) => ({ c, kind: c.kind === 'member-add' ? ('add' as const) : ('remove' as const), channelId: toGraph(c).channelId })),
  ).map((x) => x.c);
  return sendInChunks(ordered, (chunk) =>
    ctx.recorder.step(chunk, async () => {
      const answers = await perTeam(
        ctx,
        chunk,
        (c) => toGraph(c).channelId,
        (teamId, part) => ctx.directory.applyChannelMemberChanges(teamId, part.map(toGraph)),
      );
      return chunk.map((c, i) => {
        const r = answers[i];
        if (!r?.ok) return { ...c, ok: false, error: r?.error?.message ?? 'no answer' };
        return c.kind === 'member-add' ? { ...c, membershipId: r.membershipId ?? null } : c;
      });
    }),
  );
}

/** Owner promotions and demotions (graph "channel-update-members"), a $batch at a time. */
export async function sendRoleChanges(ctx: ApplyContext, planned: readonly AppliedOf<'role'>[]): Promise<AppliedOf<'role'>[]> {
  return sendInChunks(planned, (chunk) =>
    ctx.recorder.step(chunk, async () => {
      const answers = await perTeam(
        ctx,
        chunk,
        (c) => c.change.channelId,
        (teamId, part) =>
          ctx.directory.setChannelMemberRoles(
            teamId,
            part.map((c) => ({ channelId: c.change.channelId, membershipId: c.change.membershipId, owner: c.change.owner })),
          ),
      );
      return chunk.map((c, i) => {
        const r = answers[i];
        return r?.ok ? c : { ...c, ok: false, error: r && !r.ok ? r.error.message : 'no answer' };
      });
    }),
  );
}

/** Sends each team's part of a chunk on its own (Graph addresses a channel under its team); answers in chunk order. */
async function perTeam<T, A>(
  ctx: ApplyContext,
  chunk: readonly T[],
  channelOf: (c: T) => string,
  send: (teamId: string, part: T[]) => Promise<A[]>,
): Promise<(A | undefined)[]> {
  const answers = new Map<T, A | undefined>();
  for (const [teamId, part] of byTeam(chunk, (c) => teamOfChannel(ctx, channelOf(c)))) {
    const got = await send(teamId, part);
    part.forEach((c, i) => answers.set(c, got[i]));
  }
  return chunk.map((c) => answers.get(c));
}
