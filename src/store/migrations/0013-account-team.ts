import { Kysely } from 'kysely';

/*
 * More than one team (TEAM_IDS): each account's channel lives in one team, recorded here. Existing
 * rows get their team when the app starts (the migration cannot read the configuration): every
 * recorded channel so far is in the single configured team, TEAM_ID (accounts.assignTeamWhereMissing).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('team_id', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('team_id').execute();
}
