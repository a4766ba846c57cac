import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('sync runs and audit entries on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(async () => t.close());

  it('records a run from start to finish with its audit trail in order', async () => {
    const { syncRuns, audit } = t.store;
    const run = await syncRuns.start({ trigger: 'cli', source: 'samples/billing/supervisors.csv' });
    expect(run).toMatchObject({ status: 'running', finishedAt: null, startedAt: '2026-11-23T06:00:00.000Z' });

    await audit.append(run.id, [
      { action: 'channel.created', customerId: 'C1', detail: { channelId: 'ch-1' } },
      { action: 'member.added', customerId: 'C1', email: 'a@x.example', reason: 'supervisor of site 5000008' },
      { action: 'member.removed', customerId: 'C1', email: 'b@x.example', reason: 'no longer supervisor of any site' },
    ]);
    t.clock.advance(5_000);
    await syncRuns.finish(run.id, {
      status: 'done',
      rowsTotal: 120,
      rowsValid: 118,
      rowsRejected: 2,
      summary: { membersAdded: 1, membersRemoved: 1 },
    });

    expect(await syncRuns.get(run.id)).toMatchObject({
      status: 'done',
      finishedAt: '2026-11-23T06:00:05.000Z',
      rowsTotal: 120,
      rowsValid: 118,
      rowsRejected: 2,
      summary: { membersAdded: 1, membersRemoved: 1 },
    });
    expect((await audit.listForRun(run.id)).map((e) => e.action)).toEqual(['channel.created', 'member.added', 'member.removed']);
    const forAccount = await audit.listForAccount('C1');
    expect(forAccount.map((e) => e.action)).toEqual(['member.removed', 'member.added', 'channel.created']);
    expect(forAccount[2]).toMatchObject({ runId: run.id, detail: { channelId: 'ch-1' } });
    expect(await audit.listForAccount('other')).toEqual([]);
  });

  it('lists recent runs newest first and finds the last accepted import', async () => {
    const { syncRuns, audit } = t.store;
    t.clock.set('2026-11-23T12:00:00Z');
    const done = await syncRuns.start({ trigger: 'nightly' });
    await syncRuns.finish(done.id, { status: 'done', rowsTotal: 1000 });
    t.clock.set('2026-11-24T01:00:00Z');
    const held = await syncRuns.start({ trigger: 'nightly' });
    await syncRuns.finish(held.id, { status: 'held', rowsTotal: 200 });
    t.clock.set('2026-11-25T01:00:00Z');
    const rejected = await syncRuns.start({ trigger: 'nightly' });
    await syncRuns.finish(rejected.id, { status: 'rejected', rowsTotal: 0 });
    await audit.append(rejected.id, [{ action: 'member.added', customerId: 'C2', email: 'c@x.example' }]);

    const recent = await syncRuns.listRecent(2);
    expect(recent.map((r) => r.id)).toEqual([rejected.id, held.id]);
    // A held run is never the baseline: the same truncated export must be held again the next night.
    expect((await syncRuns.lastAccepted())?.id).toBe(done.id);
    expect((await audit.listSince('2026-11-24T12:00:00.000Z', { actions: ['member.added'] })).map((e) => e.email)).toEqual(['c@x.example']);
  });

  it('closes runs abandoned by a crashed process', async () => {
    const { syncRuns } = t.store;
    t.clock.set('2026-11-26T01:00:00Z');
    const stuck = await syncRuns.start({ trigger: 'nightly' });
    t.clock.set('2026-11-26T03:00:00Z');
    const live = await syncRuns.start({ trigger: 'cli' });
    expect(await syncRuns.closeAbandoned(live.id)).toEqual([stuck.id]);
    expect((await syncRuns.get(stuck.id))?.status).toBe('interrupted');
    expect((await syncRuns.get(live.id))?.status).toBe('running');
  });

  it('tells whether an action was ever recorded, for one account or for none', async () => {
    const { audit } = t.store;
    await audit.append(null, [{ action: 'test.marker', customerId: 'M1' }, { action: 'test.global' }]);
    expect(await audit.has('test.marker', 'M1')).toBe(true);
    expect(await audit.has('test.marker', 'M2')).toBe(false);
    expect(await audit.has('test.marker', null)).toBe(false);
    expect(await audit.has('test.global', null)).toBe(true);
    expect(await audit.has('test.marker')).toBe(true);
    expect(await audit.has('test.never')).toBe(false);
  });
});
