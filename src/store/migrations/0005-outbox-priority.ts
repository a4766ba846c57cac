import { Kysely } from 'kysely';

/*
 * Outbox priorities: an urgent notice (and its edit or withdrawal) is claimed before routine items
 * already queued (welcome posts, access notes), whatever their number. Higher goes first; 0 = routine.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('outbox_claim_ix').on('outbox').columns(['status', 'priority', 'next_attempt_at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('outbox_claim_ix').ifExists().execute();
  await db.schema.alterTable('outbox').dropColumn('priority').execute();
}
