import type { Selectable } from 'kysely';
import type { ClockCompletionsTable, ClockEventsTable, ClockOccurrenceExceptionsTable } from '../database';
import { chunks, fromJson, inTransaction, newId, nowIso, toJson, type RepoDeps } from '../support';

/** Recurrence rule as the annual-clock feature defines it (stored as JSON; null = one-off). */
export type Recurrence = Record<string, unknown> | null;

/** startsOn: YYYY-MM-DD (or ISO timestamp), the first occurrence. */
export type ClockEvent = Omit<Selectable<ClockEventsTable>, 'recurrenceJson'> & { recurrence: Recurrence };

export type ClockEventInput = Pick<ClockEvent, 'customerId' | 'title' | 'ring' | 'startsOn'> &
  Partial<
    Pick<
      ClockEvent,
      | 'titleEn'
      | 'ownerEmail'
      | 'description'
      | 'descriptionEn'
      | 'link'
      | 'recurrence'
      | 'endsOn'
      | 'reminderDays'
      | 'assignee'
      | 'durationDays'
    >
  > & { id?: string };
export type ClockEventPatch = Partial<Omit<ClockEventInput, 'customerId' | 'id'>>;
export type ClockCompletion = Selectable<ClockCompletionsTable>;

/** One occurrence changed on its own; `seriesDate` is its identity. */
export type ClockException = Omit<Selectable<ClockOccurrenceExceptionsTable>, 'cancelled'> & { cancelled: boolean };
export type ClockExceptionInput = Omit<ClockException, 'updatedBy' | 'updatedAt'>;

const toException = (r: ClockOccurrenceExceptionsTable): ClockException => ({ ...r, cancelled: Number(r.cancelled) === 1 });

const toEvent = (r: ClockEventsTable): ClockEvent => {
  const { recurrenceJson, ...rest } = r;
  return { ...rest, recurrence: fromJson<Recurrence>(recurrenceJson, null) };
};

export function createAnnualClockRepo({ db, clock }: RepoDeps) {
  const row = (e: ClockEventInput, now: string): ClockEventsTable => ({
    id: e.id ?? newId(),
    customerId: e.customerId,
    title: e.title,
    titleEn: e.titleEn ?? null,
    ring: e.ring,
    ownerEmail: e.ownerEmail ?? null,
    description: e.description ?? null,
    descriptionEn: e.descriptionEn ?? null,
    link: e.link ?? null,
    recurrenceJson: e.recurrence ? toJson(e.recurrence) : null,
    assignee: e.assignee ?? null,
    startsOn: e.startsOn,
    endsOn: e.endsOn ?? null,
    reminderDays: e.reminderDays ?? null,
    durationDays: e.durationDays ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return {
    /** Several at once, e.g. the default event set of a new account. */
    async createMany(events: readonly ClockEventInput[]): Promise<ClockEvent[]> {
      const now = nowIso(clock);
      const rows = events.map((e) => row(e, now));
      await inTransaction(db, async (trx) => {
        for (const slice of chunks(rows, 200)) await trx.insertInto('clockEvents').values(slice).execute();
      });
      return rows.map(toEvent);
    },

    /** `customerId`: the account the caller may change; another account's event is left alone. */
    async update(id: string, patch: ClockEventPatch, customerId?: string): Promise<boolean> {
      const { recurrence, ...rest } = patch;
      let q = db
        .updateTable('clockEvents')
        .set({
          ...rest,
          ...(recurrence !== undefined ? { recurrenceJson: recurrence ? toJson(recurrence) : null } : {}),
          updatedAt: nowIso(clock),
        })
        .where('id', '=', id);
      if (customerId !== undefined) q = q.where('customerId', '=', customerId);
      const res = await q.executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async remove(id: string, customerId?: string): Promise<boolean> {
      let q = db.deleteFrom('clockEvents').where('id', '=', id);
      if (customerId !== undefined) q = q.where('customerId', '=', customerId);
      const res = await q.executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    async get(id: string): Promise<ClockEvent | undefined> {
      const r = await db.selectFrom('clockEvents').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toEvent(r);
    },

    async listForAccounts(customerIds: readonly string[]): Promise<ClockEvent[]> {
      if (customerIds.length === 0) return [];
      const rows = await db
        .selectFrom('clockEvents')
        .selectAll()
        .where('customerId', 'in', [...customerIds])
        .orderBy('startsOn')
        .orderBy('id')
        .execute();
      return rows.map(toEvent);
    },

    /** Ticks one occurrence (YYYY-MM-DD) done; ticking again keeps the first record. */
    async complete(eventId: string, occurrence: string, doneBy: string): Promise<void> {
      await db
        .insertInto('clockCompletions')
        .values({ eventId, occurrence, doneBy, doneAt: nowIso(clock) })
        .onConflict((oc) => oc.columns(['eventId', 'occurrence']).doNothing())
        .execute();
    },

    async uncomplete(eventId: string, occurrence: string): Promise<boolean> {
      const res = await db
        .deleteFrom('clockCompletions')
        .where('eventId', '=', eventId)
        .where('occurrence', '=', occurrence)
        .executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    /** Sets (replaces) one occurrence's exception. */
    async saveException(x: ClockExceptionInput, by: string): Promise<void> {
      const values = {
        movedTo: x.movedTo,
        title: x.title,
        titleEn: x.titleEn,
        cancelled: x.cancelled ? 1 : 0,
        updatedBy: by,
        updatedAt: nowIso(clock),
      };
      await db
        .insertInto('clockOccurrenceExceptions')
        .values({ eventId: x.eventId, seriesDate: x.seriesDate, ...values })
        .onConflict((oc) => oc.columns(['eventId', 'seriesDate']).doUpdateSet(values))
        .execute();
    },

    /** The occurrence back to what the series says. */
    async removeException(eventId: string, seriesDate: string): Promise<boolean> {
      const res = await db
        .deleteFrom('clockOccurrenceExceptions')
        .where('eventId', '=', eventId)
        .where('seriesDate', '=', seriesDate)
        .executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    async listExceptions(customerIds: readonly string[]): Promise<ClockException[]> {
      if (customerIds.length === 0) return [];
      const rows = await db
        .selectFrom('clockOccurrenceExceptions')
        .innerJoin('clockEvents', 'clockEvents.id', 'clockOccurrenceExceptions.eventId')
        .selectAll('clockOccurrenceExceptions')
        .where('clockEvents.customerId', 'in', [...customerIds])
        .orderBy('clockOccurrenceExceptions.eventId')
        .orderBy('clockOccurrenceExceptions.seriesDate')
        .execute();
      return rows.map(toException);
    },

    async listCompletions(customerId: string): Promise<ClockCompletion[]> {
      return db
        .selectFrom('clockCompletions')
        .innerJoin('clockEvents', 'clockEvents.id', 'clockCompletions.eventId')
        .selectAll('clockCompletions')
        .where('clockEvents.customerId', '=', customerId)
        .orderBy('clockCompletions.occurrence')
        .orderBy('clockCompletions.eventId')
        .execute();
    },
  };
}
