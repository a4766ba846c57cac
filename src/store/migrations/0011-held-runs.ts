import { Kysely } from 'kysely';

/*
 * Approving approves that run (issue 11): a held run keeps what its approval needs — the source and
 * mapping it read, the held part of its plan, and fingerprints of the desired state billing gave and
 * of the Teams state the held part depends on — and, once handled, who approved it and which run
 * applied it (or re-planned because something had changed).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('held_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('mapping_name', 'text')
    .addColumn('held_json', 'text', (c) => c.notNull())
    .addColumn('billing_fingerprint', 'text', (c) => c.notNull())
    .addColumn('teams_fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approval_run_id', 'text')
    .addColumn('outcome', 'text')
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('held_runs').ifExists().execute();
}
