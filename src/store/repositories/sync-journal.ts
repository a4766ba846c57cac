import type { Selectable } from 'kysely';
import type { SyncJournalTable } from '../database';
import { chunks, fromJson, nowIso, toJson, type RepoDeps } from '../support';

export type JournalEntry<C = unknown, E = unknown> = Omit<Selectable<SyncJournalTable>, 'checkJson' | 'effectsJson'> & {
  /** What to look for in Teams to know whether the change happened. */
  check: C;
  /** What to record once it did. */
  effects: E;
};

export type JournalInput<C = unknown, E = unknown> = Pick<JournalEntry<C, E>, 'id' | 'customerId' | 'check' | 'effects'>;

/** The sync's write-ahead journal: Teams changes sent whose outcome is not recorded yet. */
export function createSyncJournalRepo({ db, clock }: RepoDeps) {
  return {
    async add(runId: string, entries: readonly JournalInput[]): Promise<void> {
      const createdAt = nowIso(clock);
      const rows = entries.map((e) => ({
        id: e.id,
        runId,
        customerId: e.customerId,
        checkJson: toJson(e.check),
        effectsJson: toJson(e.effects),
        createdAt,
      }));
      for (const slice of chunks(rows, 150)) await db.insertInto('syncJournal').values(slice).execute();
    },

    async remove(ids: readonly string[]): Promise<void> {
      for (const slice of chunks(ids, 500)) await db.deleteFrom('syncJournal').where('id', 'in', slice).execute();
    },

    /** Entries left by runs other than `runId` (their process died before recording the outcome). */
    async listLeftBy(otherThanRunId: string): Promise<JournalEntry[]> {
      const rows = await db
        .selectFrom('syncJournal')
        .selectAll()
        .where('runId', '!=', otherThanRunId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        runId: r.runId,
        customerId: r.customerId,
        check: fromJson(r.checkJson, null),
        effects: fromJson(r.effectsJson, null),
        createdAt: r.createdAt,
      }));
    },
  };
}
