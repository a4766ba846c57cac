export type LightName = 'green' | 'yellow' | 'red' | 'none';

export interface KpiRow {
  key: string;
  label: { fi: string; en: string };
  unit: '%' | 'score' | 'nps' | 'count';
  value: number | null;
  target: number | null;
  light: LightName;
  manualLight: string | null;
  comment: string;
  /** "import:<file>" when the value came from a KPI import; null when typed in. */
  source: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  history: { period: string; value: number | null }[];
  trend: { direction: 'up' | 'down' | 'flat' | 'none'; improving: boolean | null; points: { x: number; y: number; index: number }[] };
}

export interface QualityCardView {
  account: { id: string; name: string };
  period: string;
  periodLabel: string;
  summary: string;
  updatedBy: string | null;
  updatedAt: string | null;
  facts: {
    siteCount: number;
    regions: string[];
    contract: { start: string | null; end: string | null };
    /** Absent for people who may not see it (only owners and directors do). */ monthlyBilling?: number | null;
  };
  kpis: KpiRow[];
  canWrite: boolean;
}

export interface SummaryRow {
  customerId: string;
  accountName: string;
  missing: boolean;
  counts: Record<LightName, number>;
  changes: { key: string; from: LightName | null; to: LightName | null }[];
  previousMissing: boolean;
  worsened: boolean;
  improved: boolean;
  summary: string;
}

export interface ManagementSummaryView {
  period: string;
  previous: string;
  labels: Record<string, { fi: string; en: string }>;
  rows: SummaryRow[];
}

type Bilingual = { fi: string; en: string };

export interface KpiImportProblem {
  line: number;
  column: string;
  columnIndex: number;
  value: string;
  reason: string;
  message: Bilingual;
  hint: Bilingual;
}

export interface KpiImportReport {
  file: string;
  dryRun: boolean;
  importedBy: string;
  importedAt: string;
  counts: { dataRows: number; valid: number; new: number; updated: number; unchanged: number; rowsWithErrors: number };
  accounts: string[];
  periods: string[];
  accountNames: Record<string, string>;
  rows: {
    line: number;
    customerId: string;
    period: string;
    kpi: string;
    value: number;
    change: 'new' | 'updated' | 'unchanged';
    previous: number | null;
  }[];
  problems: KpiImportProblem[];
  labels: Record<string, Bilingual>;
}
