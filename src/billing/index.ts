export { importBilling } from './import-billing';
export { isUrlSource } from './read-source';
export { buildBillingImport, type BillingImport } from './build-import';
export { loadMapping, parseMapping, type ColumnMapping } from './mapping';
export { BillingImportError, isBillingImportError, safeSourceName, type BillingRejectReason } from './import-error';
export { type RawTable } from './raw-table';
export { normaliseEmail, isValidEmail, cleanText } from './normalise';
