import { Kysely } from 'kysely';

/*
 * An annual-clock event may belong to a role instead of a person: 'site-supervisor' events (the
 * monthly quality visit) are made at every site by its own supervisor. Their per-site completions and
 * reminders reuse the existing tables with the occurrence written "<date>#<siteId>".
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('clock_events').addColumn('assignee', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('clock_events').dropColumn('assignee').execute();
}
