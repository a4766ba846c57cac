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

  const item = {
    section: 'Perehdytys',
    title: 'Perehdytyssuunnitelma',
    linkKind: 'url',
    linkTarget: 'https://intra.yritysx.example/perehdytys',
    sortOrder: 1000,
  };

  it('lets key account directors, directors and admins change the template; supervisors get 403', async () => {
    const r = await h.call('PUT', '/api/v1/toc/template', { as: SUPERVISOR_A, body: item });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await h.db.store.tableOfContents.listItems()).toEqual([]);
    expect((await h.call('GET', '/api/v1/accounts/Z/toc', { as: SUPERVISOR_A })).body.canEditTemplate).toBe(false);
    for (const who of [OWNER_A, DIRECTOR, ADMIN])
      expect((await h.call('GET', '/api/v1/accounts/A/toc', { as: who })).body.canEditTemplate).toBe(true);
  });

  it('ships a template filled with what every channel has, with working links', async () => {
    const toc = (await h.call('GET', '/api/v1/accounts/A/toc', { as: SUPERVISOR_A })).body;
    const by = (title: string) => toc.items.find((i: any) => i.title === title);
    expect(toc.items.filter((i: any) => i.section === 'Kanavan välilehdet').map((i: any) => i.title)).toEqual([
      'Vuosikello',
      'Laatukortti',
      'Sisällysluettelo',
    ]);
    expect(toc.items.filter((i: any) => i.section === 'Kanavan tiedostot')).toHaveLength(8);
    // A tab opens this account's own tab; a folder opens the account's channel (its files).
    expect(by('Vuosikello').href).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\/[^/]+\/annual-clock%3AA\?context=/);
    expect(by('Sopimukset').href).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/channel\/19%3Aaaaa%40thread\.tacv2\//);
    // Emptied by its editors, it stays empty.
    for (const i of await h.db.store.tableOfContents.listItems())
      expect((await h.call('DELETE', `/api/v1/toc/template/${i.id}`, { as: OWNER_A })).status).toBe(204);
    expect((await h.call('GET', '/api/v1/accounts/A/toc', { as: OWNER_A })).body.items).toEqual([]);
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
    await h.call('PUT', '/api/v1/toc/template', {
      as: ADMIN,
      body: { section: 'Yhteystiedot', title: 'Yhteyshenkilöt', linkKind: 'folder', linkTarget: '/Yhteystiedot', sortOrder: 0 },
    });
    for (const [who, account] of [
      [OWNER_A, 'A'],
      [SUPERVISOR_A, 'Z'],
    ]) {
      const toc = (await h.call('GET', `/api/v1/accounts/${account}/toc`, { as: who })).body;
      // The template's order, not the alphabet: Yhteystiedot (0) before Perehdytys (1000).
      expect(toc.items.map((i: any) => [i.section, i.title])).toEqual([
        ['Yhteystiedot', 'Yhteyshenkilöt'],
        ['Perehdytys', 'Perehdytyssuunnitelma'],
      ]);
    }
    expect((await h.call('DELETE', `/api/v1/toc/template/${saved.id}`, { as: SUPERVISOR_A })).status).toBe(403);
    expect((await h.call('DELETE', `/api/v1/toc/template/${saved.id}`, { as: OWNER_A })).status).toBe(204);
    expect((await h.call('GET', '/api/v1/accounts/A/toc', { as: OWNER_A })).body.items.map((i: any) => i.title)).toEqual([
      'Yhteyshenkilöt',
    ]);
    expect((await h.call('DELETE', `/api/v1/toc/template/${saved.id}`, { as: ADMIN })).status).toBe(404);
  });
});
