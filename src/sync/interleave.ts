/**
 * Orders membership changes for the rate limits: round-robin across channels (busiest channel
 * first), adds and removals alternating inside a channel. Graph allows 4 requests/s per channel and
 * separate per-second budgets for POST and DELETE, so a run that front-loads one busy channel or
 * one kind of change waits on a single limit while the others sit idle.
 */
export function interleaveByChannel<T extends { kind: 'add' | 'remove'; channelId: string }>(changes: readonly T[]): T[] {
  const byChannel = new Map<string, { add: T[]; remove: T[] }>();
  for (const c of changes) {
    const q = byChannel.get(c.channelId) ?? { add: [], remove: [] };
    q[c.kind].push(c);
    byChannel.set(c.channelId, q);
  }
  const queues = [...byChannel.values()].map((q) => alternate(q.add, q.remove)).sort((a, b) => b.length - a.length);
  const out: T[] = [];
  for (let round = 0; out.length < changes.length; round++) {
    for (const q of queues) if (round < q.length) out.push(q[round]!);
  }
  return out;
}

function alternate<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < b.length) out.push(b[i]!);
    if (i < a.length) out.push(a[i]!);
  }
  return out;
}
