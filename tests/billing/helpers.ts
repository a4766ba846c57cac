import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BillingImportError,
  importBilling,
  loadMapping,
  type BillingImport,
  type BillingRejectReason,
  type ColumnMapping,
} from '../../src/billing';
import { computeDesiredState, desiredStateOptionsFromMapping, type DesiredState } from '../../src/membership';

export const SAMPLES = join(__dirname, '..', '..', 'samples', 'billing');
export const BAD = join(SAMPLES, 'bad');
export const MAPPINGS = join(__dirname, '..', '..', 'mappings');
export const TODAY = '2026-11-25';

export const canonical = (): ColumnMapping => loadMapping(join(MAPPINGS, 'canonical.json'));
export const fiExcel = (): ColumnMapping => loadMapping(join(MAPPINGS, 'fi-excel.json'));

export function desired(imp: BillingImport, mapping: ColumnMapping = canonical(), today = TODAY): DesiredState {
  return computeDesiredState(imp, desiredStateOptionsFromMapping(mapping, { today }));
}

/** The shape of expected.json: owner, sorted member emails, site count, name per account. */
export function summarise(state: DesiredState): Record<string, { customer_name: string; owner: string; members: string[]; sites: number }> {
  const out: Record<string, { customer_name: string; owner: string; members: string[]; sites: number }> = {};
  for (const [id, a] of state.accounts) {
    out[id] = {
      customer_name: a.name,
      owner: a.owners.map((o) => o.email).join(','),
      members: a.members.map((m) => m.email),
      sites: a.siteCount,
    };
  }
  return out;
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const madeDirs: string[] = [];
// Registered in every test file that imports this module: its temporary folders go when it ends.
afterAll(() => {
  for (const d of madeDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'billing-test-'));
  madeDirs.push(dir);
  return dir;
}

/** The first `n` data rows of the canonical sample, as a file (the bad/ files were made from the first 30). */
export function headOfSample(n: number, dir = tempDir()): string {
  const lines = readFileSync(join(SAMPLES, 'supervisors.csv'), 'utf8').split('\n');
  const path = join(dir, `head-${n}.csv`);
  writeFileSync(path, lines.slice(0, n + 1).join('\n') + '\n');
  return path;
}

export async function rejection(promise: Promise<unknown>): Promise<BillingImportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BillingImportError) return err;
    throw err;
  }
  throw new Error('expected the import to be rejected, but it was accepted');
}

export function expectWellFormedRejection(err: BillingImportError, reason: BillingRejectReason, file: string): void {
  expect(err.reason).toBe(reason);
  expect(err.details.file.endsWith(file)).toBe(true);
  expect(err.details.hint.fi.length).toBeGreaterThan(10);
  expect(err.details.hint.en.length).toBeGreaterThan(10);
}

export { importBilling };
