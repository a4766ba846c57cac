import { Kysely } from 'kysely';

/*
 * What each account channel has received of its provisioning: the app enabled in the channel, the
 * tabs, the folders. A part is done when its timestamp is set; the sync's repair pass completes the
 * rest on every run, so a channel left half-provisioned (a refusal, a crash) is not forgotten.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('channel_provisioning')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('app_enabled_at', 'text')
    .addColumn('tabs_done_at', 'text')
    .addColumn('folders_done_at', 'text')
    .addColumn('problem', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('channel_provisioning').ifExists().execute();
}
