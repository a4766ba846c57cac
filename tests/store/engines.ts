import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ManualClock } from '../../src/ports/clock';
import { createStore, migrateToLatest, openDatabase, type OpenedDatabase, type Store } from '../../src/store';

export type EngineName = 'sqlite' | 'postgres';

// Tests may read the environment: CI sets DATABASE_URL so the PostgreSQL engine runs too.
const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
export const postgresUrl = /^postgres(ql)?:\/\//.test(pgUrl) ? pgUrl : undefined;
export const engines: EngineName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  engine: EngineName;
  opened: OpenedDatabase;
  store: Store;
  clock: ManualClock;
  /** Where it lives, for another process to open the same database. */
  location: { dataDir: string; databaseUrl?: string; schema?: string };
  /** Another connection (pool) to the same database, as a second app instance would have. */
  openAnother(): Promise<OpenedDatabase>;
  close(): Promise<void>;
}

/** A fresh database per test file: a temp dir for SQLite, a new schema (dropped after) for PostgreSQL. */
export async function openTestDb(engine: EngineName, options: { migrate?: boolean } = {}): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
  const schema = engine === 'postgres' ? `store_test_${randomBytes(6).toString('hex')}` : undefined;
  const open = () => openDatabase({ dataDir, databaseUrl: engine === 'postgres' ? postgresUrl : undefined, schema, poolSize: 4 });
  const opened = await open();
  const extra: OpenedDatabase[] = [];
  if (options.migrate !== false) await migrateToLatest(opened.db);
  const clock = new ManualClock();
  return {
    engine,
    opened,
    store: createStore(opened.db, clock),
    clock,
    location: { dataDir, databaseUrl: engine === 'postgres' ? postgresUrl : undefined, schema },
    openAnother: async () => {
      const o = await open();
      extra.push(o);
      return o;
    },
    close: async () => {
      for (const o of extra) await o.close();
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(opened.db);
      await opened.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
