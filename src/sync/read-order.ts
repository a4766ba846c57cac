import type { DesiredAccount } from '../membership';
import type { KnownAccount } from './plan';

/**
 * The order to read channel members in when removals start as channels arrive: the channels that
 * will likely lose the most members first. Graph lets one channel take only a few writes per second,
 * so an archived channel's tens of removals are the run's longest tail; starting them last made
 * the run end late. A guess from what this app recorded last time; a wrong guess only costs time.
 */
export function removalsFirst(
  desired: ReadonlyMap<string, DesiredAccount>,
  known: ReadonlyMap<string, KnownAccount>,
  recordedMembers: ReadonlyMap<string, ReadonlySet<string>>,
): (channelIds: readonly string[]) => string[] {
  const score = new Map<string, number>();
  for (const k of known.values()) {
    if (!k.channelId || k.channelState === 'archived') continue;
    const recorded = recordedMembers.get(k.customerId)?.size ?? 0;
    const d = desired.get(k.customerId);
    // Ended or gone from billing: everyone but the owners may go. Otherwise: how many fewer are wanted.
    const leaving = !d || d.ended ? recorded : recorded - (d.owners.length + d.members.length);
    score.set(k.channelId, d && !d.ended ? Math.max(0, leaving) : recorded + 1_000_000);
  }
  return (ids) => [...ids].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
}
