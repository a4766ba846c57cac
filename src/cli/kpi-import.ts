/**
 * npm run kpi-import -- --source PATH [--mapping PATH] [--dry-run] [--json] [--by NAME]
 * Imports quality-card KPI values from another system's export (CSV/TXT/XLSX) with a column mapping.
 * Exit codes: 0 done (rows with problems are reported and skipped), 2 input rejected (nothing changed:
 * a structural problem, or no valid row at all), 1 other failure.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config';
import { AppError } from '../errors/app-error';
import { createLogger } from '../logging/logger';
import { systemClock } from '../ports/clock';
import { createStore, migrateToLatest, openDatabase } from '../store';
import { DEFAULT_KPI_MAPPING, importKpiTable, kpiImportErrorOf, kpiImportText, loadKpiMapping, readKpiFile, type KpiImportReport } from '../tabs-api/kpi-import-service';
import type { CliContext } from './cli-io';

const USAGE = 'Usage: npm run kpi-import -- --source PATH [--mapping PATH] [--dry-run] [--json] [--by NAME]';

function printHuman(r: KpiImportReport, out: { write(s: string): unknown }): void {
  const delim = r.delimiter === '\t' ? 'tab' : r.delimiter ? `"${r.delimiter}"` : '';
  out.write(`KPI import${r.dryRun ? ' (dry run: nothing written)' : ''}: ${r.file}${r.encoding ? ` (${r.encoding}${delim ? `, ${delim}` : ''})` : ''}, mapping ${r.mapping}\n`);
  out.write(`  rows: ${r.counts.dataRows} (${r.counts.valid} valid, ${r.counts.rowsWithErrors} with problems)\n`);
  out.write(`  values: ${r.counts.new} new, ${r.counts.updated} updated, ${r.counts.unchanged} unchanged; accounts ${r.accounts.length}; months ${r.periods.join(', ') || '–'}\n`);
  for (const p of r.problems.slice(0, 50)) {
    out.write(`  line ${p.line}, column "${p.column}"${p.value ? ` ("${p.value}")` : ''}:\n`);
    out.write(`    fi: ${p.message.fi}. ${p.hint.fi}\n    en: ${p.message.en}. ${p.hint.en}\n`);
  }
  if (r.problems.length > 50) out.write(`  … and ${r.problems.length - 50} more problems (use --json for all)\n`);
}

export async function kpiImportCli(argv: string[], ctx: Omit<CliContext, 'messenger'> = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { source: { type: 'string' }, mapping: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, by: { type: 'string' } },
      strict: true,
    }).values;
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!args.source) {
    err.write(`--source is required\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(ctx.env);
  const logger = ctx.logger ?? createLogger({ level: args.json || config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, destination: process.stderr as never });
  let mapping;
  let table;
  try {
    mapping = loadKpiMapping(args.mapping ?? DEFAULT_KPI_MAPPING);
    table = await readKpiFile(args.source);
  } catch (e) {
    return rejected(e, err);
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  try {
    await migrateToLatest(database.db);
    const clock = ctx.clock ?? systemClock;
    const store = createStore(database.db, clock);
    const by = args.by ?? `cli:${os.userInfo().username}`;
    let report: KpiImportReport;
    try {
      report = await importKpiTable({ store, clock }, table, { mapping, mappingName: args.mapping ?? DEFAULT_KPI_MAPPING, by, dryRun: args['dry-run'] });
    } catch (e) {
      return rejected(e, err);
    }
    if (args.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
    else printHuman(report, out);
    if (report.counts.valid === 0) {
      err.write('No valid rows: nothing was imported. / Ei yhtään kelvollista riviä: mitään ei tuotu.\n');
      return 2;
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** A structural problem: where, what to do, exit 2. */
function rejected(e: unknown, err: { write(s: string): unknown }): number {
  const app = AppError.from(e);
  const problem = kpiImportErrorOf(app);
  if (!problem) throw e;
  err.write(`Nothing was imported. / Mitään ei tuotu.\n  fi: ${kpiImportText(problem, 'fi')}\n  en: ${kpiImportText(problem, 'en')}\n`);
  return 2;
}

if (require.main === module) {
  kpiImportCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`kpi-import failed: ${AppError.from(e).message}\n`);
      process.exit(AppError.from(e).code === 'CONFIG_INVALID' ? 2 : 1);
    },
  );
}
