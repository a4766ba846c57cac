import { engines } from '../store/engines';
import { DIRECTOR, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

const ADMIN = 'ulla.ulkopuolinen@yritysx.example';

describe.each(engines)('TOC template API on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine, { admins: [ADMIN] });
  });
  afterAll(async () => {
    await h?.close();
  });

  const item = { section: 'Perehdytys', title: 'Perehdytyssuunnitelma', linkKind: 'url', linkTarget: 'https://intra.yritysx.example/perehdytys', sortOrder: 1000 };

  it('lets only admins change the template: owners, directors and supervisors get 403', async () => {
    for (const who of [OWNER_A, DIRECTOR, SUPERVISOR_A]) {
      const r = await h.call('PUT', '/api/v1/toc/template', { as: who, body: item });
      expect([who, r.status, r.body.error.code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    expect(await h.db.store.tableOfContents.listItems()).toEqual([]);
    expect((await h.call('GET', '/api/v1/accounts/A/toc', { as: OWNER_A })).body.canEditTemplate).toBe(false);
    expect((await h.call('GET', '/api/v1/accounts/A/toc', { as: ADMIN })).body.canEditTemplate).toBe(true);
  });

  it.each([
    ['an empty title', { ...item, title: ' ' }, 'title'],
    ['a URL link that is not https', { ...item, linkTarget: 'http://intra.yritysx.example' }, 'linkTarget'],
    ['a folder link that is neither a path nor https', { ...item, linkKind: 'folder', linkTarget: 'Sopimukset' }, 'linkTarget'],
    ['a link target without a kind', { ...item, linkKind: null }, 'linkKind'],
    ['a link kind without a target', { ...item, linkTarget: null }, 'linkTarget'],
    ['an unknown link kind', { ...item, linkKind: 'planner' }, 'linkKind'],
  ])('refuses %s with 400 naming the field', async (_n, body, field) => {
    const r = await h.call('PUT', '/api/v1/toc/template', { as: ADMIN, body });
    expect([r.status, r.body.error.code]).toEqual([400, 'BAD_INPUT']);
    expect(r.body.error.messageFi).toContain(field);
  });

  it('an admin adds an item every account inherits, keeps the section order, and deletes it', async () => {
    const saved = (await h.call('PUT', '/api/v1/toc/template', { as: ADMIN, body: item })).body;
    await h.call('PUT', '/api/v1/toc/template', { as: ADMIN, body: { section: 'Yhteystiedot', title: 'Yhteyshenkilöt', linkKind: 'folder', linkTarget: '/Yhteystiedot', sortOrder: 0 } });
    for (const [who, account] of [[OWNER_A, 'A'], [SUPERVISOR_A, 'Z']]) {
      const toc = (await h.call('GET', `/api/v1/accounts/${account}/toc`, { as: who })).body;
      // The template's order, not the alphabet: Yhteystiedot (0) before Perehdytys (1000).
      expect(toc.items.map((i: any) => [i.section, i.title])).toEqual([
        ['Yhteystiedot', 'Yhteyshenkilöt'],
        ['Perehdytys', 'Perehdytyssuunnitelma'],
      ]);
    }
    expect((await h.call('DELETE', `/api/v1/toc/template/${saved.id}`, { as: OWNER_A })).status).toBe(403);
    expect((await h.call('DELETE', `/api/v1/toc/template/${saved.id}`, { as: ADMIN })).status).toBe(204);
    expect((await h.call('GET', '/api/v1/accounts/A/toc', { as: OWNER_A })).body.items.map((i: any) => i.title)).toEqual(['Yhteyshenkilöt']);
    expect((await h.call('DELETE', `/api/v1/toc/template/${saved.id}`, { as: ADMIN })).status).toBe(404);
  });
});
