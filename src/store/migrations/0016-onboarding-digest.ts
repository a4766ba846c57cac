import { Kysely } from 'kysely';

/*
 * Onboarding and the personal weekly digest. An account's owner marks items of its table of contents
 * as must-read for roles (`toc_must_read`, with a version that grows when the owner asks everyone to
 * read an item again); each tick is kept per person, item and version (`onboarding_acks`). When a
 * person's welcome has been delivered, `onboarding_starts` records it: the reminder and the owner's
 * "a new supervisor joined" note are marked there so each is sent once. `digest_prefs` holds each
 * person's choice of the weekly digest (on/off and weekday); no row = on, on the default day.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('toc_must_read')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('roles_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('toc_must_read_pk', ['customer_id', 'item_id'])
    .execute();
  await db.schema
    .createTable('onboarding_acks')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('acked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('onboarding_acks_pk', ['customer_id', 'item_id', 'user_id', 'version'])
    .execute();
  await db.schema
    .createTable('onboarding_starts')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addPrimaryKeyConstraint('onboarding_starts_pk', ['customer_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('digest_prefs')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['digest_prefs', 'onboarding_starts', 'onboarding_acks', 'toc_must_read'])
    await db.schema.dropTable(t).ifExists().execute();
}
