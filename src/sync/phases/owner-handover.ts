import type { Phase } from '../apply-plan';
import type { AppliedChange } from '../applied-change';
import { sendMemberChanges, sendRoleChanges } from './member-changes';

/**
 * Promotions always go ahead, like adds. Demotions and owner removals come after every new owner is
 * in: they wait when the guard holds the run, and in a channel whose new owner could not be added or
 * promoted, so an account never ends up without the owner billing names.
 */
export const ownerHandover: Phase = {
  name: 'owner-handover',
  async run(ctx, earlier) {
    const { plan } = ctx;
    const promoted = await sendRoleChanges(
      ctx,
      plan.roleChanges.filter((c) => c.owner).map((change) => ({ kind: 'role' as const, ok: true, change })),
    );
    if (ctx.held) return promoted;
    const gainFailed = ownerGainFailed([...earlier, ...promoted]);
    const deferred: AppliedChange[] = [];
    const safe = (channelId: string, customerId: string, what: string) => {
      if (!gainFailed.has(channelId)) return true;
      deferred.push({ kind: 'deferred', ok: false, customerId, what });
      return false;
    };
    const demotions = plan.roleChanges.filter((c) => !c.owner && safe(c.channelId, c.customerId, `demoting ${c.email}`));
    const leaving = plan.removes.filter((r) => r.wasOwner && safe(r.channelId, r.customerId, `removing ${r.email ?? r.userId}`));
    const [demoted, removed] = await Promise.all([
      sendRoleChanges(
        ctx,
        demotions.map((change) => ({ kind: 'role' as const, ok: true, change })),
      ),
      sendMemberChanges(
        ctx,
        leaving.map((remove) => ({ kind: 'member-remove' as const, ok: true, remove })),
      ),
    ]);
    return [...promoted, ...deferred, ...demoted, ...removed];
  },
};

/** Channels whose new owner is not in place: an owner add or promotion failed, or could not be tried. */
export function ownerGainFailed(results: readonly AppliedChange[]): Set<string> {
  const failed = new Set<string>();
  for (const c of results) {
    if (c.kind === 'member-add' && !c.ok && c.add.owner && c.add.channelId) failed.add(c.add.channelId);
    if (c.kind === 'role' && !c.ok && c.change.owner) failed.add(c.change.channelId);
  }
  return failed;
}
