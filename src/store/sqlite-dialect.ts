import { SqliteAdapter, SqliteDialect, type DialectAdapter, type Kysely, type MigrationLockOptions, type SqliteDatabase } from 'kysely';
import { AppError } from '../errors/app-error';

/** A crashed migrator's lock is taken over after this long. */
const STALE_LOCK_MS = 5 * 60_000;
const WAIT_LIMIT_MS = STALE_LOCK_MS + 60_000;

/**
 * Kysely's SQLite adapter assumes one process: it takes no migration lock and runs migrations outside
 * a transaction, so two processes starting on one file (server + CLI) could both apply a migration
 * (seen here as `table "accounts" already exists`). This adapter locks through the migration lock row
 * (the value is the holder's start time, so a crashed holder's lock goes stale) and makes each run
 * transactional, which SQLite supports for DDL.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override async acquireMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    const started = Date.now();
    for (;;) {
      const now = Date.now();
      const res = await db
        .updateTable(opt.lockTable)
        .set({ is_locked: now })
        .where('id', '=', opt.lockRowId)
        .where((eb) => eb.or([eb('is_locked', '=', 0), eb('is_locked', '<', now - STALE_LOCK_MS)]))
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return;
      if (now - started > WAIT_LIMIT_MS) throw new AppError('INTERNAL', 'timed out waiting for the SQLite migration lock');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  override async releaseMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    await db.updateTable(opt.lockTable).set({ is_locked: 0 }).where('id', '=', opt.lockRowId).execute();
  }
}

export class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
}

/**
 * Kysely prepares every query anew; on the tab API's hot paths preparing cost about as much as
 * running the query. This reuses prepared statements by SQL text (the few hundred most recent;
 * SQLite re-prepares a cached statement itself after a schema change). Kysely runs one query at a
 * time on its single SQLite connection, so a statement is never in use twice at once.
 */
export function withStatementCache<D extends SqliteDatabase>(db: D, max = 500): D {
  const cache = new Map<string, ReturnType<D['prepare']>>();
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-inserted below: most recently used last
    } else {
      stmt = db.prepare(sql) as ReturnType<D['prepare']>;
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, target);
      // Native methods (close, pragma…) need the real database as `this`.
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
