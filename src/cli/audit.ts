/**
 * npm run audit -- --account ID [--csv FILE] [--json] [--limit N]
 * Prints what changed for one account, when, by which run and why; --csv writes a spreadsheet-safe export.
 * Exit codes: 0 done, 2 bad input, 1 other failure.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { AppError } from '../errors/app-error';
import { openDatabase, migrateToLatest, createStore } from '../store';
import { systemClock } from '../ports/clock';
import { auditToCsv } from '../sync/audit-export';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { account: { type: 'string' }, csv: { type: 'string' }, json: { type: 'boolean', default: false }, limit: { type: 'string', default: '500' } },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nUsage: npm run audit -- --account ID [--csv FILE] [--json] [--limit N]\n`);
    return 2;
  }
  if (!args.account) {
    process.stderr.write('Give the account: npm run audit -- --account ID\n');
    return 2;
  }
  const limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write('--limit must be a positive whole number\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr as never });
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger });
  try {
    await migrateToLatest(database.db);
    const store = createStore(database.db, systemClock);
    const account = await store.accounts.get(args.account);
    if (!account) {
      process.stderr.write(`No account ${args.account} is known (run a sync first).\n`);
      return 2;
    }
    const entries = (await store.audit.listForAccount(args.account, limit)).reverse();
    if (args.csv) {
      fs.writeFileSync(args.csv, auditToCsv(entries));
      process.stderr.write(`${entries.length} entries written to ${args.csv}\n`);
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ account, entries }, null, 2)}\n`);
    else if (!args.csv) {
      process.stdout.write(`${account.name} (${account.customerId}) — channel ${account.channelName ?? '(none)'} [${account.channelState}]\n`);
      for (const e of entries) process.stdout.write(`${e.at}  ${e.action.padEnd(20)} ${(e.email ?? '').padEnd(38)} ${e.reason ?? ''}\n`);
      process.stdout.write(`${entries.length} entries\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`audit failed: ${AppError.from(err).message}\n`);
    process.exit(1);
  },
);
