import { KPI_KEYS, kpiLight, type KpiKey, type Light, type QualityCard } from './kpi';
import { previousPeriod, type Period } from './period';

export interface LightChange {
  key: KpiKey;
  /** null = the KPI was not on that month's card. */
  from: Light | null;
  to: Light | null;
}

export interface SummaryRow {
  customerId: string;
  accountName: string;
  /** No card for the period yet: listed last so it is noticed but does not hide real reds. */
  missing: boolean;
  counts: Record<Light, number>;
  lights: { key: KpiKey; light: Light; value: number | null; target: number | null; comment?: string }[];
  /** Empty when nothing changed; `previousMissing` tells "no comparison" apart from "no change". */
  changes: LightChange[];
  previousMissing: boolean;
  worsened: boolean;
  improved: boolean;
  summary: string;
}

const SEVERITY: Record<Light, number> = { green: 0, yellow: 1, red: 2, none: -1 };

function lightsOf(card: QualityCard | undefined): Map<KpiKey, Light> {
  return new Map((card?.kpis ?? []).map((k) => [k.key, kpiLight(k)]));
}

/**
 * One row per account that has any card in `cards`, sorted by red lights, then yellow lights
 * (most first), then name. Changes compare each KPI's light with the previous month's card.
 * With two cards for one account and month, the later one in `cards` wins.
 */
export function managementSummary(cards: readonly QualityCard[], period: Period): SummaryRow[] {
  const prevPeriod = previousPeriod(period);
  const byAccount = new Map<string, { name: string; current?: QualityCard; previous?: QualityCard }>();
  for (const c of cards) {
    const entry = byAccount.get(c.customerId) ?? { name: c.accountName };
    if (c.period === period) {
      entry.current = c;
      entry.name = c.accountName;
    } else if (c.period === prevPeriod) entry.previous = c;
    byAccount.set(c.customerId, entry);
  }

  const rows: SummaryRow[] = [];
  for (const [customerId, { name, current, previous }] of byAccount) {
    const now = lightsOf(current);
    const before = lightsOf(previous);
    const counts: Record<Light, number> = { green: 0, yellow: 0, red: 0, none: 0 };
    for (const l of now.values()) counts[l]++;
    const changes: LightChange[] = [];
    if (current && previous) {
      for (const key of KPI_KEYS) {
        const from = before.get(key) ?? null;
        const to = now.get(key) ?? null;
        if (from !== to) changes.push({ key, from, to });
      }
    }
    const sev = (l: Light | null) => (l === null ? -1 : SEVERITY[l]);
    rows.push({
      customerId,
      accountName: name,
      missing: current === undefined,
      counts,
      lights: (current?.kpis ?? []).map((k) => ({ key: k.key, light: kpiLight(k), value: k.value, target: k.target, comment: k.comment })),
      changes,
      previousMissing: previous === undefined,
      worsened: changes.some((c) => c.from !== null && c.to !== null && sev(c.to) > sev(c.from) && sev(c.from) >= 0),
      improved: changes.some((c) => c.from !== null && c.to !== null && sev(c.to) < sev(c.from) && sev(c.to) >= 0),
      summary: current?.summary ?? '',
    });
  }
  return rows.sort(
    (a, b) =>
      Number(a.missing) - Number(b.missing) ||
      b.counts.red - a.counts.red ||
      b.counts.yellow - a.counts.yellow ||
      a.accountName.localeCompare(b.accountName, 'fi'),
  );
}
