import type { Selectable } from 'kysely';
import type { NoticesTable } from '../database';
import { fromJson, newId, nowIso, toJson, type RepoDeps } from '../support';

export type NoticeTargets = { all: true } | { accounts: string[] };
/** Whom to @mention: supervisors (default), everyone, or chosen billing roles. */
export interface MentionSpec {
  mode: 'supervisors' | 'all' | 'roles';
  roles?: string[];
}

/** What the dialog adds to a notice (migration 0014); older notices ask for an acknowledgement. */
export interface NoticeOptions {
  ackRequired: boolean;
  /** ISO instant by which to act / acknowledge. */
  dueAt?: string;
  /** A planned disruption or change: when it starts and ends (ISO instants). */
  windowStart?: string;
  windowEnd?: string;
  /** Who approved it before it went out (second pair of eyes). */
  approvedBy?: { id: string; name: string };
}

export type Notice = Omit<Selectable<NoticesTable>, 'targetsJson' | 'mentionJson' | 'optionsJson'> & {
  targets: NoticeTargets;
  mention: MentionSpec;
  options: NoticeOptions;
};

const toNotice = (r: NoticesTable): Notice => {
  const { targetsJson, mentionJson, optionsJson, ...rest } = r;
  return {
    ...rest,
    targets: fromJson<NoticeTargets>(targetsJson, { accounts: [] }),
    mention: fromJson<MentionSpec>(mentionJson, { mode: 'supervisors' }),
    options: fromJson<NoticeOptions>(optionsJson, { ackRequired: true }),
  };
};

const targetsAccount = (n: Notice, customerId: string): boolean => ('all' in n.targets ? true : n.targets.accounts.includes(customerId));

export function createNoticesRepo({ db, clock }: RepoDeps) {
  return {
    async create(input: {
      authorId: string;
      authorName?: string | null;
      title: string;
      body: string;
      targets: NoticeTargets;
      mention?: MentionSpec;
      options?: NoticeOptions;
      id?: string;
    }): Promise<Notice> {
      const row: NoticesTable = {
        id: input.id ?? newId(),
        authorId: input.authorId,
        authorName: input.authorName ?? null,
        title: input.title,
        body: input.body,
        targetsJson: toJson(input.targets),
        mentionJson: toJson(input.mention ?? { mode: 'supervisors' }),
        state: 'active',
        createdAt: nowIso(clock),
        editedAt: null,
        withdrawnAt: null,
        optionsJson: input.options ? toJson(input.options) : null,
      };
      await db.insertInto('notices').values(row).execute();
      return toNotice(row);
    },

    async get(id: string): Promise<Notice | undefined> {
      const r = await db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toNotice(r);
    },

    /** Only an active notice can be edited; false otherwise. */
    async edit(id: string, change: { title?: string; body?: string }): Promise<boolean> {
      const res = await db
        .updateTable('notices')
        .set({
          ...(change.title !== undefined ? { title: change.title } : {}),
          ...(change.body !== undefined ? { body: change.body } : {}),
          editedAt: nowIso(clock),
        })
        .where('id', '=', id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async withdraw(id: string): Promise<boolean> {
      const res = await db
        .updateTable('notices')
        .set({ state: 'withdrawn', withdrawnAt: nowIso(clock) })
        .where('id', '=', id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Active notices, optionally only those targeting an account; newest first. */
    async listActive(customerId?: string): Promise<Notice[]> {
      const rows = await db.selectFrom('notices').selectAll().where('state', '=', 'active').orderBy('createdAt', 'desc').execute();
      const notices = rows.map(toNotice);
      return customerId ? notices.filter((n) => targetsAccount(n, customerId)) : notices;
    },
  };
}
