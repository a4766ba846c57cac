/**
 * Issue 10 weaker spots, through the tab API: out-of-range quality-card periods are 400 (not 500),
 * and table-of-contents links are https URLs or paths that cannot leave the origin.
 */
import { engines } from '../store/engines';
import { DIRECTOR, OWNER_A, startTabsHarness, type TabsHarness } from '../tabs/harness';

const ADMIN = 'ulla.ulkopuolinen@yritysx.example';

describe.each(engines)('input rules on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine, { admins: [ADMIN] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(['9999-12', '0000-01', '1999-12', '2101-01', '2026-13', '2026-00'])(
    'quality card period %s is 400 on read, write and the summary',
    async (period) => {
      const get = await h.call('GET', `/api/v1/accounts/A/quality/${period}`, { as: OWNER_A });
      expect([get.status, get.body.error.code]).toEqual([400, 'BAD_INPUT']);
      const put = await h.call('PUT', `/api/v1/accounts/A/quality/${period}`, { as: OWNER_A, body: { summary: 'x' } });
      expect(put.status).toBe(400);
      expect((await h.call('GET', `/api/v1/quality/summary?period=${period}`, { as: DIRECTOR })).status).toBe(400);
    },
  );

  it('the edges of the range are fine', async () => {
    for (const period of ['2000-01', '2100-12'])
      expect((await h.call('GET', `/api/v1/accounts/A/quality/${period}`, { as: OWNER_A })).status).toBe(200);
  });

  const unsafe = [
    '/\\evil.example',
    '//evil.example',
    '/\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https:/\\evil.example',
    'https://',
    'javascript:alert(1)',
    '\\\\evil.example\\share',
    ' /Sopimukset',
  ];
  it.each(unsafe)('refuses the link target %j for overrides and the template', async (target) => {
    for (const linkKind of ['folder', 'file', 'tab']) {
      const add = await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
        as: OWNER_A,
        body: { kind: 'add', section: 'S', title: 'T', linkKind, linkTarget: target },
      });
      expect([target, linkKind, add.status]).toEqual([target, linkKind, 400]);
      const tpl = await h.call('PUT', '/api/v1/toc/template', {
        as: ADMIN,
        body: { section: 'S', title: 'T', linkKind, linkTarget: target },
      });
      expect([target, linkKind, tpl.status]).toEqual([target, linkKind, 400]);
    }
    expect(await h.db.store.tableOfContents.listOverrides('A')).toEqual([]);
  });

  it.each(['/Sopimukset', '/Sopimukset/2026 raportit', 'https://intra.yritysx.example/a?b=c'])(
    'accepts the link target %j',
    async (target) => {
      const add = await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
        as: OWNER_A,
        body: { kind: 'add', section: 'S', title: 'T', linkKind: 'folder', linkTarget: target },
      });
      expect(add.status).toBe(200);
      await h.call('DELETE', `/api/v1/accounts/A/toc/overrides/${add.body.id}`, { as: OWNER_A });
    },
  );
});
