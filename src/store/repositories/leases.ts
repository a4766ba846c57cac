import type { Selectable } from 'kysely';
import type { LeasesTable } from '../database';
import type { RepoDeps } from '../support';

export type Lease = Selectable<LeasesTable>;

/**
 * Named leases so only one instance runs a job (sync, weekly post) at a time. Acquiring is one
 * INSERT .. ON CONFLICT DO UPDATE .. WHERE statement, atomic on SQLite and PostgreSQL alike.
 */
export function createLeasesRepo({ db, clock }: RepoDeps) {
  return {
    /** True when `holder` now holds the lease (fresh, expired and taken over, or already its own). */
    async tryAcquire(name: string, holder: string, ttlMs: number, now: Date = clock.now()): Promise<boolean> {
      const nowIso = now.toISOString();
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      const rows = await db
        .insertInto('leases')
        .values({ name, holder, expiresAt })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expiresAt })
            .where((eb) => eb.or([eb('leases.expiresAt', '<=', nowIso), eb('leases.holder', '=', holder)])),
        )
        .returning('holder')
        .execute();
      return rows.length === 1;
    },

    /** Extends a lease still held; false when it was lost (expired and taken by another). */
    async renew(name: string, holder: string, ttlMs: number, now: Date = clock.now()): Promise<boolean> {
      const res = await db
        .updateTable('leases')
        .set({ expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
        .where('name', '=', name)
        .where('holder', '=', holder)
        .where('expiresAt', '>', now.toISOString())
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Takes the lease from a holder known to be gone, only if that holder still has it (compare and swap). */
    async takeOver(name: string, from: string, to: string, ttlMs: number, now: Date = clock.now()): Promise<boolean> {
      const res = await db
        .updateTable('leases')
        .set({ holder: to, expiresAt: new Date(now.getTime() + ttlMs).toISOString() })
        .where('name', '=', name)
        .where('holder', '=', from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async release(name: string, holder: string): Promise<boolean> {
      const res = await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    async get(name: string): Promise<Lease | undefined> {
      return db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
    },
  };
}
