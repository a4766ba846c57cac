import type { Selectable } from 'kysely';
import type { KpiValuesTable, QualityPeriodsTable } from '../database';
import { chunks, inTransaction, nowIso, type RepoDeps } from '../support';

export type QualityPeriod = Selectable<QualityPeriodsTable>;
export type KpiValue = Selectable<KpiValuesTable>;
export type KpiInput = Pick<KpiValue, 'kpiKey'> & Partial<Pick<KpiValue, 'value' | 'target' | 'light' | 'comment'>>;

const toKpi = (r: KpiValuesTable): KpiValue => ({
  ...r,
  value: r.value === null ? null : Number(r.value),
  target: r.target === null ? null : Number(r.target),
});

/** Quality card per account and month (period YYYY-MM): summary text and KPI values. */
export function createQualityCardRepo({ db, clock }: RepoDeps) {
  return {
    async saveSummary(customerId: string, period: string, summary: string | null, updatedBy: string): Promise<void> {
      const values = { summary, updatedBy, updatedAt: nowIso(clock) };
      await db
        .insertInto('qualityPeriods')
        .values({ customerId, period, ...values })
        .onConflict((oc) => oc.columns(['customerId', 'period']).doUpdateSet(values))
        .execute();
    },

    async getSummary(customerId: string, period: string): Promise<QualityPeriod | undefined> {
      return db
        .selectFrom('qualityPeriods')
        .selectAll()
        .where('customerId', '=', customerId)
        .where('period', '=', period)
        .executeTakeFirst();
    },

    /** Sets the given KPIs for the period (others untouched); `source` names an import, if any. */
    async saveKpis(
      customerId: string,
      period: string,
      kpis: readonly KpiInput[],
      updatedBy: string,
      source: string | null = null,
    ): Promise<void> {
      const now = nowIso(clock);
      const rows = kpis.map((k) => ({
        customerId,
        period,
        kpiKey: k.kpiKey,
        value: k.value ?? null,
        target: k.target ?? null,
        light: k.light ?? null,
        comment: k.comment ?? null,
        source,
        updatedBy,
        updatedAt: now,
      }));
      await inTransaction(db, async (trx) => {
        for (const slice of chunks(rows)) {
          await trx
            .insertInto('kpiValues')
            .values(slice)
            .onConflict((oc) =>
              oc.columns(['customerId', 'period', 'kpiKey']).doUpdateSet((eb) => ({
                value: eb.ref('excluded.value'),
                target: eb.ref('excluded.target'),
                light: eb.ref('excluded.light'),
                comment: eb.ref('excluded.comment'),
                source: eb.ref('excluded.source'),
                updatedBy: eb.ref('excluded.updatedBy'),
                updatedAt: eb.ref('excluded.updatedAt'),
              })),
            )
            .execute();
        }
      });
    },

    /** History for trends; periods are YYYY-MM so the inclusive range compares as text. */
    async listKpis(customerId: string, range: { from?: string; to?: string } = {}): Promise<KpiValue[]> {
      let q = db.selectFrom('kpiValues').selectAll().where('customerId', '=', customerId);
      if (range.from) q = q.where('period', '>=', range.from);
      if (range.to) q = q.where('period', '<=', range.to);
      const rows = await q.orderBy('period').orderBy('kpiKey').execute();
      return rows.map(toKpi);
    },

    /** Every account's KPIs for some periods (management summary: this month and last). */
    async listKpisForPeriods(periods: readonly string[]): Promise<KpiValue[]> {
      if (periods.length === 0) return [];
      const rows = await db
        .selectFrom('kpiValues')
        .selectAll()
        .where('period', 'in', [...periods])
        .orderBy('customerId')
        .orderBy('period')
        .orderBy('kpiKey')
        .execute();
      return rows.map(toKpi);
    },
  };
}
