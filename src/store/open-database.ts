import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, sql } from 'kysely';
import { AppError } from '../errors/app-error';
import type { Logger } from '../ports/logger';
import type { Database } from './database';
import { SchemaScopedPostgresDialect } from './postgres-dialect';
import { LockingSqliteDialect, withStatementCache } from './sqlite-dialect';

export type Engine = 'sqlite' | 'postgres';

export interface OpenDatabaseOptions {
  /** Unset = embedded SQLite under dataDir; `postgres://` or `postgresql://` = PostgreSQL. */
  databaseUrl?: string;
  dataDir: string;
  logger?: Logger;
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves with one per file). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** PostgreSQL schema the tables live in; undefined for SQLite. */
  schema?: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'account-channels.sqlite';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const url = options.databaseUrl?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options);
  if (url) {
    throw new AppError('CONFIG_INVALID', 'DATABASE_URL must be empty (SQLite) or a postgres:// URL', {
      details: { key: 'DATABASE_URL' },
    });
  }
  return openSqlite(options);
}

function openSqlite(options: OpenDatabaseOptions): OpenedDatabase {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, SQLITE_FILE_NAME);
  // The busy timeout lets a second process (CLI next to the server) wait for the write lock instead of failing.
  const native = new SQLite(file, { timeout: 10_000 });
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new LockingSqliteDialect({ database: withStatementCache(native) }),
    plugins: [new CamelCasePlugin()],
  });
  options.logger?.info({ engine: 'sqlite', file }, 'database opened');
  return {
    db,
    engine: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('BAD_INPUT', `invalid PostgreSQL schema name: ${schema}`);
  }
  // Loaded only for PostgreSQL: an embedded-SQLite process need not carry the driver (~5 MB).
  const { Pool } = await import('pg');
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Every pooled connection resolves unqualified table names in the chosen schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'postgres pool client error'));
  const db = new Kysely<Database>({
    dialect: new SchemaScopedPostgresDialect({ pool }, schema),
    plugins: [new CamelCasePlugin()],
  });
  if (schema) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (err) {
      // Two processes racing on `create schema if not exists` can see a unique violation; fine if it now exists.
      const found = await sql<{ n: string }>`select count(*) as n from information_schema.schemata where schema_name = ${schema}`.execute(
        db,
      );
      if (Number(found.rows[0]?.n ?? 0) === 0) {
        await db.destroy();
        throw err;
      }
    }
  }
  options.logger?.info({ engine: 'postgres', host: safeHost(url), schema: schema ?? 'public' }, 'database opened');
  return {
    db,
    engine: 'postgres',
    schema: schema ?? 'public',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Host and database only: the URL may carry a password. */
function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'unparseable';
  }
}
