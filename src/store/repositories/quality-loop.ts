import type { Selectable } from 'kysely';
import type { NpsResultsTable, QualityInstructionsTable } from '../database';
import { chunks, inTransaction, newId, nowIso, type RepoDeps } from '../support';

export type QualityInstruction = Selectable<QualityInstructionsTable>;
export type NpsResult = Selectable<NpsResultsTable>;
export type NpsResultInput = Pick<NpsResult, 'customerId' | 'period' | 'promoters' | 'passives' | 'detractors'>;

/** The monthly loop with the management team: ready marks, directors' instructions, survey NPS counts. */
export function createQualityLoopRepo({ db, clock }: RepoDeps) {
  return {
    /** Marks (or unmarks, `ready` false) an account's month ready for the management team. */
    async setReady(customerId: string, period: string, ready: boolean, by: string): Promise<void> {
      const now = nowIso(clock);
      const values = { readyAt: ready ? now : null, readyBy: ready ? by : null };
      await db
        .insertInto('qualityPeriods')
        .values({ customerId, period, summary: null, updatedBy: by, updatedAt: now, ...values })
        .onConflict((oc) => oc.columns(['customerId', 'period']).doUpdateSet(values))
        .execute();
    },

    /** Every account's ready mark for one month. */
    async readyForPeriod(period: string): Promise<Map<string, { readyAt: string; readyBy: string | null }>> {
      const rows = await db
        .selectFrom('qualityPeriods')
        .select(['customerId', 'readyAt', 'readyBy'])
        .where('period', '=', period)
        .where('readyAt', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.customerId, { readyAt: r.readyAt!, readyBy: r.readyBy }]));
    },

    async addInstruction(
      input: Pick<QualityInstruction, 'customerId' | 'period' | 'kind' | 'text' | 'authorEmail' | 'authorName'>,
    ): Promise<QualityInstruction> {
      const row: QualityInstruction = { ...input, id: newId(), status: 'open', doneBy: null, doneAt: null, createdAt: nowIso(clock) };
      await db.insertInto('qualityInstructions').values(row).execute();
      return row;
    },

    async getInstruction(id: string): Promise<QualityInstruction | undefined> {
      return db.selectFrom('qualityInstructions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async setInstructionDone(id: string, done: boolean, by: string): Promise<void> {
      await db
        .updateTable('qualityInstructions')
        .set(done ? { status: 'done', doneBy: by, doneAt: nowIso(clock) } : { status: 'open', doneBy: null, doneAt: null })
        .where('id', '=', id)
        .execute();
    },

    /** An account's instructions up to a month (oldest first): still open ones stay on the card. */
    async instructionsUpTo(customerIds: readonly string[], period: string): Promise<QualityInstruction[]> {
      if (customerIds.length === 0) return [];
      const out: QualityInstruction[] = [];
      for (const ids of chunks(customerIds)) {
        out.push(
          ...(await db
            .selectFrom('qualityInstructions')
            .selectAll()
            .where('customerId', 'in', ids)
            .where('period', '<=', period)
            .orderBy('createdAt')
            .orderBy('id')
            .execute()),
        );
      }
      return out;
    },

    /** Replaces the counts of the given accounts' surveys (one import). */
    async saveNps(rows: readonly NpsResultInput[], by: string, source: string | null): Promise<void> {
      const now = nowIso(clock);
      await inTransaction(db, async (trx) => {
        for (const r of rows) {
          const values = {
            promoters: r.promoters,
            passives: r.passives,
            detractors: r.detractors,
            source,
            importedBy: by,
            importedAt: now,
          };
          await trx
            .insertInto('npsResults')
            .values({ customerId: r.customerId, period: r.period, ...values })
            .onConflict((oc) => oc.columns(['customerId', 'period']).doUpdateSet(values))
            .execute();
        }
      });
    },

    /** The latest survey of each account at or before a month. */
    async latestNps(period: string): Promise<NpsResult[]> {
      const rows = await db.selectFrom('npsResults').selectAll().where('period', '<=', period).orderBy('period', 'desc').execute();
      const seen = new Set<string>();
      return rows
        .filter((r) => !seen.has(r.customerId) && seen.add(r.customerId))
        .map((r) => ({ ...r, promoters: Number(r.promoters), passives: Number(r.passives), detractors: Number(r.detractors) }));
    },
  };
}
