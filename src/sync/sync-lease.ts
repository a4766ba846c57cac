import os from 'node:os';
import type { Repositories } from '../store';
import type { Clock } from '../ports/clock';

const LEASE = 'sync';
/** A holder that has not renewed for this long is taken to be gone (its process froze or its host died). */
export const LEASE_TTL_MS = 60_000;
const RENEW_EVERY_MS = 10_000;

/** Who holds the sync lease: stored as the lease's holder text, so any instance can name it. */
export interface LeaseHolder {
  runId: string;
  host: string;
  pid: number;
  startedAt: string;
}

export type LeaseResult =
  { ok: true; lease: HeldLease; tookOverFrom?: LeaseHolder } | { ok: false; holder: LeaseHolder | null; renewedAt: string | null };

export interface HeldLease {
  /** False once a renewal found the lease taken (this process was presumed dead): stop writing. */
  stillHeld(): boolean;
  release(): Promise<void>;
}

/** Whether a process on this host is still alive; injectable for tests. */
export type IsAlive = (pid: number) => boolean;

const isAliveHere: IsAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
};

/**
 * One sync at a time across instances. The holder names itself (run id, host, pid) and renews every
 * 10 s; a later run takes the lease over when the holder is gone: its process is dead on this host,
 * or it missed its renewals for a minute (another host, frozen).
 */
export async function acquireSyncLease(
  store: Pick<Repositories, 'leases'>,
  clock: Clock,
  runId: string,
  isAlive: IsAlive = isAliveHere,
): Promise<LeaseResult> {
  const me: LeaseHolder = { runId, host: os.hostname(), pid: process.pid, startedAt: clock.now().toISOString() };
  const holder = JSON.stringify(me);
  const before = await store.leases.get(LEASE);
  // An expired lease is simply taken: its holder missed its renewals.
  let tookOverFrom = before ? (parseHolder(before.holder) ?? undefined) : undefined;
  if (!(await store.leases.tryAcquire(LEASE, holder, LEASE_TTL_MS))) {
    const current = await store.leases.get(LEASE);
    const other = current ? parseHolder(current.holder) : null;
    const gone = other !== null && other.host === me.host && other.pid !== me.pid && !isAlive(other.pid);
    if (!current || !gone || !(await store.leases.takeOver(LEASE, current.holder, holder, LEASE_TTL_MS))) {
      const renewedAt = current ? new Date(Date.parse(current.expiresAt) - LEASE_TTL_MS).toISOString() : null;
      return { ok: false, holder: other, renewedAt };
    }
    tookOverFrom = other ?? undefined;
  }
  let held = true;
  const timer = setInterval(() => {
    store.leases.renew(LEASE, holder, LEASE_TTL_MS).then(
      (ok) => (held = held && ok),
      () => undefined,
    );
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    ok: true,
    tookOverFrom,
    lease: {
      stillHeld: () => held,
      release: async () => {
        clearInterval(timer);
        await store.leases.release(LEASE, holder).catch(() => undefined);
      },
    },
  };
}

/** The holder text of another version or job may not be ours: then only the raw text is known. */
function parseHolder(text: string): LeaseHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LeaseHolder>;
    return typeof h.runId === 'string' && typeof h.pid === 'number' ? (h as LeaseHolder) : null;
  } catch {
    return null;
  }
}

export function describeHolder(holder: LeaseHolder | null, renewedAt: string | null): string {
  if (!holder) return 'another sync holds the lease';
  return `another sync is running: run ${holder.runId} on ${holder.host} (pid ${holder.pid}), started ${holder.startedAt}${renewedAt ? `, last renewed ${renewedAt}` : ''}`;
}
