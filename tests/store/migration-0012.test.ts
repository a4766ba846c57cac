import { Migrator, type Kysely } from 'kysely';
import { createStore, migrateToLatest, MIGRATION_NAMES } from '../../src/store';
import * as m0001 from '../../src/store/migrations/0001-initial';
import * as m0002 from '../../src/store/migrations/0002-clock-reminders';
import * as m0003 from '../../src/store/migrations/0003-sync-journal';
import * as m0005 from '../../src/store/migrations/0005-outbox-priority';
import * as m0006 from '../../src/store/migrations/0006-manual-access-expiry';
import * as m0007 from '../../src/store/migrations/0007-channel-provisioning';
import * as m0009 from '../../src/store/migrations/0009-clock-event-english';
import * as m0010 from '../../src/store/migrations/0010-clock-site-assignee';
import * as m0012 from '../../src/store/migrations/0012-structured-access-reasons';
import { engines, openTestDb, type TestDb } from './engines';

const BEFORE_0012 = {
  '0001-initial': m0001,
  '0002-clock-reminders': m0002,
  '0003-sync-journal': m0003,
  '0005-outbox-priority': m0005,
  '0006-manual-access-expiry': m0006,
  '0007-channel-provisioning': m0007,
  '0009-clock-event-english': m0009,
  '0010-clock-site-assignee': m0010,
};

// Reasons exactly as the sync stored them before 0012 (src/sync/reasons.ts then).
const OLD = {
  site: { kind: 'site', siteId: 'S1', role: 'supervisor', note: 'Pääkonttori (Espoo) (rivi 12)' },
  siteNoNote: { kind: 'site', siteId: 'S2', role: 'regionalDirector' },
  owner: { kind: 'owner', role: 'key_account_director', note: 'rivi 3' },
  coOwner: { kind: 'co-owner', note: 'account' },
  service: { kind: 'service' },
  override: { kind: 'override' },
};

