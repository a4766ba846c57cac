import { Kysely } from 'kysely';

/*
 * The monthly quality-card loop with the management team, and feedback someone handles:
 * - a month's card is marked ready for the management team (who, when) on its quality_periods row;
 * - directors' comments and instructions per account and month, open until the owner marks them done;
 * - feedback given with `palaute` gets a status (new, in progress, done) and the owner's reply;
 * - NPS answer counts per account and survey, imported from the yearly user survey.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('quality_periods').addColumn('ready_at', 'text').execute();
  await db.schema.alterTable('quality_periods').addColumn('ready_by', 'text').execute();

  await db.schema
    .createTable('quality_instructions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('done_by', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quality_instructions_account').on('quality_instructions').columns(['customer_id', 'period']).execute();

  await db.schema
    .alterTable('feedback')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .execute();
  await db.schema.alterTable('feedback').addColumn('reply', 'text').execute();
  await db.schema.alterTable('feedback').addColumn('handled_by', 'text').execute();
  await db.schema.alterTable('feedback').addColumn('handled_at', 'text').execute();

  await db.schema
    .createTable('nps_results')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('promoters', 'integer', (c) => c.notNull())
    .addColumn('passives', 'integer', (c) => c.notNull())
    .addColumn('detractors', 'integer', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nps_results_pk', ['customer_id', 'period'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('nps_results').ifExists().execute();
  for (const c of ['handled_at', 'handled_by', 'reply', 'status']) await db.schema.alterTable('feedback').dropColumn(c).execute();
  await db.schema.dropTable('quality_instructions').ifExists().execute();
  for (const c of ['ready_by', 'ready_at']) await db.schema.alterTable('quality_periods').dropColumn(c).execute();
}
