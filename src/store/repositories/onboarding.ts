import type { Selectable } from 'kysely';
import type { DigestPrefsTable, OnboardingAcksTable, OnboardingStartsTable, TocMustReadTable } from '../database';
import { fromJson, nowIso, toJson, type RepoDeps } from '../support';

export type MustRead = Omit<Selectable<TocMustReadTable>, 'rolesJson'> & { roles: string[] };
export type OnboardingAck = Selectable<OnboardingAcksTable>;
export type OnboardingStart = Selectable<OnboardingStartsTable>;
export type DigestPref = Pick<Selectable<DigestPrefsTable>, 'userId' | 'weekday'> & { enabled: boolean };

/** Must-read TOC items per account, each person's ticks, welcomes delivered, and digest choices. */
export function createOnboardingRepo({ db, clock }: RepoDeps) {
  const toMustRead = (r: {
    customerId: string;
    itemId: string;
    rolesJson: string;
    version: number;
    updatedBy: string;
    updatedAt: string;
  }) => ({
    customerId: r.customerId,
    itemId: r.itemId,
    roles: fromJson<string[]>(r.rolesJson, []),
    version: Number(r.version),
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  });
  return {
    async listMustRead(customerIds: readonly string[]): Promise<MustRead[]> {
      if (customerIds.length === 0) return [];
      const rows = await db
        .selectFrom('tocMustRead')
        .selectAll()
        .where('customerId', 'in', [...customerIds])
        .execute();
      return rows.map(toMustRead).sort((a, b) => a.customerId.localeCompare(b.customerId) || a.itemId.localeCompare(b.itemId));
    },

    /**
     * Sets an item's roles (none = not must-read any more). `bump` asks everyone to read it again: the
     * version grows, so earlier ticks no longer count. Returns the row as saved (undefined when cleared).
     */
    async setMustRead(
      customerId: string,
      itemId: string,
      roles: readonly string[],
      by: string,
      bump = false,
    ): Promise<MustRead | undefined> {
      const existing = await db
        .selectFrom('tocMustRead')
        .selectAll()
        .where('customerId', '=', customerId)
        .where('itemId', '=', itemId)
        .executeTakeFirst();
      if (roles.length === 0) {
        await db.deleteFrom('tocMustRead').where('customerId', '=', customerId).where('itemId', '=', itemId).execute();
        return undefined;
      }
      const version = existing ? Number(existing.version) + (bump ? 1 : 0) : 1;
      const row = { customerId, itemId, rolesJson: toJson([...new Set(roles)].sort()), version, updatedBy: by, updatedAt: nowIso(clock) };
      await db
        .insertInto('tocMustRead')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['customerId', 'itemId']).doUpdateSet({ rolesJson: row.rolesJson, version, updatedBy: by, updatedAt: row.updatedAt }),
        )
        .execute();
      return toMustRead(row);
    },

    /** A tick; ticking the same version again changes nothing. */
    async ack(input: Omit<OnboardingAck, 'ackedAt'>): Promise<void> {
      await db
        .insertInto('onboardingAcks')
        .values({ ...input, ackedAt: nowIso(clock) })
        .onConflict((oc) => oc.columns(['customerId', 'itemId', 'userId', 'version']).doNothing())
        .execute();
    },

    async listAcks(customerIds: readonly string[], userId?: string): Promise<OnboardingAck[]> {
      if (customerIds.length === 0) return [];
      let q = db
        .selectFrom('onboardingAcks')
        .selectAll()
        .where('customerId', 'in', [...customerIds]);
      if (userId) q = q.where('userId', '=', userId);
      return (await q.execute()).map((r) => ({ ...r, version: Number(r.version) }));
    },

    /** The person's welcome for this account was delivered; true the first time only. */
    async markStarted(customerId: string, userId: string, email: string | null): Promise<boolean> {
      const res = await db
        .insertInto('onboardingStarts')
        .values({ customerId, userId, email, startedAt: nowIso(clock), remindedAt: null })
        .onConflict((oc) => oc.columns(['customerId', 'userId']).doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async listStarts(customerId: string): Promise<OnboardingStart[]> {
      return db.selectFrom('onboardingStarts').selectAll().where('customerId', '=', customerId).execute();
    },

    /** Welcomes delivered before `before` whose reminder has not been sent. */
    async listUnreminded(before: string): Promise<OnboardingStart[]> {
      return db.selectFrom('onboardingStarts').selectAll().where('remindedAt', 'is', null).where('startedAt', '<=', before).execute();
    },

    /** Marks the reminder sent; false when another run already did (so each person is reminded once). */
    async markReminded(customerId: string, userId: string): Promise<boolean> {
      const res = await db
        .updateTable('onboardingStarts')
        .set({ remindedAt: nowIso(clock) })
        .where('customerId', '=', customerId)
        .where('userId', '=', userId)
        .where('remindedAt', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async getDigestPref(userId: string): Promise<DigestPref | undefined> {
      const r = await db.selectFrom('digestPrefs').selectAll().where('userId', '=', userId).executeTakeFirst();
      return r ? toPref(r) : undefined;
    },

    async listDigestPrefs(): Promise<DigestPref[]> {
      return (await db.selectFrom('digestPrefs').selectAll().execute()).map(toPref);
    },

    async setDigestPref(pref: DigestPref): Promise<void> {
      const row = { userId: pref.userId, enabled: pref.enabled ? 1 : 0, weekday: pref.weekday, updatedAt: nowIso(clock) };
      await db
        .insertInto('digestPrefs')
        .values(row)
        .onConflict((oc) => oc.column('userId').doUpdateSet({ enabled: row.enabled, weekday: row.weekday, updatedAt: row.updatedAt }))
        .execute();
    },
  };
}

const toPref = (r: DigestPrefsTable): DigestPref => ({ userId: r.userId, enabled: Number(r.enabled) === 1, weekday: Number(r.weekday) });
