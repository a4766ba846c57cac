import type { Selectable } from 'kysely';
import type { ConversationRefsTable } from '../database';
import { fromJson, nowIso, toJson, type RepoDeps } from '../support';

/**
 * A stored conversation; `userId` is the user's AAD object id (personal chats), `reference` the Bot
 * Framework ConversationReference as captured (opaque here; bot/ owns its shape).
 */
export type ConversationRef = Omit<Selectable<ConversationRefsTable>, 'referenceJson'> & { reference: unknown };

export type ConversationRefInput = Omit<ConversationRef, 'updatedAt' | 'teamId' | 'channelId' | 'userId' | 'tenantId'> &
  Partial<Pick<ConversationRef, 'teamId' | 'channelId' | 'userId' | 'tenantId'>>;

const toRef = (r: ConversationRefsTable): ConversationRef => {
  const { referenceJson, ...rest } = r;
  return { ...rest, reference: fromJson<unknown>(referenceJson, null) };
};

/** References captured from conversationUpdate, used for proactive messages. */
export function createConversationRefsRepo({ db, clock }: RepoDeps) {
  return {
    async upsert(input: ConversationRefInput): Promise<void> {
      const row: ConversationRefsTable = {
        conversationId: input.conversationId,
        kind: input.kind,
        teamId: input.teamId ?? null,
        channelId: input.channelId ?? null,
        userId: input.userId ?? null,
        tenantId: input.tenantId ?? null,
        serviceUrl: input.serviceUrl,
        referenceJson: toJson(input.reference),
        updatedAt: nowIso(clock),
      };
      const { conversationId: _key, ...update } = row;
      await db
        .insertInto('conversationRefs')
        .values(row)
        .onConflict((oc) => oc.column('conversationId').doUpdateSet(update))
        .execute();
    },

    async get(conversationId: string): Promise<ConversationRef | undefined> {
      const r = await db.selectFrom('conversationRefs').selectAll().where('conversationId', '=', conversationId).executeTakeFirst();
      return r && toRef(r);
    },

    async findByChannel(channelId: string): Promise<ConversationRef | undefined> {
      const r = await db
        .selectFrom('conversationRefs')
        .selectAll()
        .where('channelId', '=', channelId)
        .orderBy('updatedAt', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && toRef(r);
    },

    async findPersonal(userId: string): Promise<ConversationRef | undefined> {
      const r = await db
        .selectFrom('conversationRefs')
        .selectAll()
        .where('kind', '=', 'personal')
        .where('userId', '=', userId)
        .orderBy('updatedAt', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && toRef(r);
    },

    async findTeam(teamId: string): Promise<ConversationRef | undefined> {
      const r = await db
        .selectFrom('conversationRefs')
        .selectAll()
        .where('kind', '=', 'team')
        .where('teamId', '=', teamId)
        .orderBy('updatedAt', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && toRef(r);
    },

    /** Every team and channel reference at once (the sender reads them once per delivery run). */
    async listTeamsAndChannels(): Promise<ConversationRef[]> {
      const rows = await db
        .selectFrom('conversationRefs')
        .selectAll()
        .where('kind', 'in', ['team', 'channel'])
        .orderBy('updatedAt')
        .execute();
      return rows.map(toRef);
    },

    async remove(conversationId: string): Promise<void> {
      await db.deleteFrom('conversationRefs').where('conversationId', '=', conversationId).execute();
    },
  };
}
