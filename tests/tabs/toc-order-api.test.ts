import { engines } from '../store/engines';
import { OWNER_A, OWNER_B, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

/** A key account director puts their account's table of contents in an order of its own. */
describe.each(engines)('TOC: an account\u2019s own order on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
  });
  afterAll(async () => h?.close());

  const view = async (account = 'A', as = SUPERVISOR_A) => (await h.call('GET', `/api/v1/accounts/${account}/toc`, { as })).body;
  const sectionsOf = (items: any[]) => [...new Set(items.map((i) => i.section))];

  it('stores the order the owner sends; other accounts keep the template\u2019s', async () => {
    const before = await view();
    expect(before.ownOrder).toBe(false);
    const sections = sectionsOf(before.items);
    expect(sections.length).toBeGreaterThan(1);
    // The last section first, and inside it the last item first.
    const last = sections.at(-1);
    const lastItems = before.items.filter((i: any) => i.section === last).map((i: any) => i.id);
    const order = [...lastItems.reverse(), ...before.items.filter((i: any) => i.section !== last).map((i: any) => i.id)];
    const r = await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: OWNER_A, body: { items: order } });
    expect(r.status).toBe(204);

    const after = await view();
    expect(after.ownOrder).toBe(true);
    expect(after.items.map((i: any) => i.id)).toEqual(order);
    expect(sectionsOf(after.items)[0]).toBe(last);
    // Account B (another owner) is untouched.
    const b = await view('B', OWNER_B);
    expect([b.ownOrder, b.items.map((i: any) => i.id)]).toEqual([false, before.items.map((i: any) => i.id)]);
  });

  it('keeps an item added later next to its template neighbour, and an account\u2019s own item where the owner put it', async () => {
    const added = await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
      as: OWNER_A,
      body: { kind: 'add', section: 'Kanavan välilehdet', title: 'Kohdekohtaiset ohjeet' },
    });
    expect(added.status).toBe(200);
    const order = (await view()).items.map((i: any) => i.id);
    // Not in the stored order yet: it follows its section, which stays in one piece.
    const withAdded = (await view()).items;
    const tabs = withAdded.filter((i: any) => i.section === 'Kanavan välilehdet').map((i: any) => i.title);
    expect(tabs).toContain('Kohdekohtaiset ohjeet');
    const firstOfSection = withAdded.findIndex((i: any) => i.section === 'Kanavan välilehdet');
    expect(withAdded.slice(firstOfSection, firstOfSection + tabs.length).every((i: any) => i.section === 'Kanavan välilehdet')).toBe(true);
    // The owner moves it to the top of everything.
    const mine = [added.body.id, ...order.filter((id: string) => id !== added.body.id)];
    expect((await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: OWNER_A, body: { items: mine } })).status).toBe(204);
    const top = (await view()).items;
    expect(top[0].title).toBe('Kohdekohtaiset ohjeet');
    // A template item added afterwards follows the item before it in the template (same place, later in the alphabet).
    const tpl = await h.db.store.tableOfContents.listItems();
    const neighbour = tpl.find((i) => i.section === 'Kanavan tiedostot')!;
    await h.db.store.tableOfContents.saveItem(
      { id: 'late', section: neighbour.section, title: 'Öljyvahinkojen torjunta', sortOrder: neighbour.sortOrder },
      'admin',
    );
    const ids = (await view()).items.map((i: any) => i.id);
    expect(ids.indexOf('late')).toBe(ids.indexOf(neighbour.id) + 1);
  });

  it('refuses supervisors, other owners, unknown and repeated ids; DELETE goes back to the template\u2019s order', async () => {
    const ids = (await view()).items.map((i: any) => i.id);
    expect((await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: SUPERVISOR_A, body: { items: ids } })).status).toBe(403);
    expect((await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: OWNER_B, body: { items: ids } })).status).toBe(403);
    const unknown = await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: OWNER_A, body: { items: [...ids, 'nope'] } });
    expect([unknown.status, unknown.body.error.messageFi]).toEqual([400, 'Sisällysluettelo muuttui välillä. Lataa sivu uudelleen.']);
    expect((await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: OWNER_A, body: { items: [ids[0], ids[0]] } })).status).toBe(400);
    expect((await h.call('DELETE', '/api/v1/accounts/A/toc/order', { as: OWNER_A })).status).toBe(204);
    const back = await view();
    expect(back.ownOrder).toBe(false);
    expect(back.items[0].title).not.toBe('Kohdekohtaiset ohjeet');
  });
});
