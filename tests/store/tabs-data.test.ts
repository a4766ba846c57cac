import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('annual clock, quality card and table of contents on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
    await t.store.accounts.upsertMany([
      { customerId: 'K1', name: 'Öljy Oy', isNational: true },
      { customerId: 'K2', name: 'Åland Ab', isNational: true },
      { customerId: 'K3', name: 'Zeta Oy', isNational: true },
      { customerId: 'K4', name: 'Aalto Oy', isNational: true },
    ]);
  });
  afterAll(async () => t.close());

  it('lists accounts in Finnish alphabetical order on every engine', async () => {
    expect((await t.store.accounts.list()).map((a) => a.name)).toEqual(['Aalto Oy', 'Zeta Oy', 'Åland Ab', 'Öljy Oy']);
  });

  it('keeps clock events with their recurrence and per-occurrence completions', async () => {
    const { annualClock } = t.store;
    const [visit, meeting] = await annualClock.createMany([
      {
        customerId: 'K1',
        title: 'Laatukäynti',
        ring: 'supervisors',
        startsOn: '2026-01-15',
        recurrence: { freq: 'monthly', byMonthDay: 15 },
        ownerEmail: 'sup@x.example',
        reminderDays: 3,
      },
      { customerId: 'K1', title: 'Asiakaspalaveri', ring: 'customer', startsOn: '2026-03-01' },
    ]);
    await annualClock.createMany([{ customerId: 'K2', title: 'Muu', ring: 'management', startsOn: '2026-02-01' }]);
    expect((await annualClock.listForAccounts(['K1'])).map((e) => [e.title, e.recurrence])).toEqual([
      ['Laatukäynti', { freq: 'monthly', byMonthDay: 15 }],
      ['Asiakaspalaveri', null],
    ]);
    expect(await annualClock.update(meeting!.id, { title: 'Vuosipalaveri', recurrence: { freq: 'yearly' } })).toBe(true);
    expect(await annualClock.get(meeting!.id)).toMatchObject({ title: 'Vuosipalaveri', recurrence: { freq: 'yearly' }, ring: 'customer' });

    await annualClock.complete(visit!.id, '2026-01-15', 'sup@x.example');
    await annualClock.complete(visit!.id, '2026-01-15', 'someone-else@x.example');
    await annualClock.complete(visit!.id, '2026-02-15', 'sup@x.example');
    expect((await annualClock.listCompletions('K1')).map((c) => [c.occurrence, c.doneBy])).toEqual([
      ['2026-01-15', 'sup@x.example'],
      ['2026-02-15', 'sup@x.example'],
    ]);
    expect(await annualClock.uncomplete(visit!.id, '2026-02-15')).toBe(true);
    expect(await annualClock.remove(visit!.id)).toBe(true);
    expect(await annualClock.listCompletions('K1')).toEqual([]);
    expect((await annualClock.listForAccounts(['K1', 'K2'])).map((e) => e.title)).toEqual(['Muu', 'Vuosipalaveri']);
  });

  it('stores quality-card summaries and KPI history per month', async () => {
    const { qualityCard } = t.store;
    await qualityCard.saveSummary('K1', '2026-10', 'Hyvä kuukausi', 'kad@x.example');
    await qualityCard.saveSummary('K1', '2026-10', 'Erinomainen kuukausi', 'kad@x.example');
    expect((await qualityCard.getSummary('K1', '2026-10'))?.summary).toBe('Erinomainen kuukausi');

    await qualityCard.saveKpis('K1', '2026-09', [{ kpiKey: 'nps', value: 41, target: 50, light: 'yellow' }], 'kad@x.example');
    await qualityCard.saveKpis(
      'K1',
      '2026-10',
      [
        { kpiKey: 'nps', value: 55.5, target: 50, light: 'green' },
        { kpiKey: 'complaints', value: 4, target: 1, light: 'red', comment: 'siivous' },
      ],
      'kad@x.example',
    );
    await qualityCard.saveKpis('K1', '2026-10', [{ kpiKey: 'complaints', value: 3, target: 1, light: 'red' }], 'import', 'crm.csv');
    await qualityCard.saveKpis('K2', '2026-10', [{ kpiKey: 'nps', value: 10, light: 'red' }], 'kad@x.example');

    expect((await qualityCard.listKpis('K1')).map((k) => [k.period, k.kpiKey, k.value, k.light])).toEqual([
      ['2026-09', 'nps', 41, 'yellow'],
      ['2026-10', 'complaints', 3, 'red'],
      ['2026-10', 'nps', 55.5, 'green'],
    ]);
    expect((await qualityCard.listKpis('K1', { from: '2026-10' })).find((k) => k.kpiKey === 'complaints')).toMatchObject({
      source: 'crm.csv',
      updatedBy: 'import',
      comment: null,
    });
    expect((await qualityCard.listKpisForPeriods(['2026-10'])).map((k) => `${k.customerId}/${k.kpiKey}`)).toEqual([
      'K1/complaints',
      'K1/nps',
      'K2/nps',
    ]);
    await expect(qualityCard.saveKpis('K1', '2026-11', [{ kpiKey: 'nps', light: 'purple' as never }], 'x')).rejects.toHaveProperty(
      'message',
      expect.stringMatching(/check constraint/i),
    );
  });

  it('keeps the TOC template, per-account overrides and the contracts register', async () => {
    const { tableOfContents: toc } = t.store;
    const a = await toc.saveItem(
      { section: 'Sopimus', title: 'Sopimukset', linkKind: 'folder', linkTarget: 'Sopimukset', sortOrder: 1 },
      'admin',
    );
    const b = await toc.saveItem({ section: 'Sopimus', title: 'Hinnasto', sortOrder: 0 }, 'admin');
    await toc.saveItem({ section: 'Aloitus', title: 'Yhteystiedot' }, 'admin');
    await toc.saveItem({ ...a, title: 'Sopimukset ja liitteet' }, 'admin2');
    expect((await toc.listItems()).map((i) => `${i.section}/${i.title}`)).toEqual([
      'Aloitus/Yhteystiedot',
      'Sopimus/Hinnasto',
      'Sopimus/Sopimukset ja liitteet',
    ]);

    const hide = await toc.saveOverride('K1', { kind: 'hide', itemId: b.id }, 'owner');
    const rename = await toc.saveOverride('K1', { kind: 'rename', itemId: b.id, title: 'Hinnat 2026' }, 'owner');
    expect(rename.id).toBe(hide.id);
    t.clock.advance(1_000);
    const add = await toc.saveOverride(
      'K1',
      { kind: 'add', section: 'Aloitus', title: 'Oma linkki', linkKind: 'url', linkTarget: 'https://x.example' },
      'owner',
    );
    expect((await toc.listOverrides('K1')).map((o) => [o.kind, o.title])).toEqual([
      ['rename', 'Hinnat 2026'],
      ['add', 'Oma linkki'],
    ]);
    expect(await toc.removeOverride('K2', add.id)).toBe(false);
    expect(await toc.removeOverride('K1', add.id)).toBe(true);
    expect(await toc.listOverrides('K2')).toEqual([]);

    await toc.saveContract('K1', { title: 'Puitesopimus 2019', validFrom: '2019-01-01', validTo: '2022-12-31' }, 'owner');
    const current = await toc.saveContract(
      'K1',
      { title: 'Puitesopimus 2023', validFrom: '2023-01-01', link: 'https://sp.example/c.pdf' },
      'owner',
    );
    await toc.saveContract('K1', { title: 'Liite ilman päivää' }, 'owner');
    await toc.saveContract('K1', { ...current, validTo: '2027-12-31' }, 'owner');
    expect((await toc.listContracts('K1')).map((c) => [c.title, c.validTo])).toEqual([
      ['Puitesopimus 2023', '2027-12-31'],
      ['Puitesopimus 2019', '2022-12-31'],
      ['Liite ilman päivää', null],
    ]);
    expect(await toc.removeContract('K2', current.id)).toBe(false);
    expect(await toc.removeItem(b.id)).toBe(true);
    expect(await toc.listOverrides('K1')).toEqual([]);
  });
});
