import { Kysely } from 'kysely';

/*
 * A key account director's own order of their account's table of contents: `toc_orders` holds the
 * ids of the merged items (template items and the account's own) in the order the account shows them.
 * An event may last several days (a budget round, an audit week): `duration_days`, drawn as an arc.
 * One occurrence of a recurring annual-clock event moved, renamed or cancelled without changing the
 * series. Keyed by the occurrence's series date, which stays its identity for completion, reminders and
 * ICS UIDs; deleting the event deletes its exceptions.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('clock_events').addColumn('duration_days', 'integer').execute();
  await db.schema
    .createTable('clock_occurrence_exceptions')
    .addColumn('event_id', 'text', (c) => c.notNull().references('clock_events.id').onDelete('cascade'))
    .addColumn('series_date', 'text', (c) => c.notNull())
    .addColumn('moved_to', 'text')
    .addColumn('title', 'text')
    .addColumn('title_en', 'text')
    .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clock_occurrence_exceptions_pk', ['event_id', 'series_date'])
    .execute();
  await db.schema
    .createTable('toc_orders')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('item_ids_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('toc_orders').execute();
  await db.schema.dropTable('clock_occurrence_exceptions').execute();
  await db.schema.alterTable('clock_events').dropColumn('duration_days').execute();
}
