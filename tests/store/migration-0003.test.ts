import { Migrator, type Kysely } from 'kysely';
import { createStore, migrateToLatest } from '../../src/store';
import * as m0001 from '../../src/store/migrations/0001-initial';
import * as m0002 from '../../src/store/migrations/0002-clock-reminders';
import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('migration 0003 over existing data (%s)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine, { migrate: false });
  });
  afterAll(() => t.close());

  it('keeps runs and their audit entries, and then accepts the partial and interrupted statuses', async () => {
    const schema = t.opened.schema;
    const upTo0002 = new Migrator({
      db: t.opened.db.withoutPlugins() as Kysely<unknown>,
      provider: { getMigrations: async () => ({ '0001-initial': m0001, '0002-clock-reminders': m0002 }) },
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    expect((await upTo0002.migrateToLatest()).error).toBeUndefined();
    const store = createStore(t.opened.db, t.clock);
    const run = await store.syncRuns.start({ trigger: 'cli' });
    await store.syncRuns.finish(run.id, { status: 'done', rowsTotal: 10 });
    await store.audit.append(run.id, [
      { action: 'member-added', customerId: 'C1', email: 'a@x.example' },
      { action: 'member-removed', customerId: 'C1', email: 'b@x.example' },
    ]);

    await migrateToLatest(t.opened.db);
    expect((await store.syncRuns.get(run.id))?.rowsTotal).toBe(10);
    expect((await store.audit.listForRun(run.id)).map((a) => a.email)).toEqual(['a@x.example', 'b@x.example']);
    const next = await store.syncRuns.start({ trigger: 'cli' });
    await store.syncRuns.finish(next.id, { status: 'partial' });
    expect((await store.syncRuns.get(next.id))?.status).toBe('partial');
    const stuck = await store.syncRuns.start({ trigger: 'cli' });
    expect(await store.syncRuns.closeAbandoned(null)).toEqual([stuck.id]);
    expect((await store.syncRuns.get(stuck.id))?.status).toBe('interrupted');
    // Audit entries still belong to their run: deleting the run takes them along.
    await t.opened.db.deleteFrom('syncRuns').where('id', '=', run.id).execute();
    expect(await store.audit.listForRun(run.id)).toEqual([]);
  });
});
