import type { ApplyContext, Phase } from '../apply-plan';
import { byTeam } from '../teams';
import type { AppliedOf } from '../applied-change';
import { sendInChunks } from './send-in-chunks';

/** Graph's bulk add takes 200 people per request (team "members/add"). */
const BULK_ADD = 200;

/** Private channels take only team members: everyone wanted joins the team first. */
export const teamAdds: Phase = {
  name: 'team-adds',
  async run(ctx) {
    const { plan, settings } = ctx;
    if (plan.teamAdds.length === 0) return [];
    const accountsOf = new Map<string, Set<string>>();
    const note = (userId: string, customerId: string) => accountsOf.set(userId, (accountsOf.get(userId) ?? new Set()).add(customerId));
    for (const a of plan.adds) note(a.userId, a.customerId);
    for (const c of plan.channels) if (c.kind === 'create') for (const m of c.initialMembers) note(m.userId, m.customerId);
    const planned: AppliedOf<'team-add'>[] = plan.teamAdds.map((t) => ({
      kind: 'team-add',
      ok: true,
      userId: t.userId,
      email: t.email,
      customerIds: [...(accountsOf.get(t.userId) ?? [])],
      ...(t.teamId ? { teamId: t.teamId } : {}),
    }));
    ctx.progress('team-members', 0, planned.length);
    const results: AppliedOf<'team-add'>[] = [];
    for (const [teamId, part] of byTeam(planned, (t) => t.teamId ?? settings.teamId)) results.push(...(await addToTeam(ctx, teamId, part)));
    ctx.progress('team-members', planned.length, planned.length);
    return results;
  },
};

/** Adds people to one team, a bulk request at a time, each batch recorded (the channel phase uses it too). */
export function addToTeam(ctx: ApplyContext, teamId: string, planned: readonly AppliedOf<'team-add'>[]): Promise<AppliedOf<'team-add'>[]> {
  return sendInChunks(
    planned,
    (chunk) =>
      ctx.recorder.step(chunk, async () => {
        const answers = new Map(
          (
            await ctx.directory.addTeamMembers(
              teamId,
              chunk.map((t) => t.userId),
            )
          ).map((r) => [r.key, r]),
        );
        return chunk.map((t) => {
          const r = answers.get(t.userId);
          return r?.ok ? t : { ...t, ok: false, error: r && !r.ok ? r.error.message : 'no answer' };
        });
      }),
    BULK_ADD,
  );
}
