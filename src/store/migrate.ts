import { Kysely, Migrator, PostgresAdapter, sql, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import { AppError } from '../errors/app-error';
import type { Logger } from '../ports/logger';
import type { Database } from './database';
import * as m0001 from './migrations/0001-initial';
import * as m0002 from './migrations/0002-clock-reminders';
import * as m0003 from './migrations/0003-sync-journal';
import * as m0005 from './migrations/0005-outbox-priority';
import * as m0006 from './migrations/0006-manual-access-expiry';
import * as m0007 from './migrations/0007-channel-provisioning';
import * as m0009 from './migrations/0009-clock-event-english';
import * as m0010 from './migrations/0010-clock-site-assignee';
import * as m0011 from './migrations/0011-held-runs';
import * as m0012 from './migrations/0012-structured-access-reasons';
import * as m0013 from './migrations/0013-account-team';
import * as m0014 from './migrations/0014-notice-plans';
import * as m0015 from './migrations/0015-clock-occurrence-exceptions';
import * as m0016 from './migrations/0016-onboarding-digest';
import * as m0017 from './migrations/0017-quality-loop-feedback';

/** In-code list so the build needs no migration folder at run time; names sort in apply order. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-clock-reminders': m0002,
  '0003-sync-journal': m0003,
  '0005-outbox-priority': m0005,
  '0006-manual-access-expiry': m0006,
  '0007-channel-provisioning': m0007,
  '0009-clock-event-english': m0009,
  '0010-clock-site-assignee': m0010,
  '0011-held-runs': m0011,
  '0012-structured-access-reasons': m0012,
  '0013-account-team': m0013,
  '0014-notice-plans': m0014,
  '0015-clock-occurrence-exceptions': m0015,
  '0016-onboarding-digest': m0016,
  '0017-quality-loop-feedback': m0017,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrateOptions {
  /** PostgreSQL schema of the tables (see OpenedDatabase.schema); undefined for SQLite. */
  schema?: string;
  logger?: Logger;
}

/**
 * Applies pending migrations. On PostgreSQL Kysely takes a session advisory lock, so two instances
 * starting together apply each migration once; the other waits and then finds nothing to do.
 */
export async function migrateToLatest(db: Kysely<Database>, options: MigrateOptions = {}): Promise<MigrationResult[]> {
  const schema = options.schema ?? (await currentPostgresSchema(db));
  const migrator = new Migrator({
    // Migrations are written in snake_case; the camel-case plugin must not rewrite their results.
    db: db.withoutPlugins() as Kysely<unknown>,
    provider,
    // Naming the schema keeps Kysely from finding another schema's migration table on a shared server.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const r of results) {
    if (r.status === 'Success') options.logger?.info({ migration: r.migrationName }, 'migration applied');
    if (r.status === 'Error') options.logger?.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) {
    throw new AppError('INTERNAL', `database migration failed: ${messageOf(error)}`, { cause: error });
  }
  return results;
}

export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

async function currentPostgresSchema(db: Kysely<Database>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const res = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return res.rows[0]?.schema;
}

/** Not `instanceof Error`: driver errors may come from another realm (e.g. under jest). */
function messageOf(error: unknown): string {
  const m = (error as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : String(error);
}
