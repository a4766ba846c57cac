import { createStore } from '../../src/store';
import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('conversation refs, notices, message refs and acknowledgements on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
    await t.store.accounts.upsertMany([
      { customerId: 'C1', name: 'C1', isNational: true },
      { customerId: 'C2', name: 'C2', isNational: true },
    ]);
  });
  afterAll(async () => t.close());

  it('upserts conversation references captured from conversationUpdate', async () => {
    const { conversationRefs } = t.store;
    await conversationRefs.upsert({
      conversationId: '19:team@thread',
      kind: 'team',
      teamId: 'team-1',
      serviceUrl: 'https://smba.example/teams/',
      reference: { bot: { id: 'b1' }, v: 1 },
    });
    await conversationRefs.upsert({
      conversationId: 'a:personal-1',
      kind: 'personal',
      userId: 'oid-7',
      serviceUrl: 'https://smba.example/teams/',
      reference: { v: 1 },
    });
    t.clock.advance(1_000);
    await conversationRefs.upsert({
      conversationId: '19:team@thread',
      kind: 'team',
      teamId: 'team-1',
      serviceUrl: 'https://smba.example/emea/',
      reference: { bot: { id: 'b1' }, v: 2 },
    });

    expect(await conversationRefs.get('19:team@thread')).toMatchObject({
      serviceUrl: 'https://smba.example/emea/',
      reference: { bot: { id: 'b1' }, v: 2 },
      updatedAt: t.clock.now().toISOString(),
    });
    expect((await conversationRefs.findTeam('team-1'))?.conversationId).toBe('19:team@thread');
    expect((await conversationRefs.findPersonal('oid-7'))?.conversationId).toBe('a:personal-1');
    expect(await conversationRefs.findPersonal('oid-unknown')).toBeUndefined();
    await conversationRefs.remove('a:personal-1');
    expect(await conversationRefs.get('a:personal-1')).toBeUndefined();
  });

  it('edits and withdraws notices and lists the active ones per account', async () => {
    const { notices } = t.store;
    const one = await notices.create({ authorId: 'oid-author', title: 'Vesikatko', body: 'Huomenna', targets: { accounts: ['C1'] } });
    const all = await notices.create({
      authorId: 'oid-author',
      title: 'Kaikille',
      body: 'Tiedote',
      targets: { all: true },
      mention: { mode: 'roles', roles: ['manager'] },
    });
    expect(one).toMatchObject({ state: 'active', mention: { mode: 'supervisors' } });
    expect((await notices.listActive('C2')).map((n) => n.id)).toEqual([all.id]);
    expect((await notices.listActive('C1')).map((n) => n.id).sort()).toEqual([one.id, all.id].sort());

    expect(await notices.edit(one.id, { body: 'Huomenna klo 9' })).toBe(true);
    expect(await notices.get(one.id)).toMatchObject({ title: 'Vesikatko', body: 'Huomenna klo 9', editedAt: t.clock.now().toISOString() });
    expect(await notices.withdraw(one.id)).toBe(true);
    expect(await notices.withdraw(one.id)).toBe(false);
    expect(await notices.edit(one.id, { body: 'too late' })).toBe(false);
    expect((await notices.listActive('C1')).map((n) => n.id)).toEqual([all.id]);
  });

  it('remembers where each card was posted', async () => {
    const { notices, messageRefs } = t.store;
    const n = await notices.create({ authorId: 'a', title: 't', body: 'b', targets: { all: true } });
    await messageRefs.record({
      kind: 'notice',
      refId: n.id,
      customerId: 'C1',
      conversationId: 'ch-1;messageid=1',
      activityId: 'act-1',
      serviceUrl: 'https://smba.example/',
    });
    await messageRefs.record({
      kind: 'notice',
      refId: n.id,
      customerId: 'C2',
      conversationId: 'ch-2;messageid=2',
      activityId: 'act-2',
      serviceUrl: 'https://smba.example/',
    });
    // Re-recording after a retry replaces the activity id instead of adding a copy.
    await messageRefs.record({
      kind: 'notice',
      refId: n.id,
      customerId: 'C2',
      conversationId: 'ch-2;messageid=2',
      activityId: 'act-2b',
      serviceUrl: 'https://smba.example/',
    });
    expect((await messageRefs.listFor('notice', n.id)).map((r) => [r.customerId, r.activityId])).toEqual([
      ['C1', 'act-1'],
      ['C2', 'act-2b'],
    ]);
    expect((await messageRefs.findByActivity('ch-2;messageid=2', 'act-2b'))?.refId).toBe(n.id);
    expect(await messageRefs.remove('notice', n.id, 'ch-1;messageid=1')).toBe(true);
    expect(await messageRefs.listFor('notice', n.id)).toHaveLength(1);
  });

  it('stores one acknowledgement per notice and user, even for racing button presses', async () => {
    const { notices, acknowledgements } = t.store;
    const n = await notices.create({ authorId: 'a', title: 't', body: 'b', targets: { accounts: ['C1'] } });
    const other = createStore((await t.openAnother()).db, t.clock);
    const presses = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        (i % 2 ? other : t.store).acknowledgements.record({ noticeId: n.id, userId: 'oid-1', kind: 'ack', customerId: 'C1' }),
      ),
    );
    expect(presses.filter((p) => p.created)).toHaveLength(1);

    await acknowledgements.record({ noticeId: n.id, userId: 'oid-2', kind: 'looking' });
    await acknowledgements.record({ noticeId: n.id, userId: 'oid-3', kind: 'ok' });
    // "looking into it" then Acknowledge: upgraded; Acknowledge then "OK": stays acknowledged.
    expect(await acknowledgements.record({ noticeId: n.id, userId: 'oid-2', kind: 'ack' })).toEqual({ created: false });
    await acknowledgements.record({ noticeId: n.id, userId: 'oid-1', kind: 'ok' });

    expect(await acknowledgements.countsForNotice(n.id)).toEqual({ ack: 2, ok: 1, looking: 0 });
    expect((await acknowledgements.listForNotice(n.id)).map((a) => [a.userId, a.kind]).sort()).toEqual([
      ['oid-1', 'ack'],
      ['oid-2', 'ack'],
      ['oid-3', 'ok'],
    ]);
    expect(await acknowledgements.get(n.id, 'oid-9')).toBeUndefined();
  });

  it('keeps weekly status fields per account and ISO week, and feedback', async () => {
    const { weeklyStatus, feedback } = t.store;
    const fields = { stage: 'Käyttöönotto', targetSchedule: 'Q1', milestoneDate: '2026-12-15', nextWeek: 'Auditointi', needsFromYou: null };
    await weeklyStatus.save('C1', '2026-W47', fields, 'owner@x.example');
    await weeklyStatus.save('C1', '2026-W48', { ...fields, nextWeek: 'Kokous' }, 'owner@x.example');
    await weeklyStatus.save('C1', '2026-W48', { ...fields, nextWeek: 'Kokous siirtyy' }, 'owner2@x.example');
    expect(await weeklyStatus.get('C1', '2026-W48')).toMatchObject({ nextWeek: 'Kokous siirtyy', updatedBy: 'owner2@x.example' });
    expect((await weeklyStatus.latestBefore('C1', '2026-W49'))?.isoWeek).toBe('2026-W48');
    expect((await weeklyStatus.latestBefore('C1', '2026-W48'))?.nextWeek).toBe('Auditointi');
    expect(await weeklyStatus.latestBefore('C2', '2026-W48')).toBeUndefined();

    await feedback.add({ customerId: 'C1', userId: 'oid-1', text: 'Kiitos!' });
    expect((await feedback.listForAccount('C1')).map((f) => f.text)).toEqual(['Kiitos!']);
  });
});
