import type { Selectable } from 'kysely';
import type { AckKind, AcknowledgementsTable } from '../database';
import { nowIso, type RepoDeps } from '../support';

export type Acknowledgement = Selectable<AcknowledgementsTable>;

/** One receipt per notice and user (primary key); a later reply updates its kind. */
export function createAcknowledgementsRepo({ db, clock }: RepoDeps) {
  return {
    /** `created` is false when the user had already replied (a repeated button press). */
    async record(input: {
      noticeId: string;
      userId: string;
      kind: AckKind;
      userName?: string | null;
      customerId?: string | null;
    }): Promise<{ created: boolean }> {
      const at = nowIso(clock);
      const inserted = await db
        .insertInto('acknowledgements')
        .values({
          noticeId: input.noticeId,
          userId: input.userId,
          kind: input.kind,
          userName: input.userName ?? null,
          customerId: input.customerId ?? null,
          at,
        })
        .onConflict((oc) => oc.columns(['noticeId', 'userId']).doNothing())
        .returning('userId')
        .executeTakeFirst();
      if (inserted) return { created: true };
      // An explicit acknowledgement outranks an earlier "ok"/"looking into it"; never the other way round.
      if (input.kind === 'ack') {
        await db
          .updateTable('acknowledgements')
          .set({ kind: 'ack', at })
          .where('noticeId', '=', input.noticeId)
          .where('userId', '=', input.userId)
          .where('kind', '!=', 'ack')
          .execute();
      }
      return { created: false };
    },

    async get(noticeId: string, userId: string): Promise<Acknowledgement | undefined> {
      return db.selectFrom('acknowledgements').selectAll().where('noticeId', '=', noticeId).where('userId', '=', userId).executeTakeFirst();
    },

    async listForNotice(noticeId: string): Promise<Acknowledgement[]> {
      return db.selectFrom('acknowledgements').selectAll().where('noticeId', '=', noticeId).orderBy('at').orderBy('userId').execute();
    },

    async countsForNotice(noticeId: string): Promise<Record<AckKind, number>> {
      const rows = await db
        .selectFrom('acknowledgements')
        .select(['kind', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('noticeId', '=', noticeId)
        .groupBy('kind')
        .execute();
      const counts: Record<AckKind, number> = { ack: 0, ok: 0, looking: 0 };
      for (const r of rows) counts[r.kind] = Number(r.n);
      return counts;
    },
  };
}
