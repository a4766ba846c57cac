import type { Selectable } from 'kysely';
import type { MembershipOverridesTable, OverrideKind } from '../database';
import { newId, normaliseEmail, nowIso, type RepoDeps } from '../support';

export type MembershipOverride = Selectable<MembershipOverridesTable>;

/** Manual additions/exclusions per account, set by its owner; they survive every sync. */
export function createOverridesRepo({ db, clock }: RepoDeps) {
  return {
    /** One override per account and person: setting again replaces the kind and reason. */
    async set(input: {
      customerId: string;
      email: string;
      kind: OverrideKind;
      setBy: string;
      reason?: string | null;
      expiresOn?: string | null;
    }): Promise<MembershipOverride> {
      const row: MembershipOverride = {
        id: newId(),
        customerId: input.customerId,
        email: normaliseEmail(input.email),
        kind: input.kind,
        setBy: input.setBy,
        reason: input.reason ?? null,
        createdAt: nowIso(clock),
        expiresOn: input.kind === 'add' ? (input.expiresOn ?? null) : null,
        remindedAt: null,
      };
      await db
        .insertInto('membershipOverrides')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['customerId', 'email']).doUpdateSet({
            kind: row.kind,
            setBy: row.setBy,
            reason: row.reason,
            createdAt: row.createdAt,
            expiresOn: row.expiresOn,
            remindedAt: null,
          }),
        )
        .execute();
      return db
        .selectFrom('membershipOverrides')
        .selectAll()
        .where('customerId', '=', row.customerId)
        .where('email', '=', row.email)
        .executeTakeFirstOrThrow();
    },

    async remove(customerId: string, email: string): Promise<boolean> {
      const res = await db
        .deleteFrom('membershipOverrides')
        .where('customerId', '=', customerId)
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async get(customerId: string, id: string): Promise<MembershipOverride | undefined> {
      return db.selectFrom('membershipOverrides').selectAll().where('customerId', '=', customerId).where('id', '=', id).executeTakeFirst();
    },

    /** By id within one account, so an owner can only undo their own account's changes. */
    async removeById(customerId: string, id: string): Promise<boolean> {
      const res = await db.deleteFrom('membershipOverrides').where('customerId', '=', customerId).where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async listForAccount(customerId: string): Promise<MembershipOverride[]> {
      return db.selectFrom('membershipOverrides').selectAll().where('customerId', '=', customerId).orderBy('email').execute();
    },

    /** Manual additions ending on or before `lastDay` whose owner has not been reminded yet. */
    async listEndingUnreminded(lastDay: string): Promise<MembershipOverride[]> {
      return db
        .selectFrom('membershipOverrides')
        .selectAll()
        .where('kind', '=', 'add')
        .where('expiresOn', 'is not', null)
        .where('expiresOn', '<=', lastDay)
        .where('remindedAt', 'is', null)
        .orderBy('expiresOn')
        .orderBy('id')
        .execute();
    },

    /** Marks the reminder sent; false when another instance marked it first. */
    async markReminded(id: string): Promise<boolean> {
      const res = await db
        .updateTable('membershipOverrides')
        .set({ remindedAt: nowIso(clock) })
        .where('id', '=', id)
        .where('remindedAt', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    /** Manual additions whose end date is before `today`: the sync no longer grants them. */
    async removeExpired(today: string): Promise<MembershipOverride[]> {
      const gone = await db
        .selectFrom('membershipOverrides')
        .selectAll()
        .where('kind', '=', 'add')
        .where('expiresOn', '<', today)
        .execute();
      if (gone.length)
        await db
          .deleteFrom('membershipOverrides')
          .where(
            'id',
            'in',
            gone.map((o) => o.id),
          )
          .execute();
      return gone;
    },

    async listAll(): Promise<MembershipOverride[]> {
      return db.selectFrom('membershipOverrides').selectAll().orderBy('customerId').orderBy('email').execute();
    },
  };
}
