import type { Selectable } from 'kysely';
import type { NoticePlanStatus, NoticePlansTable } from '../database';
import { fromJson, newId, nowIso, toJson, type RepoDeps } from '../support';
import type { MentionSpec, NoticeOptions, NoticeTargets } from './notices';

/** A notice written in the dialog, before (and after) it goes out. */
/** sendAt: when to send (ISO); null = at once. */
export type NoticePlan = Omit<Selectable<NoticePlansTable>, 'targetsJson' | 'mentionJson' | 'optionsJson' | 'locale'> & {
  targets: NoticeTargets;
  mention: MentionSpec;
  options: NoticeOptions & { approvalRequired?: boolean };
  locale: 'fi' | 'en';
};

export type NoticePlanFields = Pick<NoticePlan, 'title' | 'body' | 'targets' | 'mention' | 'options' | 'sendAt' | 'locale'>;

const toPlan = (r: NoticePlansTable): NoticePlan => {
  const { targetsJson, mentionJson, optionsJson, locale, ...rest } = r;
  return {
    ...rest,
    targets: fromJson<NoticeTargets>(targetsJson, { accounts: [] }),
    mention: fromJson<MentionSpec>(mentionJson, { mode: 'supervisors' }),
    options: fromJson<NoticePlan['options']>(optionsJson, { ackRequired: true }),
    locale: locale === 'en' ? 'en' : 'fi',
  };
};

const fieldsRow = (f: NoticePlanFields) => ({
  title: f.title,
  body: f.body,
  targetsJson: toJson(f.targets),
  mentionJson: toJson(f.mention),
  optionsJson: toJson(f.options),
  sendAt: f.sendAt,
  locale: f.locale,
});

export function createNoticePlansRepo({ db, clock }: RepoDeps) {
  return {
    async createDraft(author: { id: string; name: string }, fields: NoticePlanFields): Promise<NoticePlan> {
      const now = nowIso(clock);
      const row: NoticePlansTable = {
        id: newId(),
        authorId: author.id,
        authorName: author.name,
        ...fieldsRow(fields),
        approverId: null,
        approverName: null,
        status: 'draft',
        noticeId: null,
        decidedBy: null,
        decidedAt: null,
        startRemindedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await db.insertInto('noticePlans').values(row).execute();
      return toPlan(row);
    },

    async get(id: string): Promise<NoticePlan | undefined> {
      const r = id ? await db.selectFrom('noticePlans').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
      return r && toPlan(r);
    },

    /** Rewrites a draft's fields (Back to edit, then preview again); false when it is no longer a draft. */
    async updateDraft(id: string, fields: NoticePlanFields): Promise<boolean> {
      const res = await db
        .updateTable('noticePlans')
        .set({ ...fieldsRow(fields), updatedAt: nowIso(clock) })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /**
     * Moves a plan from one of `from` to `to` (compare-and-set: two clicks, two approvers or two
     * instances never both win). False when the plan was not in one of `from`.
     */
    async transition(
      id: string,
      from: readonly NoticePlanStatus[],
      to: NoticePlanStatus,
      set: Partial<Pick<NoticePlansTable, 'approverId' | 'approverName' | 'noticeId' | 'decidedBy' | 'decidedAt'>> = {},
    ): Promise<boolean> {
      const res = await db
        .updateTable('noticePlans')
        .set({ ...set, status: to, updatedAt: nowIso(clock) })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async setNoticeId(id: string, noticeId: string): Promise<void> {
      await db
        .updateTable('noticePlans')
        .set({ noticeId, updatedAt: nowIso(clock) })
        .where('id', '=', id)
        .execute();
    },

    /** Scheduled plans whose time has come, oldest first. */
    async listDue(now: string): Promise<NoticePlan[]> {
      const rows = await db
        .selectFrom('noticePlans')
        .selectAll()
        .where('status', '=', 'scheduled')
        .where('sendAt', '<=', now)
        .orderBy('sendAt')
        .execute();
      return rows.map(toPlan);
    },

    /** Sent plans of planned disruptions whose start reminder has not gone out (the caller checks the start). */
    async listAwaitingStartReminder(): Promise<NoticePlan[]> {
      const rows = await db
        .selectFrom('noticePlans')
        .selectAll()
        .where('status', '=', 'sent')
        .where('startRemindedAt', 'is', null)
        .where('optionsJson', 'like', '%"windowStart"%')
        .execute();
      return rows.map(toPlan);
    },

    /** Marks the start reminder done; false when another run already did. */
    async markStartReminded(id: string): Promise<boolean> {
      const now = nowIso(clock);
      const res = await db
        .updateTable('noticePlans')
        .set({ startRemindedAt: now, updatedAt: now })
        .where('id', '=', id)
        .where('startRemindedAt', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** The author's plans still waiting (scheduled or awaiting approval), soonest first. */
    async listPendingForAuthor(authorId: string): Promise<NoticePlan[]> {
      const rows = await db
        .selectFrom('noticePlans')
        .selectAll()
        .where('authorId', '=', authorId)
        .where('status', 'in', ['scheduled', 'awaiting-approval'])
        .orderBy('createdAt')
        .execute();
      return rows.map(toPlan);
    },
  };
}
