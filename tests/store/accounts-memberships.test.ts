import { engines, openTestDb, type TestDb } from './engines';

describe.each(engines)('accounts, sites, people, memberships and overrides on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(async () => t.close());

  it('upserts accounts from billing without losing the channel mapping', async () => {
    const { accounts } = t.store;
    await accounts.upsertMany([
      {
        customerId: 'A1',
        name: 'Etelä Koulut Oyj',
        isNational: true,
        contractStart: '2015-04-01',
        monthlyBilling: 41566.77,
        ownerEmail: 'kad@x.example',
      },
      { customerId: 'A2', name: 'Itä Kiinteistöt Ky', isNational: false },
    ]);
    await accounts.setChannel('A1', { channelId: '19:abc@thread.tacv2', channelName: 'Etelä Koulut Oyj' });
    t.clock.advance(60_000);
    await accounts.upsertMany([
      { customerId: 'A1', name: 'Etelä Koulut Oyj (uusi)', isNational: true, monthlyBilling: 100.5, ownerEmail: 'kad2@x.example' },
    ]);

    const a1 = await accounts.get('A1');
    expect(a1).toMatchObject({
      name: 'Etelä Koulut Oyj (uusi)',
      isNational: true,
      monthlyBilling: 100.5,
      ownerEmail: 'kad2@x.example',
      channelId: '19:abc@thread.tacv2',
      channelState: 'active',
      createdAt: '2026-11-23T06:00:00.000Z',
      updatedAt: '2026-11-23T06:01:00.000Z',
    });
    expect((await accounts.getByChannelId('19:abc@thread.tacv2'))?.customerId).toBe('A1');
    expect((await accounts.list({ nationalOnly: true })).map((a) => a.customerId)).toEqual(['A1']);
    expect((await accounts.list()).map((a) => a.customerId)).toEqual(['A1', 'A2']);
  });

  it('tracks missing accounts, archives and revives them', async () => {
    const { accounts } = t.store;
    await accounts.upsertMany([{ customerId: 'M1', name: 'Missing Oy', isNational: true }]);
    await accounts.setChannel('M1', { channelId: 'ch-m1', channelName: 'Missing Oy' });
    await accounts.markMissing(['M1']);
    const since = (await accounts.get('M1'))?.missingSince;
    t.clock.advance(86_400_000);
    await accounts.markMissing(['M1']);
    expect((await accounts.get('M1'))?.missingSince).toBe(since);

    await accounts.archive('M1', 'ARKISTO Missing Oy');
    expect(await accounts.get('M1')).toMatchObject({
      channelState: 'archived',
      channelName: 'ARKISTO Missing Oy',
      archivedAt: t.clock.now().toISOString(),
    });
    expect((await accounts.list({ channelState: 'archived' })).map((a) => a.customerId)).toEqual(['M1']);

    await accounts.revive('M1', 'Missing Oy');
    expect(await accounts.get('M1')).toMatchObject({
      channelState: 'active',
      archivedAt: null,
      missingSince: null,
      channelName: 'Missing Oy',
      channelId: 'ch-m1',
    });
  });

  it("replaces an account's sites, normalising emails, and moves a site between accounts", async () => {
    const { accounts, sites } = t.store;
    await accounts.upsertMany([
      { customerId: 'S1', name: 'Site One', isNational: true },
      { customerId: 'S2', name: 'Site Two', isNational: true },
    ]);
    await sites.replaceForAccount('S1', [
      {
        siteId: 'site-1',
        name: 'Mikkeli 1',
        city: 'Mikkeli',
        supervisorEmail: ' Henna.Lahtinen@X.example ',
        roleEmails: { regionalDirector: 'Anu@X.example' },
      },
      { siteId: 'site-2', name: 'Kuopio 2' },
    ]);
    expect(await sites.listForAccount('S1')).toEqual([
      expect.objectContaining({
        siteId: 'site-1',
        customerId: 'S1',
        supervisorEmail: 'henna.lahtinen@x.example',
        roleEmails: { regionalDirector: 'anu@x.example' },
        city: 'Mikkeli',
      }),
      expect.objectContaining({ siteId: 'site-2', supervisorEmail: null, roleEmails: {} }),
    ]);
    await sites.replaceForAccount('S1', [{ siteId: 'site-1', name: 'Mikkeli 1' }]);
    await sites.replaceForAccount('S2', [{ siteId: 'site-1', name: 'Mikkeli 1 moved' }]);
    expect(await sites.listForAccount('S1')).toEqual([]);
    expect((await sites.listForAccount('S2')).map((s) => s.name)).toEqual(['Mikkeli 1 moved']);
  });

  it('caches people, including ones Graph does not know', async () => {
    const { people } = t.store;
    await people.saveResolutions([
      { email: 'Known@X.example', displayName: 'Known Person', objectId: 'oid-1' },
      { email: 'ghost@x.example', objectId: null },
    ]);
    const many = await people.getMany(['known@x.example', 'GHOST@x.example', 'never@x.example']);
    expect([...many.keys()].sort()).toEqual(['ghost@x.example', 'known@x.example']);
    expect(many.get('known@x.example')).toMatchObject({ objectId: 'oid-1', unknown: false, resolvedAt: t.clock.now().toISOString() });
    expect((await people.listUnknown()).map((p) => p.email)).toEqual(['ghost@x.example']);
    // The person later appears in Entra: the cache follows and the display name is kept.
    await people.saveResolutions([
      { email: 'known@x.example', objectId: 'oid-1' },
      { email: 'ghost@x.example', objectId: 'oid-2', displayName: 'Ghost' },
    ]);
    expect(await people.get('known@x.example')).toMatchObject({ displayName: 'Known Person' });
    expect((await people.getByObjectId('oid-2'))?.email).toBe('ghost@x.example');
    expect(await people.listUnknown()).toEqual([]);
  });

  it('replaces desired and actual memberships per account and keeps the reasons', async () => {
    const { accounts, desiredMemberships: desired, actualMemberships: actual } = t.store;
    await accounts.upsertMany([
      { customerId: 'D1', name: 'D1', isNational: true },
      { customerId: 'D2', name: 'D2', isNational: true },
    ]);
    await desired.replaceForAccount('D1', [
      { email: 'Owner@x.example', role: 'owner', reasons: [{ kind: 'key_account_director', line: 2 }] },
      {
        email: 'sup@x.example',
        role: 'member',
        reasons: [
          { kind: 'site', siteId: 'site-9', siteName: 'Nine', role: 'supervisor', line: 3 },
          { kind: 'site', siteId: 'site-10', siteName: 'Ten', role: 'supervisor', line: 4 },
        ],
      },
    ]);
    await desired.replaceForAccount('D2', [{ email: 'sup@x.example', role: 'member', reasons: [{ kind: 'override' }] }]);
    await desired.replaceForAccount('D1', [
      { email: 'owner@x.example', role: 'owner', reasons: [{ kind: 'key_account_director', line: 2 }] },
      {
        email: 'sup@x.example',
        role: 'member',
        reasons: [{ kind: 'site', siteId: 'site-9', siteName: 'Nine', role: 'supervisor', line: 3 }],
      },
    ]);

    expect((await desired.listForAccount('D1')).map((m) => [m.email, m.role])).toEqual([
      ['owner@x.example', 'owner'],
      ['sup@x.example', 'member'],
    ]);
    const why = await desired.listForEmail('SUP@x.example');
    expect(why.map((m) => [m.customerId, m.reasons])).toEqual([
      ['D1', [{ kind: 'site', siteId: 'site-9', siteName: 'Nine', role: 'supervisor', line: 3 }]],
      ['D2', [{ kind: 'override' }]],
    ]);

    await actual.replaceForAccount('D1', 'ch-d1', [
      { userId: 'u1', email: 'Owner@x.example', membershipId: 'm1', roles: ['owner'] },
      { userId: 'u2', email: 'handadded@x.example', membershipId: 'm2', roles: [] },
    ]);
    await actual.remove('D1', 'u2');
    await actual.upsert('D1', 'ch-d1', { userId: 'u3', email: 'sup@x.example', membershipId: 'm3', roles: [] });
    expect((await actual.listForAccount('D1')).map((m) => [m.userId, m.email, m.membershipId, m.roles])).toEqual([
      ['u1', 'owner@x.example', 'm1', ['owner']],
      ['u3', 'sup@x.example', 'm3', []],
    ]);
    expect(await actual.remove('D1', 'u2')).toBe(false);
  });

  it('keeps one manual override per account and person', async () => {
    const { accounts, overrides } = t.store;
    await accounts.upsertMany([{ customerId: 'O1', name: 'O1', isNational: true }]);
    await overrides.set({ customerId: 'O1', email: 'Extra@x.example', kind: 'add', setBy: 'owner@x.example', reason: 'project lead' });
    await overrides.set({ customerId: 'O1', email: 'leaver@x.example', kind: 'exclude', setBy: 'owner@x.example' });
    const again = await overrides.set({
      customerId: 'O1',
      email: 'extra@x.example',
      kind: 'exclude',
      setBy: 'owner2@x.example',
      reason: 'left project',
    });
    expect(again).toMatchObject({ email: 'extra@x.example', kind: 'exclude', setBy: 'owner2@x.example', reason: 'left project' });
    expect((await overrides.listForAccount('O1')).map((o) => [o.email, o.kind])).toEqual([
      ['extra@x.example', 'exclude'],
      ['leaver@x.example', 'exclude'],
    ]);
    expect(await overrides.remove('O1', 'EXTRA@x.example')).toBe(true);
    expect(await overrides.remove('O1', 'extra@x.example')).toBe(false);
    expect((await overrides.listAll()).map((o) => o.email)).toEqual(['leaver@x.example']);
  });

  it('rolls back every repository write inside a failed transaction', async () => {
    await expect(
      t.store.transaction(async (s) => {
        await s.accounts.upsertMany([{ customerId: 'TX1', name: 'Tx', isNational: true }]);
        await s.sites.replaceForAccount('TX1', [{ siteId: 'tx-site', name: 'Tx site' }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await t.store.accounts.get('TX1')).toBeUndefined();
    expect(await t.store.sites.listForAccount('TX1')).toEqual([]);
  });

  it('answers the authorisation look-ups: owned account ids, one role, visible account ids', async () => {
    const { accounts, desiredMemberships } = t.store;
    await accounts.upsertMany([
      { customerId: 'O1', name: 'Omistettu Oy', isNational: true, ownerEmail: 'Owner.Person@X.example' },
      { customerId: 'O2', name: 'Toinen Oy', isNational: true, ownerEmail: 'someone@x.example' },
    ]);
    await desiredMemberships.replaceForAccount('O2', [{ email: 'owner.person@x.example', role: 'member', reasons: [] }]);

    expect(await accounts.idsOwnedBy('OWNER.person@x.example')).toEqual(['O1']);
    expect(await accounts.idsOwnedBy('nobody@x.example')).toEqual([]);
    expect(await desiredMemberships.roleOf('O2', 'Owner.Person@x.example')).toBe('member');
    expect(await desiredMemberships.roleOf('O1', 'owner.person@x.example')).toBeUndefined();
    expect(await desiredMemberships.customerIdsFor('owner.person@x.example')).toEqual(['O2']);
  });
});
