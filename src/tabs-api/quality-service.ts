import { z } from 'zod';
import {
  KPI_DEFINITIONS,
  KPI_KEYS,
  LIGHTS,
  addPeriods,
  kpiFromStored,
  kpiLight,
  managementSummary,
  periodLabel,
  periodsBetween,
  trend,
  yearToDateLabel,
  type KpiKey,
  type QualityCard,
} from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import type { StorePort } from '../ports/store';
import type { Account, KpiValue, Repositories } from '../store';
import type { ManagementSummaryView, QualityCardView, qualityInputSchema } from './contracts/quality-card';

const HISTORY_MONTHS = 12;

const kpiOf = (key: KpiKey, row: KpiValue | undefined) => kpiFromStored(key, row);

/** What the quality card reads and writes. */
export type QualityStore = StorePort<Pick<Repositories, 'qualityCard' | 'sites'>>;

export function createQualityService(store: QualityStore) {
  async function facts(account: Account) {
    const sites = await store.sites.listForAccount(account.customerId);
    const regions = [...new Set(sites.map((s) => s.region).filter((r): r is string => !!r))].sort((a, b) => a.localeCompare(b, 'fi'));
    const cities = [...new Set(sites.map((s) => s.city).filter((c): c is string => !!c))].sort((a, b) => a.localeCompare(b, 'fi'));
    return {
      siteCount: sites.length,
      regions,
      cities,
      contract: { start: account.contractStart, end: account.contractEnd },
      monthlyBilling: account.monthlyBilling,
    };
  }

  return {
    facts,

    async card(account: Account, period: string): Promise<Omit<QualityCardView, 'canWrite'>> {
      const from = addPeriods(period, -(HISTORY_MONTHS - 1));
      const rows = await store.qualityCard.listKpis(account.customerId, { from, to: period });
      const periods = periodsBetween(from, period);
      const summary = await store.qualityCard.getSummary(account.customerId, period);
      const byKey = new Map<string, KpiValue>();
      for (const r of rows) byKey.set(`${r.period}|${r.kpiKey}`, r);
      const firstWithData = periods.find((p) => rows.some((r) => r.period === p)) ?? period;
      return {
        account: { id: account.customerId, name: account.name },
        period,
        periodLabel: periodLabel(firstWithData, period),
        /** The seed's header form: the months of the year so far ("1–8/2020"). */
        yearLabel: yearToDateLabel(period),
        summary: summary?.summary ?? '',
        updatedBy: summary?.updatedBy ?? null,
        updatedAt: summary?.updatedAt ?? null,
        facts: await facts(account),
        kpis: KPI_KEYS.map((key) => {
          const row = byKey.get(`${period}|${key}`);
          const k = kpiOf(key, row);
          const def = KPI_DEFINITIONS[key];
          const history = periods.map((p) => byKey.get(`${p}|${key}`)?.value ?? null);
          return {
            key,
            label: def.label,
            unit: def.unit,
            direction: def.direction,
            value: k.value,
            target: k.target,
            light: kpiLight(k),
            manualLight: row?.light ?? null,
            comment: row?.comment ?? '',
            // Who last set the value and whether it came from an import (source = "import:<file>").
            source: row?.source ?? null,
            updatedBy: row?.updatedBy ?? null,
            updatedAt: row?.updatedAt ?? null,
            history: periods.map((p, i) => ({ period: p, value: history[i] })),
            trend: trend(history, { direction: def.direction }),
          };
        }),
      };
    },

    async save(account: Account, period: string, input: z.infer<typeof qualityInputSchema>, by: string) {
      for (const k of input.kpis) {
        const def = KPI_DEFINITIONS[k.key];
        if (k.value !== null && (k.value < def.min || k.value > def.max))
          throw new AppError('BAD_INPUT', `${k.key} must be between ${def.min} and ${def.max}`);
      }
      await store.transaction(async (tx) => {
        if (input.summary !== undefined) await tx.qualityCard.saveSummary(account.customerId, period, input.summary, by);
        if (input.kpis.length > 0) {
          await tx.qualityCard.saveKpis(
            account.customerId,
            period,
            input.kpis.map((k) => ({
              kpiKey: k.key,
              value: k.value,
              target: k.target ?? KPI_DEFINITIONS[k.key].defaultTarget,
              light: k.light ?? null,
              comment: k.comment ?? null,
            })),
            by,
          );
        }
        if (input.summary === undefined) {
          const existing = await tx.qualityCard.getSummary(account.customerId, period);
          await tx.qualityCard.saveSummary(account.customerId, period, existing?.summary ?? null, by);
        }
      });
    },

    /** Every account's lights for the period, reds first, with changes since the previous month. */
    async managementSummary(accounts: readonly Account[], period: string): Promise<ManagementSummaryView & { lights: typeof LIGHTS }> {
      const prev = addPeriods(period, -1);
      const rows = await store.qualityCard.listKpisForPeriods([prev, period]);
      const names = new Map(accounts.map((a) => [a.customerId, a.name]));
      const cards: QualityCard[] = [];
      for (const p of [prev, period]) {
        for (const a of accounts) {
          const mine = rows.filter((r) => r.customerId === a.customerId && r.period === p);
          if (mine.length === 0) continue;
          const summary = p === period ? ((await store.qualityCard.getSummary(a.customerId, p))?.summary ?? '') : '';
          cards.push({
            customerId: a.customerId,
            accountName: a.name,
            period: p,
            summary,
            facts: {},
            kpis: mine.filter((r) => (KPI_KEYS as readonly string[]).includes(r.kpiKey)).map((r) => kpiOf(r.kpiKey as KpiKey, r)),
          });
        }
      }
      const listed = new Set(cards.map((c) => c.customerId));
      const summary = managementSummary(cards, period);
      // Accounts with no card at all still show up (as missing), so none is forgotten.
      for (const a of accounts) {
        if (!listed.has(a.customerId))
          summary.push({
            customerId: a.customerId,
            accountName: names.get(a.customerId) ?? a.customerId,
            missing: true,
            counts: { green: 0, yellow: 0, red: 0, none: 0 },
            lights: [],
            changes: [],
            previousMissing: true,
            worsened: false,
            improved: false,
            summary: '',
          });
      }
      return {
        period,
        previous: prev,
        lights: LIGHTS,
        labels: Object.fromEntries(KPI_KEYS.map((k) => [k, KPI_DEFINITIONS[k].label])),
        rows: summary,
      };
    },
  };
}

export type QualityService = ReturnType<typeof createQualityService>;
