import { silentLogger } from '../../src/logging/logger';
import { accessNoteCard } from '../../src/cards';
import { runManualAccessJob } from '../../src/messaging/manual-access';
import type { MessagingDeps } from '../../src/messaging/deps';
import { createMembersService } from '../../src/tabs-api/members-service';
import { engines, openTestDb, type TestDb } from '../store/engines';

const OWNER = 'omistaja@yritysx.example';
const SUB = 'sanna.sijainen@yritysx.example';
const DAY = 86_400_000;

describe.each(engines)('manual access expires (%s)', (engine) => {
  let db: TestDb;
  let deps: MessagingDeps;
  beforeAll(async () => {
    db = await openTestDb(engine);
    db.clock.set('2026-06-01T09:00:00Z');
    await db.store.accounts.upsertMany([{ customerId: 'A', name: 'Ääninen Oy', isNational: true, ownerEmail: OWNER }]);
    await db.store.desiredMemberships.replaceForAccount('A', [{ email: OWNER, role: 'owner', reasons: [] }]);
    await db.store.people.saveResolutions([
      { email: OWNER, objectId: 'oid-owner', displayName: 'Olli Omistaja' },
      { email: SUB, objectId: 'oid-sub', displayName: 'Sanna Sijainen' },
    ]);
    deps = {
      store: db.store,
      clock: db.clock,
      logger: silentLogger,
      locale: 'fi',
      timeZone: 'Europe/Helsinki',
      teamId: 'team',
      isInGroup: async () => false,
    };
  });
  afterAll(() => db?.close());

  it('gives a manual addition the configured end date, shown in the members view', async () => {
    const svc = createMembersService(db.store, db.clock, { timeZone: 'Europe/Helsinki', manualAccessDays: 30 });
    const account = (await db.store.accounts.get('A'))!;
    const { override } = await svc.setOverride(account, { kind: 'add', email: SUB, reason: 'lomasijainen' }, OWNER);
    expect(override.expiresOn).toBe('2026-07-01');
    expect((await svc.view(account, true)).overrides.map((o) => [o.email, o.expiresOn])).toEqual([[SUB, '2026-07-01']]);
    expect((await db.store.audit.listForAccount('A')).find((a) => a.action === 'override-added')?.detail).toMatchObject({
      expiresOn: '2026-07-01',
    });
  });

  it('reminds the owner once, days before the end', async () => {
    db.clock.set(new Date(Date.parse('2026-06-20T06:00:00Z')));
    expect(await runManualAccessJob(deps, { daysBefore: 7 })).toEqual({ reminded: 0, expired: 0 });
    db.clock.advance(5 * DAY); // 25.6.: the end (1.7.) is within 7 days
    expect(await runManualAccessJob(deps, { daysBefore: 7 })).toEqual({ reminded: 1, expired: 0 });
    expect(await runManualAccessJob(deps, { daysBefore: 7 })).toEqual({ reminded: 0, expired: 0 });
    const notes = await db.store.outbox.list({ kind: 'access-note' });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      customerId: 'A',
      target: { userId: 'oid-owner', email: OWNER },
      payload: { kind: 'expiry', person: 'Sanna Sijainen', account: 'Ääninen Oy', date: '2026-07-01' },
    });
    const text = JSON.stringify(accessNoteCard(notes[0]!.payload as never, 'fi'));
    expect(text).toContain('Sanna Sijainen');
    expect(text).toContain('päättyy 1.7.2026');
  });

  it('keeps the access through its last day and drops it after (audited)', async () => {
    db.clock.set('2026-07-01T20:00:00Z'); // 1.7. 23:00 in Helsinki: still the last day
    expect((await runManualAccessJob(deps, { daysBefore: 7 })).expired).toBe(0);
    db.clock.set('2026-07-01T21:30:00Z'); // 2.7. in Helsinki
    expect((await runManualAccessJob(deps, { daysBefore: 7 })).expired).toBe(1);
    expect(await db.store.overrides.listForAccount('A')).toEqual([]);
    const audit = (await db.store.audit.listForAccount('A')).find((a) => a.action === 'override-expired');
    expect(audit).toMatchObject({ email: SUB, detail: { expiresOn: '2026-07-01', setBy: OWNER } });
  });
});
