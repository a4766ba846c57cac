import { Kysely } from 'kysely';

/*
 * Notices written in the dialog: a plan (draft, awaiting a second pair of eyes, scheduled, sent,
 * cancelled or rejected) that becomes a notice when it goes out, so a scheduled notice survives a
 * restart and is picked up by the job scheduler. The notice itself gets its options (acknowledgement
 * required, due time, a planned disruption's window) as JSON; older notices have none (acknowledge).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('notice_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('targets_json', 'text', (c) => c.notNull())
    .addColumn('mention_json', 'text', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('send_at', 'text')
    .addColumn('approver_id', 'text')
    .addColumn('approver_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notice_id', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('start_reminded_at', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notice_plans_due_ix').on('notice_plans').columns(['status', 'send_at']).execute();
  await db.schema.alterTable('notices').addColumn('options_json', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('notices').dropColumn('options_json').execute();
  await db.schema.dropTable('notice_plans').execute();
}
