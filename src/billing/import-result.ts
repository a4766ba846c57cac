import type { AccountRecord, PersonRecord, SiteAssignment, SiteRecord } from '../domain/billing-records';
import type { CanonicalField } from './mapping';
import type { RawTable } from './raw-table';

export interface BillingRow {
  line: number;
  customerId: string;
  customerName: string;
  nationalFlag: boolean;
  siteId: string;
  siteName: string;
  streetAddress: string;
  postalCode: string;
  city: string;
  /** The mapped region column's value, when the export has one. */
  region?: string;
  supervisorEmployeeId?: string;
  people: SiteAssignment[];
  keyAccountDirector?: { email: string; name: string };
  contractStart?: string;
  contractEnd?: string;
  monthlyBillingEur?: number;
}

export type RowProblem = 'INVALID_EMAIL' | 'MISSING_VALUE' | 'BAD_DATE' | 'BAD_NUMBER' | 'FIELD_COUNT';

/** A problem in one row. The row's other valid data still counts unless `rowSkipped`. */
export interface RowError {
  line: number;
  field: CanonicalField | null;
  column: string | null;
  columnIndex: number | null;
  /** The offending cell, JSON-quoted and capped: safe to print. */
  value: string;
  problem: RowProblem;
  rowSkipped: boolean;
  message: string;
}

export type WarningCode =
  'DUPLICATE_ROW' | 'SITE_REPEATED' | 'NAME_MISMATCH' | 'FLAG_MISMATCH' | 'OWNER_MISMATCH' | 'NO_OWNER' | 'UNKNOWN_NATIONAL_ID';

export interface ImportWarning {
  code: WarningCode;
  message: string;
  line?: number;
  otherLine?: number;
  customerId?: string;
  siteId?: string;
}

export interface ImportStats {
  /** Data rows in the source (blank rows not counted). The sync compares this with the last accepted run. */
  rows: number;
  /** Rows whose data was used (duplicates and skipped rows excluded). */
  acceptedRows: number;
  duplicateRows: number;
  skippedRows: number;
  rowsWithErrors: number;
  accounts: number;
  nationalAccounts: number;
  sites: number;
  people: number;
}

export interface BillingImport {
  source: { file: string; format: RawTable['format']; encoding?: string; delimiter?: string; mapping?: string };
  rows: BillingRow[];
  accounts: Map<string, AccountRecord>;
  sites: Map<string, SiteRecord>;
  /** Keyed by normalised email. */
  people: Map<string, PersonRecord>;
  warnings: ImportWarning[];
  rowErrors: RowError[];
  stats: ImportStats;
}
