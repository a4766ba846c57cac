/** Issue 10: KPI import errors through POST /api/v1/quality/import name the file, never a server path. */
import { ROOT, DIRECTOR, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { makeZip, workbookParts } from '../billing/zip-fixture';

describe('KPI import error texts', () => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });

  const upload = async (query: string, body: string) => {
    const res = await fetch(`${h.url}/api/v1/quality/import?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token(DIRECTOR)}`, 'content-type': 'text/csv' },
      body,
    });
    return { status: res.status, text: await res.text() };
  };

  it.each([
    ['an unknown mapping', 'mapping=kpi-nonexistent', 'kpi-nonexistent.json'],
    ['a file name with folders', 'fileName=%2Fsrv%2Fapp%2Fdata%2Fkpi.csv', 'kpi.csv'],
    ['a Windows path as file name', 'fileName=C%3A%5CUsers%5Cjohtaja%5Ckpi.csv', 'kpi.csv'],
  ])('%s: 400 naming %s only', async (_n, query, name) => {
    const r = await upload(query, 'a;b\n1;2\n');
    expect(r.status).toBe(400);
    const body = JSON.parse(r.text);
    expect(body.error.file).toBe(name);
    expect(r.text).toContain(name);
    expect(r.text).not.toContain(ROOT);
    expect(r.text).not.toMatch(/\/srv\/|C:|johtaja|\/mappings\//);
  });

  it('an uploaded workbook that declares small sizes but inflates past the cap is 400 TOO_LARGE, stopped while inflating', async () => {
    const bomb = makeZip(workbookParts({ rows: '', sheetData: Buffer.alloc(80 * 1024 * 1024, 0x20), sheetDeclaredSize: 100 }));
    const res = await fetch(`${h.url}/api/v1/quality/import?dryRun=true&fileName=kpi.xlsx`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await h.token(DIRECTOR)}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: new Blob([new Uint8Array(bomb)]),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect([body.error.reason, body.error.file]).toEqual(['TOO_LARGE', 'kpi.xlsx']);
  });
});
