export { importBilling } from './import-billing';
export { readBillingTable, isUrlSource, type ReadSourceOptions } from './read-source';
export {
  buildBillingImport,
  type BillingImport,
  type BillingRow,
  type ImportStats,
  type ImportWarning,
  type RowError,
  type RowProblem,
  type WarningCode,
} from './build-import';
export { loadMapping, parseMapping, mappingSchema, CANONICAL_FIELDS, type CanonicalField, type ColumnMapping } from './mapping';
export {
  BillingImportError,
  isBillingImportError,
  safeSourceName,
  type BillingErrorDetails,
  type BillingRejectReason,
  type Hint,
} from './import-error';
export { DEFAULT_LIMITS, type BillingLimits, type RawTable, type RawRecord } from './raw-table';
export { normaliseEmail, isValidEmail, cleanText } from './normalise';
