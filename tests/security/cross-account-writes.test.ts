/**
 * Issue 10 item 2: every write route of the tab API, tried by the owner of account A with an id
 * that belongs to account B. Ids are the server's; every write is scoped to the caller's account.
 */
import { engines } from '../store/engines';
import { OWNER_A, OWNER_B, startTabsHarness, type TabsHarness } from '../tabs/harness';

const ADMIN = 'ulla.ulkopuolinen@yritysx.example';

describe.each(engines)('writes with another account’s ids on %s', (engine) => {
  let h: TabsHarness;
  let templateId: string;
  let bAdded: any;
  let bHidden: any;
  let bContract: any;
  let bEvent: any;
  let bMember: any;
  const snapshotB = async () => ({
    overrides: await h.db.store.tableOfContents.listOverrides('B'),
    contracts: await h.db.store.tableOfContents.listContracts('B'),
    events: await h.db.store.annualClock.listForAccounts(['B']),
    completions: await h.db.store.annualClock.listCompletions('B'),
    members: await h.db.store.overrides.listForAccount('B'),
  });
  let before: Awaited<ReturnType<typeof snapshotB>>;

  beforeAll(async () => {
    h = await startTabsHarness(engine, { admins: [ADMIN] });
    templateId = (
      await h.call('PUT', '/api/v1/toc/template', { as: ADMIN, body: { section: 'Sopimukset', title: 'Sopimus', sortOrder: 1 } })
    ).body.id;
    bAdded = (
      await h.call('POST', '/api/v1/accounts/B/toc/overrides', {
        as: OWNER_B,
        body: { kind: 'add', section: 'Oma', title: 'B:n linkki', linkKind: 'url', linkTarget: 'https://b.example/x' },
      })
    ).body;
    bHidden = (await h.call('POST', '/api/v1/accounts/B/toc/overrides', { as: OWNER_B, body: { kind: 'hide', itemId: templateId } })).body;
    bContract = (
      await h.call('POST', '/api/v1/accounts/B/contracts', { as: OWNER_B, body: { title: 'B:n sopimus', validFrom: '2026-01-01' } })
    ).body;
    bEvent = (
      await h.call('POST', '/api/v1/accounts/B/clock/events', {
        as: OWNER_B,
        body: { title: 'B:n tapahtuma', ring: 'kad', start: '2026-06-01' },
      })
    ).body;
    bMember = (
      await h.call('POST', '/api/v1/accounts/B/members/overrides', {
        as: OWNER_B,
        body: { kind: 'add', email: 'uusi@yritysx.example', reason: 'apu' },
      })
    ).body.override;
    expect([bAdded.id, bHidden.id, bContract.id, bEvent.id, bMember.id].every(Boolean)).toBe(true);
    before = await snapshotB();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    // Whatever A tried, nothing of B's moved, changed or went away.
    expect(await snapshotB()).toEqual(before);
  });

  it('TOC add: a caller-chosen id is refused (400) and never moves B’s entry', async () => {
    const r = await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
      as: OWNER_A,
      body: { kind: 'add', id: bAdded.id, section: 'Kaapattu', title: 'A:n', linkKind: 'url', linkTarget: 'https://a.example' },
    });
    expect([r.status, r.body.error.code]).toEqual([400, 'BAD_INPUT']);
    const ok = await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
      as: OWNER_A,
      body: { kind: 'add', section: 'Oma', title: 'A:n linkki' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.id).not.toBe(bAdded.id);
    expect(ok.body.customerId).toBe('A');
  });

  it('TOC hide/rename of a template item touch only A’s own override', async () => {
    expect(
      (
        await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
          as: OWNER_A,
          body: { kind: 'rename', itemId: templateId, title: 'A:n nimi' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await h.call('POST', '/api/v1/accounts/A/toc/overrides', { as: OWNER_A, body: { kind: 'hide', itemId: templateId } })).status,
    ).toBe(200);
  });

  it('TOC override delete with B’s ids: 404', async () => {
    for (const id of [bAdded.id, bHidden.id])
      expect((await h.call('DELETE', `/api/v1/accounts/A/toc/overrides/${id}`, { as: OWNER_A })).status).toBe(404);
  });

  it('contracts: update and delete with B’s id are 404; an id in the body is refused', async () => {
    expect((await h.call('PUT', `/api/v1/accounts/A/contracts/${bContract.id}`, { as: OWNER_A, body: { title: 'Kaapattu' } })).status).toBe(
      404,
    );
    expect((await h.call('DELETE', `/api/v1/accounts/A/contracts/${bContract.id}`, { as: OWNER_A })).status).toBe(404);
    expect(
      (await h.call('POST', '/api/v1/accounts/A/contracts', { as: OWNER_A, body: { id: bContract.id, title: 'Kaapattu' } })).status,
    ).toBe(400);
  });

  it('annual clock: edit, delete and tick B’s event through A are 404', async () => {
    expect(
      (await h.call('PATCH', `/api/v1/accounts/A/clock/events/${bEvent.id}`, { as: OWNER_A, body: { title: 'Kaapattu' } })).status,
    ).toBe(404);
    expect((await h.call('DELETE', `/api/v1/accounts/A/clock/events/${bEvent.id}`, { as: OWNER_A })).status).toBe(404);
    expect(
      (await h.call('POST', '/api/v1/accounts/A/clock/completions', { as: OWNER_A, body: { eventId: bEvent.id, date: '2026-06-01' } }))
        .status,
    ).toBe(404);
  });

  it('member overrides: delete of B’s override through A is 404', async () => {
    expect((await h.call('DELETE', `/api/v1/accounts/A/members/overrides/${bMember.id}`, { as: OWNER_A })).status).toBe(404);
  });

  it('writes to B’s own routes by A’s owner are 403', async () => {
    expect(
      (await h.call('POST', '/api/v1/accounts/B/toc/overrides', { as: OWNER_A, body: { kind: 'hide', itemId: templateId } })).status,
    ).toBe(403);
    expect((await h.call('DELETE', `/api/v1/accounts/B/toc/overrides/${bAdded.id}`, { as: OWNER_A })).status).toBe(403);
    expect((await h.call('PUT', `/api/v1/accounts/B/contracts/${bContract.id}`, { as: OWNER_A, body: { title: 'Kaapattu' } })).status).toBe(
      403,
    );
    expect((await h.call('PUT', '/api/v1/accounts/B/quality/2026-04', { as: OWNER_A, body: { summary: 'x' } })).status).toBe(403);
  });
});
