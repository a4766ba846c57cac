import type { LoggedRequest } from '../emulator';

/**
 * The fastest a set of Graph requests could finish under the enforced Teams limits
 * (graph "throttling-limits": per app per tenant by operation class, and 4 requests/s per team
 * or channel). Latency and dependencies are ignored, so real runs can only be slower.
 */
export function rateLimitLowerBoundSec(requests: readonly LoggedRequest[]): number {
  const perTarget = new Map<string, number>();
  const perClass = new Map<string, number>();
  for (const r of requests) {
    if (r.path.endsWith('/$batch') || !r.path.includes('/teams/')) continue;
    const m = /\/teams\/([^/]+)(?:\/channels\/([^/?]+))?/.exec(r.path);
    if (!m) continue;
    const target = m[2] ? `channel:${m[2]}` : `team:${m[1]}`;
    perTarget.set(target, (perTarget.get(target) ?? 0) + 1);
    const cls = classOf(r.method, r.path);
    perClass.set(cls.name, (perClass.get(cls.name) ?? 0) + 1 / cls.rps);
  }
  const byTarget = Math.max(0, ...[...perTarget.values()].map((n) => n / 4));
  const byClass = Math.max(0, ...perClass.values());
  return Math.max(byTarget, byClass);
}

function classOf(method: string, path: string): { name: string; rps: number } {
  const isMembers = /\/members/.test(path);
  if (method === 'GET') return isMembers || /\/channels$/.test(path) ? { name: 'GET members/channels', rps: 60 } : { name: 'GET team/channel/tab', rps: 30 };
  if (method === 'DELETE') return { name: 'DELETE', rps: 15 };
  if (method === 'PATCH') return { name: 'PATCH', rps: 30 };
  return { name: `POST ${isMembers ? 'members' : 'channel/tab/app'}`, rps: 30 };
}
