import fs from 'node:fs';
import path from 'node:path';
import { headerKey } from './build-import';
import { loadMapping } from './mapping';

/**
 * The shipped mappings (a folder of *.json) whose column names the file's headers mostly carry, other
 * than the one that was just rejected (`inUse`). Used to tell a user which `--mapping` an export needs.
 */
export function mappingsFittingHeaders(headers: readonly string[], dir: string, inUse?: string): string[] {
  const have = new Set(headers.map(headerKey));
  const fits: string[] = [];
  let files: string[];
  try {
    files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  for (const f of files) {
    if (inUse && path.resolve(dir, f) === path.resolve(inUse)) continue;
    let names: string[];
    try {
      names = Object.values(loadMapping(path.join(dir, f)).columns).filter((n): n is string => typeof n === 'string');
    } catch {
      continue; // not a billing mapping (e.g. the KPI mapping)
    }
    const matched = names.filter((n) => have.has(headerKey(n))).length;
    if (names.length > 0 && matched / names.length >= 0.8) fits.push(path.join(dir, f));
  }
  return fits;
}
