// The API's shapes come from the server's contract (type-only: no server code or zod in the bundle).
export type { KpiRow, LightName, QualityCardView, QualityInput, SummaryRow } from '../../../src/tabs-api/contracts/quality-card';

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
