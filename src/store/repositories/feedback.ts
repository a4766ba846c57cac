import type { Selectable } from 'kysely';
import type { FeedbackStatus, FeedbackTable } from '../database';
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
        status: 'new',
        reply: null,
        handledBy: null,
        handledAt: null,
      };
      await db.insertInto('feedback').values(row).execute();
      return row;
    },

    async get(id: string): Promise<Feedback | undefined> {
      return db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async listForAccount(customerId: string): Promise<Feedback[]> {
      return db.selectFrom('feedback').selectAll().where('customerId', '=', customerId).orderBy('createdAt', 'desc').execute();
    },

    /** An owner's handling: a new status and/or a reply (the reply replaces an earlier one). */
    async handle(id: string, change: { status?: FeedbackStatus; reply?: string }, by: string): Promise<Feedback | undefined> {
      const set = {
        ...(change.status ? { status: change.status } : {}),
        ...(change.reply !== undefined ? { reply: change.reply } : {}),
        handledBy: by,
        handledAt: nowIso(clock),
      };
      await db.updateTable('feedback').set(set).where('id', '=', id).execute();
      return this.get(id);
    },
  };
}
