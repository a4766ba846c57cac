import type { Selectable } from 'kysely';
import type { WeeklyStatusTable } from '../database';
import { nowIso, type RepoDeps } from '../support';

export type WeeklyStatus = Selectable<WeeklyStatusTable>;
export type WeeklyStatusFields = Pick<WeeklyStatus, 'stage' | 'targetSchedule' | 'milestoneDate' | 'nextWeek' | 'needsFromYou'>;

/** The owner's fields of the weekly status, one row per account and ISO week (e.g. 2026-W48). */
export function createWeeklyStatusRepo({ db, clock }: RepoDeps) {
  return {
    async save(customerId: string, isoWeek: string, fields: WeeklyStatusFields, updatedBy: string): Promise<void> {
      const values = { ...fields, updatedBy, updatedAt: nowIso(clock) };
      await db
        .insertInto('weeklyStatus')
        .values({ customerId, isoWeek, ...values })
        .onConflict((oc) => oc.columns(['customerId', 'isoWeek']).doUpdateSet(values))
        .execute();
    },

    async get(customerId: string, isoWeek: string): Promise<WeeklyStatus | undefined> {
      return db
        .selectFrom('weeklyStatus')
        .selectAll()
        .where('customerId', '=', customerId)
        .where('isoWeek', '=', isoWeek)
        .executeTakeFirst();
    },

    /** The latest week before `isoWeek` with fields, to prefill the dialog. ISO week strings sort as text. */
    async latestBefore(customerId: string, isoWeek: string): Promise<WeeklyStatus | undefined> {
      return db
        .selectFrom('weeklyStatus')
        .selectAll()
        .where('customerId', '=', customerId)
        .where('isoWeek', '<', isoWeek)
        .orderBy('isoWeek', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
  };
}
