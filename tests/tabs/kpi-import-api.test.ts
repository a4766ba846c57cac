import iconv from 'iconv-lite';
import { engines } from '../store/engines';
import { DIRECTOR, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

const HEAD = 'Asiakasnro;Asiakas;Kausi;Mittari;Arvo;Tavoite;Kommentti';
/** What Finnish Excel saves: Windows-1252, semicolons, CRLF. */
const excel = (lines: string[]) => iconv.encode(`${[HEAD, ...lines].join('\r\n')}\r\n`, 'windows-1252');

describe.each(engines)('KPI import API on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function upload(as: string | undefined, body: Buffer | string, o: { contentType?: string; query?: string } = {}) {
    const token = as ? await h.token(as) : undefined;
    const res = await fetch(`${h.url}/api/v1/quality/import${o.query ?? ''}`, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': o.contentType ?? 'text/csv' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const stored = (id: string, period: string) => h.db.store.qualityCard.listKpis(id, { from: period, to: period });

  it('refuses people who are not directors or admins, and requests without a token', async () => {
    const csv = excel(['A;Ääninen Oy;3/2026;NPS;40;;']);
    for (const who of [SUPERVISOR_A, OWNER_A]) {
      const r = await upload(who, csv);
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await upload(undefined, csv)).status).toBe(401);
    expect(await stored('A', '2026-03')).toEqual([]);
  });

  it('a director uploads a Finnish Excel CSV: values land on the card, its history and the management summary', async () => {
    await h.call('PUT', '/api/v1/accounts/A/quality/2026-03', {
      as: OWNER_A,
      body: { kpis: [{ key: 'auditScore', value: 95, comment: 'Maaliskuu hyvä' }] },
    });
    const r = await upload(
      DIRECTOR,
      excel([
        'A;Ääninen Oy;3/2026;Laatuauditointi;94,5 %;;',
        'A;Ääninen Oy;4/2026;Laatuauditointi;82,5;90;Kaksi kohdetta jäi alle tavoitteen',
        'B;Bravo Ab;4/2026;Reklamaatiot;1;0;Myöhästynyt toimitus',
      ]),
      {
        query: '?fileName=laatujarjestelma-huhtikuu.csv',
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      file: 'laatujarjestelma-huhtikuu.csv',
      encoding: 'windows-1252',
      delimiter: ';',
      dryRun: false,
      importedBy: DIRECTOR,
      accounts: ['A', 'B'],
      periods: ['2026-03', '2026-04'],
    });
    expect(r.body.counts).toEqual({ dataRows: 3, valid: 3, new: 2, updated: 1, unchanged: 0, rowsWithErrors: 0 });
    expect(r.body.rows[0]).toMatchObject({
      line: 2,
      customerId: 'A',
      period: '2026-03',
      kpi: 'auditScore',
      value: 94.5,
      change: 'updated',
      previous: 95,
    });

    const card = await h.call('GET', '/api/v1/accounts/A/quality/2026-04', { as: SUPERVISOR_A });
    const audit = card.body.kpis.find((k: any) => k.key === 'auditScore');
    expect(audit).toMatchObject({
      value: 82.5,
      target: 90,
      light: 'red',
      comment: 'Kaksi kohdetta jäi alle tavoitteen',
      source: 'import:laatujarjestelma-huhtikuu.csv',
      updatedBy: DIRECTOR,
    });
    expect(audit.history.slice(-2)).toEqual([
      { period: '2026-03', value: 94.5 },
      { period: '2026-04', value: 82.5 },
    ]);
    expect(audit.trend.direction).toBe('down');
    // The owner's March comment survives an import that has none.
    expect((await stored('A', '2026-03')).find((k) => k.kpiKey === 'auditScore')).toMatchObject({
      value: 94.5,
      comment: 'Maaliskuu hyvä',
      updatedBy: DIRECTOR,
    });

    const sum = await h.call('GET', '/api/v1/quality/summary?period=2026-04', { as: DIRECTOR });
    const rowA = sum.body.rows.find((x: any) => x.customerId === 'A');
    expect(rowA).toMatchObject({ missing: false, worsened: true });
    expect(rowA.lights).toContainEqual(expect.objectContaining({ key: 'auditScore', light: 'red', value: 82.5 }));
    expect(sum.body.rows.find((x: any) => x.customerId === 'B').lights).toContainEqual(
      expect.objectContaining({ key: 'complaints', value: 1, light: 'yellow' }),
    );
  });

  it('applies the valid rows and reports each bad one with line, column and what to do', async () => {
    const r = await upload(
      DIRECTOR,
      excel([
        'Z;Zeta Oyj;4/2026;NPS;35;;',
        'NOPE;Ei ole Oy;4/2026;NPS;35;;',
        'Z;Zeta Oyj;4/2026;Siisteys;3;;',
        'Z;Zeta Oyj;4/2026;Reklamaatiot;kolme;;',
      ]),
    );
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({ dataRows: 4, valid: 1, new: 1, rowsWithErrors: 3 });
    expect(r.body.problems.map((p: any) => [p.line, p.column, p.reason])).toEqual([
      [3, 'Asiakasnro', 'UNKNOWN_CUSTOMER'],
      [4, 'Mittari', 'UNKNOWN_KPI'],
      [5, 'Arvo', 'BAD_NUMBER'],
    ]);
    expect(r.body.problems[0].message.fi).toBe('Asiakasta NOPE ei ole asiakkuuksien joukossa');
    expect((await stored('Z', '2026-04')).map((k) => [k.kpiKey, k.value])).toEqual([['nps', 35]]);
  });

  it('a structural problem rejects the whole file: 400 with file, line, column and a hint, and nothing changes', async () => {
    const missing = iconv.encode('Asiakasnro;Kausi;Mittari;Luku\r\nO;4/2026;NPS;10\r\n', 'windows-1252');
    const r = await upload(DIRECTOR, missing, { query: '?fileName=../../etc/crm.csv' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_INPUT', reason: 'MISSING_COLUMN', file: 'crm.csv', line: 1, column: 'Arvo' });
    expect(r.body.error.messageFi).toMatch(
      /^Sarake "Arvo" puuttuu otsikkoriviltä .*\(tiedosto crm\.csv, rivi 1, sarake "Arvo"\)\. Korjaa sarakemäärittely/,
    );
    expect(r.body.error.message).toMatch(/^Column "Arvo" is missing/);

    const quote = excel(['O;Örkki Oy;4/2026;NPS;10;;', 'O;Örkki Oy;4/2026;"Reklamaatiot;2;;', 'O;Örkki Oy;4/2026;Laatuauditointi;90;;']);
    const q = await upload(DIRECTOR, quote);
    expect([q.status, q.body.error.reason, q.body.error.line]).toEqual([400, 'UNTERMINATED_QUOTE', 3]);
    expect(await stored('O', '2026-04')).toEqual([]);
  });

  it('takes JSON {csv, dryRun} too: a dry run reports the change and writes nothing', async () => {
    const csv = 'Asiakasnro,Kausi,Mittari,Arvo\nO,2026-04,Customer satisfaction,"4,4"\n';
    const dry = await h.call('POST', '/api/v1/quality/import', { as: DIRECTOR, body: { csv, fileName: 'crm.csv', dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, file: 'crm.csv', delimiter: ',', counts: { valid: 1, new: 1 } });
    expect(await stored('O', '2026-04')).toEqual([]);
    const real = await h.call('POST', '/api/v1/quality/import', { as: DIRECTOR, body: { csv } });
    expect(real.body.counts).toMatchObject({ new: 1 });
    expect((await stored('O', '2026-04')).map((k) => [k.kpiKey, k.value, k.source])).toEqual([
      ['customerSatisfaction', 4.4, 'import:upload.csv'],
    ]);
    // The same file again changes nothing.
    expect((await h.call('POST', '/api/v1/quality/import', { as: DIRECTOR, body: { csv } })).body.counts).toMatchObject({
      new: 0,
      updated: 0,
      unchanged: 1,
    });
  });

  it('validates the request: unknown JSON keys, an unknown mapping name, an empty body', async () => {
    expect((await h.call('POST', '/api/v1/quality/import', { as: DIRECTOR, body: { csv: 'x', extra: 1 } })).status).toBe(400);
    const bad = await upload(DIRECTOR, excel(['O;Örkki Oy;4/2026;NPS;10;;']), { query: '?mapping=../../package' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BAD_INPUT']);
    const none = await upload(DIRECTOR, excel(['O;Örkki Oy;4/2026;NPS;10;;']), { query: '?mapping=kpi-does-not-exist' });
    expect([none.status, none.body.error.reason]).toEqual([400, 'BAD_MAPPING']);
    const empty = await upload(DIRECTOR, '');
    expect([empty.status, empty.body.error.code]).toEqual([400, 'BAD_INPUT']);
  });
});
