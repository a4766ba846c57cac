/**
 * npm run kpi-import -- --source PATH [--mapping PATH] [--dry-run] [--json] [--by NAME] [--lang fi|en] [--help]
 * Imports quality-card KPI values from another system's export (CSV/TXT/XLSX) with a column mapping.
 * Exit codes: 0 done (rows with problems are reported and skipped), 2 input rejected (nothing changed:
 * a structural problem, or no valid row at all), 1 other failure.
 */
import os from 'node:os';
import { loadCliConfig } from '../config/load-config';
import { AppError } from '../errors/app-error';
import { createLogger } from '../logging/logger';
import { systemClock } from '../ports/clock';
import { createStore, migrateToLatest, openDatabase } from '../store';
import {
  DEFAULT_KPI_MAPPING,
  importKpiTable,
  kpiImportErrorOf,
  kpiImportText,
  loadKpiMapping,
  readKpiFile,
  type KpiImportReport,
} from '../tabs-api/kpi-import-service';
import type { CliContext } from './cli-io';
import { type CliSpec, closeOnFatal, type Lang, type OptionSpec, parseCli, runCli } from './cli-kit';

export const KPI_IMPORT_CLI = {
  name: 'kpi-import',
  summary: {
    fi: 'Tuo laatukortin mittariarvot toisen järjestelmän viennistä (CSV/TXT/XLSX).',
    en: 'Imports quality-card KPI values from another system’s export (CSV/TXT/XLSX).',
  },
  footer: {
    fi: 'Paluuarvot: 0 valmis (ongelmalliset rivit ohitetaan ja raportoidaan), 2 hylätty (mitään ei muutettu), 1 muu virhe.\nLisätietoa: docs/kpi-import-and-mappings.md',
    en: 'Exit codes: 0 done (rows with problems are reported and skipped), 2 rejected (nothing changed), 1 other failure.\nMore: docs/kpi-import-and-mappings.md',
  },
  options: {
    source: { type: 'string', value: 'PATH', help: { fi: 'tuotava tiedosto (pakollinen)', en: 'file to import (required)' } },
    mapping: {
      type: 'string',
      value: 'PATH',
      help: {
        fi: 'sarakemäärittely (oletus mappings/kpi-quality-system.json)',
        en: 'column mapping (default mappings/kpi-quality-system.json)',
      },
    },
    'dry-run': { type: 'boolean', default: false, help: { fi: 'näytä muutokset kirjoittamatta', en: 'show the changes, write nothing' } },
    json: { type: 'boolean', default: false, help: { fi: 'tulosta JSON', en: 'print JSON' } },
    by: { type: 'string', value: 'NAME', help: { fi: 'kenen nimiin tuonti kirjataan', en: 'who the import is recorded as' } },
  },
} as const satisfies CliSpec<Record<string, OptionSpec>>;

function printHuman(r: KpiImportReport, out: { write(s: string): unknown }, lang: Lang): void {
  const fi = lang === 'fi';
  const delim = r.delimiter === '\t' ? 'tab' : r.delimiter ? `"${r.delimiter}"` : '';
  const head = fi
    ? `KPI-tuonti${r.dryRun ? ' (kuivaharjoitus: mitään ei kirjoitettu)' : ''}`
    : `KPI import${r.dryRun ? ' (dry run: nothing written)' : ''}`;
  out.write(
    `${head}: ${r.file}${r.encoding ? ` (${r.encoding}${delim ? `, ${delim}` : ''})` : ''}, ${fi ? 'määrittely' : 'mapping'} ${r.mapping}\n`,
  );
  const c = r.counts;
  out.write(
    fi
      ? `  rivit: ${c.dataRows} (${c.valid} kelvollista, ${c.rowsWithErrors} ongelmallista)\n`
      : `  rows: ${c.dataRows} (${c.valid} valid, ${c.rowsWithErrors} with problems)\n`,
  );
  out.write(
    fi
      ? `  arvot: ${c.new} uutta, ${c.updated} muuttunutta, ${c.unchanged} ennallaan; asiakkuuksia ${r.accounts.length}; kuukaudet ${r.periods.join(', ') || '–'}\n`
      : `  values: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged; accounts ${r.accounts.length}; months ${r.periods.join(', ') || '–'}\n`,
  );
  for (const p of r.problems.slice(0, 50)) {
    out.write(`  ${fi ? 'rivi' : 'line'} ${p.line}, ${fi ? 'sarake' : 'column'} "${p.column}"${p.value ? ` ("${p.value}")` : ''}:\n`);
    out.write(`    fi: ${p.message.fi}. ${p.hint.fi}\n    en: ${p.message.en}. ${p.hint.en}\n`);
  }
  if (r.problems.length > 50)
    out.write(
      fi
        ? `  … ja ${r.problems.length - 50} ongelmaa lisää (--json näyttää kaikki)\n`
        : `  … and ${r.problems.length - 50} more problems (use --json for all)\n`,
    );
}

export async function kpiImportCli(argv: string[], ctx: Omit<CliContext, 'messenger'> = {}): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const parsed = parseCli(KPI_IMPORT_CLI, argv, { out, err, env: ctx.env });
  if (!parsed.ok) return parsed.exitCode;
  const { values: args, lang } = parsed;
  if (!args.source) {
    err.write(
      lang === 'fi'
        ? '--source on pakollinen (tuotava tiedosto)\nOhje: npm run kpi-import -- --help\n'
        : '--source is required (the file to import)\nHelp: npm run kpi-import -- --help\n',
    );
    return 2;
  }
  const config = loadCliConfig(ctx.env);
  const logger =
    ctx.logger ??
    createLogger({ level: args.json || config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, destination: process.stderr as never });
  let mapping;
  let table;
  try {
    mapping = loadKpiMapping(args.mapping ?? DEFAULT_KPI_MAPPING);
    table = await readKpiFile(args.source);
  } catch (e) {
    return rejected(e, err);
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  closeOnFatal(() => database.close());
  try {
    await migrateToLatest(database.db);
    const clock = ctx.clock ?? systemClock;
    const store = createStore(database.db, clock);
    const by = args.by ?? `cli:${os.userInfo().username}`;
    let report: KpiImportReport;
    try {
      report = await importKpiTable({ store, clock }, table, {
        mapping,
        mappingName: args.mapping ?? DEFAULT_KPI_MAPPING,
        by,
        dryRun: args['dry-run'],
      });
    } catch (e) {
      return rejected(e, err);
    }
    if (args.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
    else printHuman(report, out, lang);
    if (report.counts.valid === 0) {
      err.write(
        lang === 'fi'
          ? 'Ei yhtään kelvollista riviä: mitään ei tuotu. / No valid rows: nothing was imported.\n'
          : 'No valid rows: nothing was imported. / Ei yhtään kelvollista riviä: mitään ei tuotu.\n',
      );
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

if (require.main === module) runCli('kpi-import', () => kpiImportCli(process.argv.slice(2)));
