import { Kysely } from 'kysely';

/*
 * Annual-clock reminders: one row per occurrence whose owner reminder has been queued (in the same
 * transaction as its outbox item), so each occurrence is reminded exactly once across runs and instances.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('clock_reminders')
    .addColumn('event_id', 'text', (c) => c.notNull().references('clock_events.id').onDelete('cascade'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clock_reminders_pk', ['event_id', 'occurrence'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('clock_reminders').ifExists().execute();
}
