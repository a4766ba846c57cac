/**
 * npm run audit -- --account ID [--csv FILE] [--plain-csv] [--json] [--limit N] [--lang fi|en] [--help]
 * Prints what changed for one account, when, by which run and why; --csv writes a spreadsheet-safe
 * export that Finnish Excel opens as columns (--plain-csv: comma, English headers, UTC times).
 * Exit codes: 0 done, 2 bad input, 1 other failure.
 */
import fs from 'node:fs';
import { loadCliConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { openDatabase, migrateToLatest, createStore } from '../store';
import { systemClock } from '../ports/clock';
import { auditToCsv } from '../sync/audit-export';
import { type CliSpec, closeOnFatal, type OptionSpec, parseCli, runCli } from './cli-kit';

export const AUDIT_CLI = {
  name: 'audit',
  summary: {
    fi: 'Näyttää, mitä asiakkuuden kanavalle on tehty, milloin, missä ajossa ja miksi.',
    en: 'Shows what was done to an account’s channel, when, by which run and why.',
  },
  footer: { fi: 'Paluuarvot: 0 valmis, 2 virheellinen syöte, 1 muu virhe.', en: 'Exit codes: 0 done, 2 bad input, 1 other failure.' },
  options: {
    account: { type: 'string', value: 'ID', help: { fi: 'asiakasnumero (pakollinen)', en: 'customer id (required)' } },
    csv: {
      type: 'string',
      value: 'FILE',
      help: { fi: 'kirjoita CSV Excelille (;, paikallinen aika, BOM)', en: 'write a CSV for Finnish Excel (;, local time, BOM)' },
    },
    'plain-csv': {
      type: 'boolean',
      default: false,
      help: { fi: 'tavallinen CSV (pilkku, UTC-ajat)', en: 'plain CSV instead (comma, UTC times)' },
    },
    json: { type: 'boolean', default: false, help: { fi: 'tulosta JSON', en: 'print JSON' } },
    limit: { type: 'string', default: '500', value: 'N', help: { fi: 'enintään N merkintää', en: 'at most N entries' } },
  },
} as const satisfies CliSpec<Record<string, OptionSpec>>;

async function main(): Promise<number> {
  const parsed = parseCli(AUDIT_CLI, process.argv.slice(2), { out: process.stdout, err: process.stderr });
  if (!parsed.ok) return parsed.exitCode;
  const { values: args, lang } = parsed;
  const fi = lang === 'fi';
  if (!args.account) {
    process.stderr.write(fi ? 'Anna asiakkuus: npm run audit -- --account ID\n' : 'Give the account: npm run audit -- --account ID\n');
    return 2;
  }
  const limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(fi ? '--limit on positiivinen kokonaisluku\n' : '--limit must be a positive whole number\n');
    return 2;
  }
  const config = loadCliConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr as never });
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  closeOnFatal(() => database.close());
  try {
    await migrateToLatest(database.db);
    const store = createStore(database.db, systemClock);
    const account = await store.accounts.get(args.account);
    if (!account) {
      process.stderr.write(
        fi
          ? `Asiakkuutta ${args.account} ei tunneta (aja ensin synkronointi).\n`
          : `No account ${args.account} is known (run a sync first).\n`,
      );
      return 2;
    }
    const entries = (await store.audit.listForAccount(args.account, limit)).reverse();
    if (args.csv) {
      fs.writeFileSync(args.csv, auditToCsv(entries, { format: args['plain-csv'] ? 'plain' : 'excel-fi', timeZone: config.APP_TIMEZONE }));
      process.stderr.write(
        fi ? `${entries.length} merkintää kirjoitettu tiedostoon ${args.csv}\n` : `${entries.length} entries written to ${args.csv}\n`,
      );
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ account, entries }, null, 2)}\n`);
    else if (!args.csv) {
      process.stdout.write(
        `${account.name} (${account.customerId}) — ${fi ? 'kanava' : 'channel'} ${account.channelName ?? '–'} [${account.channelState}]\n`,
      );
      for (const e of entries) process.stdout.write(`${e.at}  ${e.action.padEnd(20)} ${(e.email ?? '').padEnd(38)} ${e.reason ?? ''}\n`);
      process.stdout.write(fi ? `${entries.length} merkintää\n` : `${entries.length} entries\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

if (require.main === module) runCli('audit', main);
