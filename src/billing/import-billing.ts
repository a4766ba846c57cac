import { buildBillingImport, type BillingImport } from './build-import';
import type { ColumnMapping } from './mapping';
import { readBillingTable, type ReadSourceOptions } from './read-source';

/**
 * Reads, maps and validates one billing source. Resolves with everything usable plus per-row reports;
 * rejects with BillingImportError when the source as a whole must not be applied.
 */
export async function importBilling(source: string, mapping: ColumnMapping, options: ReadSourceOptions = {}): Promise<BillingImport> {
  const table = await readBillingTable(source, options);
  return buildBillingImport(table, mapping, { consumeTable: true });
}
