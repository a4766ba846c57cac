import { Kysely } from 'kysely';

/*
 * Annual-clock events keep their English title and description apart from the Finnish ones, so each
 * reader sees one language (the default set used to carry "fi / en" in one description).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('clock_events').addColumn('title_en', 'text').execute();
  await db.schema.alterTable('clock_events').addColumn('description_en', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('clock_events').dropColumn('description_en').execute();
  await db.schema.alterTable('clock_events').dropColumn('title_en').execute();
}
