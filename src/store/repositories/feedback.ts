import type { Selectable } from 'kysely';
import type { FeedbackTable } from '../database';
import { newId, nowIso, type RepoDeps } from '../support';

export type Feedback = Selectable<FeedbackTable>;

export function createFeedbackRepo({ db, clock }: RepoDeps) {
  return {
    async add(input: { customerId?: string | null; userId: string; userName?: string | null; text: string }): Promise<Feedback> {
      const row: Feedback = {
        id: newId(),
        customerId: input.customerId ?? null,
        userId: input.userId,
        userName: input.userName ?? null,
        text: input.text,
        createdAt: nowIso(clock),
      };
      await db.insertInto('feedback').values(row).execute();
      return row;
    },

    async listForAccount(customerId: string): Promise<Feedback[]> {
      return db.selectFrom('feedback').selectAll().where('customerId', '=', customerId).orderBy('createdAt', 'desc').execute();
    },
  };
}

export type FeedbackRepo = ReturnType<typeof createFeedbackRepo>;
