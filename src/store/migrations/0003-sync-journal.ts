import { Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * Crash-safe sync: run statuses 'partial' (something failed) and 'interrupted' (its process died),
 * and the sync journal, one row per Teams change sent but not yet recorded: what to check in Teams
 * and what to write (audit entries, outbox notes, memberships) once it is known to have happened.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const STATUSES = sql`status in ('running', 'done', 'partial', 'held', 'failed', 'rejected', 'interrupted')`;

export async function up(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table sync_runs drop constraint sync_runs_status_ck`.execute(db);
    await sql`alter table sync_runs add constraint sync_runs_status_ck check (${STATUSES})`.execute(db);
  } else {
    await rebuildSqliteRuns(db);
  }

  await db.schema
    .createTable('sync_journal')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('check_json', 'text', (c) => c.notNull())
    .addColumn('effects_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/**
 * SQLite cannot change a CHECK constraint in place: both tables are copied (audit entries point at
 * runs, and dropping the runs first would cascade-delete them), dropped and renamed back.
 */
async function rebuildSqliteRuns(db: Db): Promise<void> {
  await db.schema
    .createTable('sync_runs_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('rows_total', 'integer')
    .addColumn('rows_valid', 'integer')
    .addColumn('rows_rejected', 'integer')
    .addColumn('summary_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addCheckConstraint('sync_runs_status_ck2', STATUSES)
    .execute();
  await sql`insert into sync_runs_new select id, trigger, started_at, finished_at, status, source, rows_total, rows_valid, rows_rejected, summary_json from sync_runs`.execute(
    db,
  );
  await db.schema
    .createTable('audit_entries_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.references('sync_runs_new.id').onDelete('cascade'))
    .addColumn('customer_id', 'text')
    .addColumn('email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into audit_entries_new select id, run_id, customer_id, email, action, reason, detail_json, at, seq from audit_entries`.execute(
    db,
  );
  await db.schema.dropTable('audit_entries').execute();
  await db.schema.dropTable('sync_runs').execute();
  // Renaming rewrites the references to it (audit_entries_new -> sync_runs).
  await sql`alter table sync_runs_new rename to sync_runs`.execute(db);
  await sql`alter table audit_entries_new rename to audit_entries`.execute(db);
  await db.schema.createIndex('sync_runs_started_ix').on('sync_runs').column('started_at').execute();
  await db.schema.createIndex('audit_entries_account_ix').on('audit_entries').columns(['customer_id', 'at']).execute();
  await db.schema.createIndex('audit_entries_run_ix').on('audit_entries').column('run_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('sync_journal').ifExists().execute();
}