describe.each(engines)('migration 0012: access reasons become structured JSON (%s)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine, { migrate: false });
  });
  afterAll(() => t.close());

  it('rewrites desired memberships, waiting access notes and unrecorded journal entries; leaves the audit trail', async () => {
    expect(MIGRATION_NAMES).toContain('0012-structured-access-reasons');
    const schema = t.opened.schema;
    const migrator = (migrations: Record<string, typeof m0001>) =>
      new Migrator({
        db: t.opened.db.withoutPlugins() as Kysely<unknown>,
        provider: { getMigrations: async () => migrations },
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
    expect((await migrator(BEFORE_0012).migrateToLatest()).error).toBeUndefined();

    const store = createStore(t.opened.db, t.clock);
    // The account row as the schema before 0012 has it (today's repository also writes later columns).
    const now = t.clock.now().toISOString();
    await t.opened.db
      .insertInto('accounts')
      .values({
        customerId: 'C1',
        name: 'Alfa Oy',
        isNational: 1,
        contractStart: null,
        contractEnd: null,
        monthlyBilling: null,
        ownerEmail: null,
        channelId: null,
        channelName: null,
        channelState: 'none',
        archivedAt: null,
        missingSince: null,
        createdAt: now,
        updatedAt: now,
      } as never)
      .execute();
    await store.sites.replaceForAccount('C1', [{ siteId: 'S2', name: 'Tehdas' }]);
    await store.desiredMemberships.replaceForAccount('C1', [
      { email: 'kad@x.example', role: 'owner', reasons: [OLD.owner, OLD.coOwner, OLD.service] as never },
      { email: 'sup@x.example', role: 'member', reasons: [OLD.site, OLD.siteNoNote, { kind: 'mystery' }] as never },
      { email: 'guest@x.example', role: 'member', reasons: [OLD.override] as never },
    ]);
    const channel = { customerId: 'C1', accountName: 'Alfa Oy', channelId: 'ch-1', reasons: [OLD.site] };
    await store.outbox.enqueue({
      idempotencyKey: 'access:r1:u1',
      kind: 'access-granted',
      target: { userId: 'u1' },
      payload: { runId: 'r1', channels: [channel] },
    });
    await store.outbox.enqueue({ idempotencyKey: 'access:r0:u1', kind: 'access-granted', target: { userId: 'u1' }, payload: channel });
    const guard = { runId: 'r1', customerId: 'C1', reasons: [{ fi: 'liian monta', en: 'too many' }], removals: [] };
    await store.outbox.enqueue({ idempotencyKey: 'approval:r1', kind: 'removal-approval', target: { userId: 'u2' }, payload: guard });
    const run = await store.syncRuns.start({ trigger: 'cli' });
    const added = {
      action: 'member-added',
      customerId: 'C1',
      email: 'sup@x.example',
      detail: { userId: 'u1', owner: false, reasons: [OLD.site] },
    };
    await store.audit.append(run.id, [added]);
    await store.syncJournal.add(run.id, [
      {
        id: 'j1',
        customerId: 'C1',
        check: { in: 'channel', channelId: 'ch-1', userId: 'u1', present: true },
        effects: { audit: [added], outbox: [{ kind: 'access-granted', payload: { runId: run.id, channels: [channel] } }], memberships: [] },
      },
    ]);

    await migrateToLatest(t.opened.db);

    const site = { kind: 'site', siteId: 'S1', siteName: 'Pääkonttori (Espoo)', role: 'supervisor', line: 12 };
    const desired = new Map((await store.desiredMemberships.listForAccount('C1')).map((d) => [d.email, d.reasons]));
    expect(desired.get('kad@x.example')).toEqual([
      { kind: 'key_account_director', line: 3 },
      { kind: 'co_owner', scope: 'account' },
      { kind: 'service_account' },
    ]);
    // Without a note the site's name comes from the site row; a reason in no known shape is dropped.
    expect(desired.get('sup@x.example')).toEqual([
      site,
      { kind: 'site', siteId: 'S2', siteName: 'Tehdas', role: 'regional_director', line: 0 },
    ]);
    expect(desired.get('guest@x.example')).toEqual([{ kind: 'override' }]);

    const items = new Map(
      (await t.opened.db.selectFrom('outbox').select(['idempotencyKey', 'payloadJson']).execute()).map((r) => [
        r.idempotencyKey,
        JSON.parse(r.payloadJson),
      ]),
    );
    expect(items.get('access:r1:u1').channels[0].reasons).toEqual([site]);
    expect(items.get('access:r0:u1').reasons).toEqual([site]);
    expect(items.get('approval:r1')).toEqual(guard); // the guard's reasons are another thing

    const [entry] = await store.syncJournal.listLeftBy('another-run');
    const effects = entry!.effects as {
      audit: Array<{ detail: { reasons: unknown } }>;
      outbox: Array<{ payload: { channels: Array<{ reasons: unknown }> } }>;
    };
    expect(effects.audit[0]!.detail.reasons).toEqual([site]);
    expect(effects.outbox[0]!.payload.channels[0]!.reasons).toEqual([site]);

    const [audited] = await store.audit.listForRun(run.id);
    expect(audited!.detail).toEqual(added.detail);

    // Down restores the old sentences, and up again gives the same structure.
    await m0012.down(t.opened.db.withoutPlugins() as never);
    const old = await t.opened.db
      .selectFrom('desiredMemberships')
      .select(['email', 'reasonsJson'])
      .where('email', '=', 'sup@x.example')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(old.reasonsJson)[0]).toEqual({
      kind: 'site',
      siteId: 'S1',
      role: 'supervisor',
      note: 'Pääkonttori (Espoo) (rivi 12)',
    });
    await m0012.up(t.opened.db.withoutPlugins() as never);
    expect((await store.desiredMemberships.listForEmail('sup@x.example'))[0]!.reasons[0]).toEqual(site);
  });
});
