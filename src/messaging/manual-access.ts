import { isoDateIn } from '../membership';
import type { MessagingDeps } from './deps';

export interface ManualAccessResult {
  reminded: number;
  expired: number;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Daily: manual additions past their end date are dropped (audited; the next sync removes the access),
 * and the owner who made one ending within `daysBefore` days gets one personal reminder. An owner
 * Graph has not resolved yet is reminded on a later day (the mark is set only when the note is queued).
 */
export async function runManualAccessJob(deps: MessagingDeps, opts: { daysBefore: number }): Promise<ManualAccessResult> {
  const { store } = deps;
  const today = isoDateIn(deps.clock.now(), deps.timeZone);
  const expired = await store.overrides.removeExpired(today);
  if (expired.length) {
    await store.audit.append(
      null,
      expired.map((o) => ({
        customerId: o.customerId,
        email: o.email,
        action: 'override-expired',
        reason: o.reason,
        detail: { overrideId: o.id, expiresOn: o.expiresOn, setBy: o.setBy },
      })),
    );
  }
  let reminded = 0;
  const ending = await store.overrides.listEndingUnreminded(addDays(today, opts.daysBefore));
  if (ending.length === 0) return { reminded, expired: expired.length };
  const people = await store.people.getMany([...new Set(ending.flatMap((o) => [o.setBy, o.email]))]);
  for (const o of ending) {
    const owner = people.get(o.setBy);
    if (!owner?.objectId) continue;
    const account = await store.accounts.get(o.customerId);
    await store.outbox.enqueue({
      idempotencyKey: `manual-access-ends:${o.id}:${o.expiresOn}`,
      kind: 'access-note',
      customerId: o.customerId,
      target: { userId: owner.objectId, email: o.setBy },
      payload: {
        kind: 'expiry',
        person: people.get(o.email)?.displayName ?? o.email,
        account: account?.name ?? o.customerId,
        date: o.expiresOn,
      },
    });
    if (await store.overrides.markReminded(o.id)) reminded++;
  }
  deps.logger.info({ reminded, expired: expired.length }, 'manual access checked');
  return { reminded, expired: expired.length };
}
