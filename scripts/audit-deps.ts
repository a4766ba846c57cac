/**
 * `npm run audit:deps`: the dependency advisory check. First `npm audit` (npm's advisory service);
 * where that service cannot be reached, the lock file is checked against the reviewed list in
 * security/known-advisories.json. Exit 1 on a high or critical finding, 0 otherwise.
 * `--dev` includes development dependencies (by default only what ships is checked).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Advisory {
  package: string;
  vulnerable: string;
  severity: 'high' | 'critical';
  id?: string;
  title: string;
}

export interface Finding extends Advisory {
  version: string;
  where: string;
}

const parse = (v: string) =>
  v
    .replace(/^[=v]+/, '')
    .split(/[-+]/)[0]!
    .split('.')
    .map((n) => Number(n) || 0);
function compare(a: string, b: string): number {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1;
  return 0;
}

/** `range`: clauses joined by "||", each a list of <, <=, >, >=, = comparators (all must hold). */
export function satisfies(version: string, range: string): boolean {
  return range.split('||').some((clause) =>
    clause
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((c) => {
        const m = /^(<=|>=|<|>|=)?(.+)$/.exec(c)!;
        const d = compare(version, m[2]!);
        switch (m[1]) {
          case '<':
            return d < 0;
          case '<=':
            return d <= 0;
          case '>':
            return d > 0;
          case '>=':
            return d >= 0;
          default:
            return d === 0;
        }
      }),
  );
}

/** Every package version in a v2/v3 package-lock.json that an advisory names. */
export function lockFindings(
  lock: { packages?: Record<string, { version?: string; dev?: boolean }> },
  advisories: readonly Advisory[],
  o: { dev: boolean },
): Finding[] {
  const out: Finding[] = [];
  for (const [where, info] of Object.entries(lock.packages ?? {})) {
    if (!where || !info.version || (info.dev && !o.dev)) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    for (const a of advisories)
      if (a.package === name && satisfies(info.version, a.vulnerable)) out.push({ ...a, version: info.version, where });
  }
  return out;
}

function npmAudit(root: string, dev: boolean): { reachable: boolean; high: number; critical: number } {
  const r = spawnSync('npm', ['audit', '--json', ...(dev ? [] : ['--omit=dev'])], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  try {
    const report = JSON.parse(r.stdout) as { metadata?: { vulnerabilities?: Record<string, number> } };
    const v = report.metadata?.vulnerabilities;
    if (!v) return { reachable: false, high: 0, critical: 0 };
    return { reachable: true, high: v.high ?? 0, critical: v.critical ?? 0 };
  } catch {
    return { reachable: false, high: 0, critical: 0 };
  }
}

function main(): number {
  const root = path.resolve(__dirname, '..');
  const dev = process.argv.includes('--dev');
  const online = process.argv.includes('--offline') ? { reachable: false, high: 0, critical: 0 } : npmAudit(root, dev);
  if (online.reachable) {
    console.log(`npm audit: ${online.critical} critical, ${online.high} high (run \`npm audit${dev ? '' : ' --omit=dev'}\` for details)`);
    return online.critical + online.high > 0 ? 1 : 0;
  }
  const list = JSON.parse(fs.readFileSync(path.join(root, 'security/known-advisories.json'), 'utf8')) as {
    reviewed: string;
    advisories: Advisory[];
  };
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const findings = lockFindings(lock, list.advisories, { dev });
  console.log(
    `npm's advisory service was not reachable: checked package-lock.json against security/known-advisories.json (reviewed ${list.reviewed}, ${list.advisories.length} entries)${dev ? ', development dependencies included' : ''}.`,
  );
  for (const f of findings)
    console.log(`${f.severity.toUpperCase()} ${f.package}@${f.version} (${f.where}): ${f.title}${f.id ? ` [${f.id}]` : ''}`);
  console.log(findings.length === 0 ? 'No known high or critical advisory.' : `${findings.length} finding(s).`);
  return findings.length > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main());
