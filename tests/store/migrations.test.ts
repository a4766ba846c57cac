import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { AppError } from '../../src/errors/app-error';
import { ManualClock } from '../../src/ports/clock';
import { MIGRATION_NAMES, SQLITE_FILE_NAME, migrateToLatest, openDatabase, openStore } from '../../src/store';
import { engines, openTestDb, type TestDb } from './engines';

const TABLES = [
  'accounts',
  'sites',
  'people',
  'desired_memberships',
  'actual_memberships',
  'membership_overrides',
  'sync_journal',
  'held_runs',
  'sync_runs',
  'audit_entries',
  'clock_events',
  'clock_completions',
  'clock_reminders',
  'clock_occurrence_exceptions',
  'quality_periods',
  'kpi_values',
  'toc_items',
  'toc_overrides',
  'toc_orders',
  'contracts',
  'notices',
  'message_refs',
  'acknowledgements',
  'weekly_status',
  'conversation_refs',
  'feedback',
  'outbox',
  'leases',
  'channel_provisioning',
  'notice_plans',
  'toc_must_read',
  'onboarding_acks',
  'onboarding_starts',
  'digest_prefs',
  'quality_instructions',
  'nps_results',
];

describe.each(engines)('migrations on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine, { migrate: false });
  });
  afterAll(async () => t.close());

  // Only this file's schema counts (the server holds other test files' schemas too).
  const ownTables = async () =>
    (await t.opened.db.introspection.getTables())
      .filter((x) => !t.opened.schema || x.schema === t.opened.schema)
      .map((x) => x.name)
      .sort();

  it('creates every table from an empty database, and a second run is a no-op', async () => {
    expect(await ownTables()).toEqual([]);

    const first = await migrateToLatest(t.opened.db);
    expect(first.map((r) => [r.migrationName, r.status])).toEqual(MIGRATION_NAMES.map((n) => [n, 'Success']));

    expect(await ownTables()).toEqual([...TABLES].sort());

    expect(await migrateToLatest(t.opened.db)).toEqual([]);
    await expect(t.opened.ping()).resolves.toBeUndefined();
  });

  // Matched on the message: better-sqlite3's error class belongs to the first test file that loaded it,
  // so in later files of the same jest worker it fails `instanceof Error` and `.toThrow()`.
  it('enforces foreign keys (a site needs its account)', async () => {
    await expect(
      t.opened.db
        .insertInto('sites')
        .values({
          siteId: 's-orphan',
          customerId: 'nope',
          name: 'x',
          address: null,
          postalCode: null,
          city: null,
          region: null,
          supervisorEmail: null,
          roleEmailsJson: '{}',
          updatedAt: 'now',
        })
        .execute(),
    ).rejects.toHaveProperty('message', expect.stringMatching(/foreign key/i));
  });
});

if (engines.includes('postgres')) {
  describe('migrations on postgres, two instances starting at once', () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await openTestDb('postgres', { migrate: false });
    });
    afterAll(async () => t.close());

    it('applies each migration exactly once and both instances start', async () => {
      const [a, b] = [await t.openAnother(), await t.openAnother()];
      const results = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db), migrateToLatest(t.opened.db)]);
      const applied = results
        .flat()
        .filter((r) => r.status === 'Success')
        .map((r) => r.migrationName);
      expect(applied.sort()).toEqual([...MIGRATION_NAMES].sort());
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.opened.db);
      expect(rows.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
    });
  });

  describe('migrations on postgres while other schemas on the server are dropped', () => {
    // Kysely's stock introspector scanned every schema and failed with "schema … does not exist"
    // when another deployment (or parallel test file) dropped one meanwhile; start-up then failed.
    it('migrates fresh schemas without tripping over the churn', async () => {
      const churn = await openTestDb('postgres', { migrate: false });
      let stop = false;
      const loop = (async () => {
        for (let i = 0; !stop; i++) {
          const s = sql.id(`${churn.opened.schema}_churn_${i}`);
          await sql`create schema ${s}`.execute(churn.opened.db);
          for (let k = 0; k < 15; k++)
            await sql`create table ${s}.${sql.id(`t${k}`)} (id serial primary key, a text, b text)`.execute(churn.opened.db);
          await sql`drop schema ${s} cascade`.execute(churn.opened.db);
        }
      })();
      const fresh: TestDb[] = [];
      try {
        const started = Date.now();
        while (Date.now() - started < 4000) {
          const t = await openTestDb('postgres', { migrate: false });
          fresh.push(t);
          await expect(migrateToLatest(t.opened.db)).resolves.toHaveLength(MIGRATION_NAMES.length);
          for (let k = 0; k < 10; k++) await expect(migrateToLatest(t.opened.db)).resolves.toEqual([]);
        }
      } finally {
        stop = true;
        await loop;
        for (const t of fresh) await t.close();
        await churn.close();
      }
    }, 60_000);
  });
}

describe('sqlite file', () => {
  it('is migrated once when two connections (processes) start at the same time', async () => {
    const t = await openTestDb('sqlite', { migrate: false });
    try {
      const others = [await t.openAnother(), await t.openAnother()];
      const results = await Promise.all([t.opened, ...others].map((o) => migrateToLatest(o.db)));
      expect(
        results
          .flat()
          .filter((r) => r.status === 'Success')
          .map((r) => r.migrationName),
      ).toEqual(MIGRATION_NAMES);
      expect(await t.store.accounts.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('lives under DATA_DIR in WAL mode', async () => {
    const t = await openTestDb('sqlite');
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.opened.db.withoutPlugins());
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await t.close();
    }
  });

  it('creates the data dir and the named file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-dd-'));
    const dataDir = path.join(dir, 'nested', 'data');
    const opened = await openDatabase({ dataDir });
    await migrateToLatest(opened.db);
    await opened.close();
    expect(fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens, migrates and serves a store in one call, keeping data across restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-os-'));
    const clock = new ManualClock();
    const first = await openStore({ dataDir, clock });
    await first.store.accounts.upsertMany([{ customerId: 'R1', name: 'Restart Oy', isNational: true }]);
    await first.database.close();
    const second = await openStore({ dataDir, clock });
    expect((await second.store.accounts.get('R1'))?.name).toBe('Restart Oy');
    await second.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects a DATABASE_URL that is neither empty nor postgres', async () => {
    await expect(openDatabase({ dataDir: '/tmp/unused', databaseUrl: 'mysql://x' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(openDatabase({ dataDir: '/tmp/unused', databaseUrl: 'mysql://x' })).rejects.toBeInstanceOf(AppError);
  });
});
