import type { Selectable } from 'kysely';
import type { MessageRefKind, MessageRefsTable } from '../database';
import { newId, nowIso, type RepoDeps } from '../support';

export type MessageRef = Selectable<MessageRefsTable>;
export type MessageRefInput = Omit<MessageRef, 'id' | 'createdAt' | 'customerId'> & { customerId?: string | null };

/** Where each posted card landed, so it can be updated, refreshed or withdrawn everywhere. */
export function createMessageRefsRepo({ db, clock }: RepoDeps) {
  return {
    /** One reference per (kind, refId, conversation); recording again replaces the activity id. */
    async record(input: MessageRefInput): Promise<void> {
      await db
        .insertInto('messageRefs')
        .values({
          id: newId(),
          kind: input.kind,
          refId: input.refId,
          customerId: input.customerId ?? null,
          conversationId: input.conversationId,
          activityId: input.activityId,
          serviceUrl: input.serviceUrl,
          createdAt: nowIso(clock),
        })
        .onConflict((oc) =>
          oc.columns(['kind', 'refId', 'conversationId']).doUpdateSet({ activityId: input.activityId, serviceUrl: input.serviceUrl }),
        )
        .execute();
    },

    async listFor(kind: MessageRefKind, refId: string): Promise<MessageRef[]> {
      return db
        .selectFrom('messageRefs')
        .selectAll()
        .where('kind', '=', kind)
        .where('refId', '=', refId)
        .orderBy('createdAt')
        .orderBy('conversationId')
        .execute();
    },

    /** Which notice/weekly card an incoming card action refers to. */
    async findByActivity(conversationId: string, activityId: string): Promise<MessageRef | undefined> {
      return db
        .selectFrom('messageRefs')
        .selectAll()
        .where('conversationId', '=', conversationId)
        .where('activityId', '=', activityId)
        .executeTakeFirst();
    },

    /** The cards of one kind posted into a conversation (e.g. the notice reminders in a personal chat). */
    async listInConversation(conversationId: string, kind: MessageRefKind): Promise<MessageRef[]> {
      return db
        .selectFrom('messageRefs')
        .selectAll()
        .where('conversationId', '=', conversationId)
        .where('kind', '=', kind)
        .orderBy('createdAt')
        .orderBy('refId')
        .execute();
    },

    async remove(kind: MessageRefKind, refId: string, conversationId: string): Promise<boolean> {
      const res = await db
        .deleteFrom('messageRefs')
        .where('kind', '=', kind)
        .where('refId', '=', refId)
        .where('conversationId', '=', conversationId)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
