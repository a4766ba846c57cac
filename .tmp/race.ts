import { Kysely, PostgresDialect, PostgresIntrospector, sql } from 'kysely';
import { Pool } from 'pg';
import { SchemaScopedPostgresDialect } from '/work/main/src/store/postgres-dialect';
const url = 'postgres://postgres@127.0.0.1:5432/test';
const scoped = process.argv[2] === 'scoped';
async function main() {
  const churn = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 2 }) }) });
  let stop = false;
  const loop = (async () => { let i = 0; while (!stop) { const s = `race_${process.pid}_${i++}`; await sql`create schema ${sql.id(s)}`.execute(churn); for (let t=0;t<20;t++) await sql`create table ${sql.id(s)}.${sql.id('t'+t)} (id serial primary key, a text, b text, c text)`.execute(churn); await sql`drop schema ${sql.id(s)} cascade`.execute(churn); } })();
  const db = new Kysely<any>({ dialect: scoped ? new SchemaScopedPostgresDialect({ pool: new Pool({ connectionString: url, max: 1 }) }, 'public') : new PostgresDialect({ pool: new Pool({ connectionString: url, max: 1 }) }) });
  let fails = 0; const t0 = Date.now();
  while (Date.now() - t0 < 15000) { try { await db.introspection.getTables({ withInternalKyselyTables: true }); } catch (e) { fails++; if (fails < 3) console.log(String((e as Error).message)); } }
  stop = true; await loop; console.log(scoped ? 'scoped' : 'stock', 'failures', fails);
  await db.destroy(); await churn.destroy();
}
main();
