import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { SeedUser } from './types';

/**
 * Left out of the dev seed so "unknown user" paths get exercised. All appear in
 * samples/billing/supervisors.csv.
 */
export const DEFAULT_OMITTED_EMAILS: string[] = [
  'ville.salo@yritysx.example',
  'sanna.poysti@yritysx.example',
  'ilkka.laitinen@yritysx.example',
];

const PAIRS: Array<[string, string]> = [
  ['supervisor_email', 'supervisor_name'],
  ['regional_director_email', 'regional_director_name'],
  ['manager_email', 'manager_name'],
  ['sales_manager_email', 'sales_manager_name'],
  ['key_account_director_email', 'key_account_director_name'],
];

/** Every distinct email in the canonical billing CSVs, display name from the matching name column. */
export function seedUsersFromBillingCsv(csvPaths: string[], opts: { omit?: string[] } = {}): SeedUser[] {
  const omit = new Set((opts.omit ?? []).map((e) => e.trim().toLowerCase()));
  const byEmail = new Map<string, SeedUser>();
  for (const p of csvPaths) {
    const rows = parse(fs.readFileSync(p, 'utf8'), { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<
      string,
      string
    >[];
    for (const row of rows) {
      for (const [emailCol, nameCol] of PAIRS) {
        const email = (row[emailCol] ?? '').trim().toLowerCase();
        if (!email || omit.has(email) || byEmail.has(email)) continue;
        byEmail.set(email, { email, displayName: (row[nameCol] ?? '').trim() || email });
      }
    }
  }
  return [...byEmail.values()];
}
