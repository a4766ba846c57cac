import { Kysely } from 'kysely';

/*
 * Manual access expires: an owner's manual addition carries an end date (the sync stops granting it
 * after that day) and when its owner was reminded, so each addition is reminded once.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('membership_overrides').addColumn('expires_on', 'text').execute();
  await db.schema.alterTable('membership_overrides').addColumn('reminded_at', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('membership_overrides').dropColumn('reminded_at').execute();
  await db.schema.alterTable('membership_overrides').dropColumn('expires_on').execute();
}
