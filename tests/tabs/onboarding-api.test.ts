import { engines } from '../store/engines';
import { DIRECTOR, OUTSIDER, OWNER_A, OWNER_B, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

describe.each(engines)('onboarding API on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
    const s = h.db.store;
    await s.desiredMemberships.replaceForAccount('A', [
      { email: OWNER_A, role: 'owner', reasons: [{ kind: 'key_account_director' }] },
      { email: SUPERVISOR_A, role: 'member', reasons: [{ kind: 'site', siteId: 'A1', siteName: 'Kohde', role: 'supervisor', line: 2 }] },
    ]);
    await s.tableOfContents.saveItem({ id: 'rules', section: 'Asiakas', title: 'Asiakkaan säännöt' }, 'admin');
    await s.tableOfContents.saveItem({ id: 'keys', section: 'Asiakas', title: 'Avaimet' }, 'admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  const put = (as: string, item: string, roles: unknown, account = 'A') =>
    h.call('PUT', `/api/v1/accounts/${account}/onboarding/must-read/${item}`, { as, body: { roles } });

  it('only the owner marks items must-read, for known roles, on items of the account', async () => {
    expect((await put(SUPERVISOR_A, 'rules', ['supervisor'])).status).toBe(403);
    expect((await put(OWNER_B, 'rules', ['supervisor'])).status).toBe(403);
    expect((await put(DIRECTOR, 'rules', ['supervisor'])).status).toBe(403);
    expect((await put(OWNER_A, 'rules', ['janitor'])).status).toBe(400);
    expect((await put(OWNER_A, 'no-such-item', ['supervisor'])).status).toBe(404);
    expect(await h.db.store.onboarding.listMustRead(['A'])).toEqual([]);

    const r = await put(OWNER_A, 'rules', ['supervisor', 'everyone']);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ itemId: 'rules', roles: ['everyone', 'supervisor'], version: 1 });
  });

  it('owners, directors and admins see who has completed; members and outsiders do not', async () => {
    for (const as of [SUPERVISOR_A, OUTSIDER, OWNER_B])
      expect((await h.call('GET', '/api/v1/accounts/A/onboarding', { as })).status).toBe(403);
    const d = await h.call('GET', '/api/v1/accounts/A/onboarding', { as: DIRECTOR });
    expect(d.status).toBe(200);
    expect(d.body.canWrite).toBe(false);
    const o = await h.call('GET', '/api/v1/accounts/A/onboarding', { as: OWNER_A });
    expect(o.body.canWrite).toBe(true);
    expect(o.body.mustRead).toEqual([
      { itemId: 'rules', title: 'Asiakkaan säännöt', section: 'Asiakas', roles: ['everyone', 'supervisor'], version: 1 },
    ]);
    expect(o.body.members.map((m: any) => [m.email, m.required, m.done, m.complete])).toEqual([
      [OWNER_A, 1, 0, false],
      [SUPERVISOR_A, 1, 0, false],
    ]);
    expect(o.body.members[0]).not.toHaveProperty('userId');
  });

  it('a re-read request raises the version and asks each member it concerns, once per version', async () => {
    expect((await h.call('POST', '/api/v1/accounts/A/onboarding/must-read/keys/reread', { as: OWNER_A, body: {} })).status).toBe(400);
    expect((await h.call('POST', '/api/v1/accounts/A/onboarding/must-read/rules/reread', { as: SUPERVISOR_A, body: {} })).status).toBe(403);
    const r = await h.call('POST', '/api/v1/accounts/A/onboarding/must-read/rules/reread', { as: OWNER_A, body: {} });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ asked: 2 });
    expect((await h.db.store.onboarding.listMustRead(['A']))[0]!.version).toBe(2);
    const queued = (await h.db.store.outbox.list({ kind: 'onboarding-reread' })).map((i) => i.idempotencyKey).sort();
    expect(queued).toHaveLength(2);
    expect(queued[0]).toMatch(/^onboarding-reread:A:rules:v2:/);
    // Clearing the roles takes the item off the list.
    expect((await put(OWNER_A, 'rules', [])).body).toEqual({ itemId: 'rules', roles: [], version: null });
    expect(await h.db.store.onboarding.listMustRead(['A'])).toEqual([]);
  });
});
