import { userIdForEmail } from '../../emulator/ids';
import { engines } from '../store/engines';
import { DIRECTOR, OUTSIDER, OWNER_A, OWNER_B, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';
import { npsImportReportSchema } from '../../src/tabs-api/contracts/quality-loop';

describe.each(engines)('monthly quality-card loop and feedback handling on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
    await h.db.store.sites.replaceForAccount('A', [
      { siteId: 'A1', name: 'Pääkonttori', city: 'Helsinki', region: 'Uusimaa', supervisorEmail: SUPERVISOR_A },
      { siteId: 'A2', name: 'Tehdas', city: 'Tampere', region: 'Pirkanmaa', supervisorEmail: SUPERVISOR_A },
    ]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('only owners mark a month ready; the header names the months of the year so far and the cities', async () => {
    for (const who of [SUPERVISOR_A, DIRECTOR, OWNER_B]) {
      const r = await h.call('PUT', '/api/v1/accounts/A/quality/2020-08/ready', { as: who, body: { ready: true } });
      expect([who, r.status]).toEqual([who, 403]);
    }
    const bad = await h.call('PUT', '/api/v1/accounts/A/quality/2020-08/ready', { as: OWNER_A, body: { ready: 'yes' } });
    expect(bad.status).toBe(400);
    const ok = await h.call('PUT', '/api/v1/accounts/A/quality/2020-08/ready', { as: OWNER_A, body: { ready: true } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ yearLabel: '1–8/2020', ready: { by: OWNER_A }, canMarkReady: true, canComment: false });
    const card = await h.call('GET', '/api/v1/accounts/A/quality/2020-08', { as: SUPERVISOR_A });
    expect(card.body.facts).toMatchObject({ cities: ['Helsinki', 'Tampere'], regions: ['Pirkanmaa', 'Uusimaa'] });
    expect(card.body.facts.monthlyBilling).toBeUndefined();
  });

  it('a director instructs, the owners get a personal card queued, and it stays open until the owner marks it done', async () => {
    const refused = await h.call('POST', '/api/v1/accounts/A/quality/2020-08/instructions', {
      as: OWNER_A,
      body: { kind: 'instruction', text: 'x' },
    });
    expect(refused.status).toBe(403);
    const empty = await h.call('POST', '/api/v1/accounts/A/quality/2020-08/instructions', {
      as: DIRECTOR,
      body: { kind: 'instruction', text: ' ' },
    });
    expect(empty.status).toBe(400);
    const made = await h.call('POST', '/api/v1/accounts/A/quality/2020-08/instructions', {
      as: DIRECTOR,
      body: { kind: 'instruction', text: 'Sovi laatukierros Tampereelle <b>syyskuussa</b>' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'open', periodLabel: '1–8/2020', author: 'Johanna Johtaja' });
    const queued = await h.db.store.outbox.list({ kind: 'quality-instruction' });
    expect(queued.map((i) => (i.target as { userId: string }).userId)).toEqual([userIdForEmail(OWNER_A)]);

    // Next month: still open, and shown as last month's instruction.
    // Supervisors see the ready mark but not the management team's words to the KAD.
    const sup = await h.call('GET', '/api/v1/accounts/A/quality/2020-08/loop', { as: SUPERVISOR_A });
    expect(sup.body).toMatchObject({ ready: { by: OWNER_A }, instructions: { current: [], stillOpen: [], previous: [] } });
    const sept = await h.call('GET', '/api/v1/accounts/A/quality/2020-09/loop', { as: OWNER_A });
    expect(sept.body.instructions.stillOpen.map((i: any) => i.text)).toEqual(['Sovi laatukierros Tampereelle <b>syyskuussa</b>']);
    expect(sept.body.instructions.previous.map((i: any) => i.status)).toEqual(['open']);

    for (const who of [SUPERVISOR_A, DIRECTOR, OWNER_B]) {
      const r = await h.call('PUT', `/api/v1/accounts/A/instructions/${made.body.id}`, { as: who, body: { done: true } });
      expect(r.status).toBe(403);
    }
    // Another account's owner cannot reach it through their own account either.
    expect((await h.call('PUT', `/api/v1/accounts/B/instructions/${made.body.id}`, { as: OWNER_B, body: { done: true } })).status).toBe(
      404,
    );
    const done = await h.call('PUT', `/api/v1/accounts/A/instructions/${made.body.id}`, { as: OWNER_A, body: { done: true } });
    expect(done.body).toMatchObject({ status: 'done', doneBy: OWNER_A });
    const after = await h.call('GET', '/api/v1/accounts/A/quality/2020-09/loop', { as: OWNER_A });
    expect(after.body.instructions.stillOpen).toEqual([]);
    expect(after.body.instructions.previous.map((i: any) => [i.status, i.doneBy])).toEqual([['done', OWNER_A]]);
  });

  it('the directors’ summary lists ready cards first (reds first), then cards not ready, then missing ones', async () => {
    await h.db.store.qualityCard.saveKpis('B', '2020-08', [{ kpiKey: 'auditScore', value: 50, target: 90 }], OWNER_B);
    await h.db.store.qualityCard.saveKpis('A', '2020-08', [{ kpiKey: 'auditScore', value: 95, target: 90 }], OWNER_A);
    expect((await h.call('GET', '/api/v1/quality/loop-summary?period=2020-08', { as: OWNER_A })).status).toBe(403);
    const s = await h.call('GET', '/api/v1/quality/loop-summary?period=2020-08', { as: DIRECTOR });
    expect(s.status).toBe(200);
    expect(s.body.rows.map((r: any) => [r.customerId, !!r.ready, r.missing, r.counts.red])).toEqual([
      ['A', true, false, 0],
      ['B', false, false, 1],
      // Finnish order: Zeta before Örkki.
      ['Z', false, true, 0],
      ['O', false, true, 0],
    ]);
    expect(s.body.counts).toEqual({ ready: 1, notReady: 3 });
    expect(s.body.rows[0].instructions.current.map((i: any) => i.status)).toEqual(['done']);
  });

  it('an owner’s portfolio shows only their own accounts, with billing', async () => {
    const p = await h.call('GET', '/api/v1/quality/portfolio?period=2020-08', { as: OWNER_B });
    expect(p.body.rows.map((r: any) => r.customerId).sort()).toEqual(['B', 'O', 'Z']);
    const a = await h.call('GET', '/api/v1/quality/portfolio?period=2020-08', { as: OWNER_A });
    expect(a.body.rows.map((r: any) => [r.customerId, r.facts.monthlyBilling])).toEqual([['A', 125000]]);
    const none = await h.call('GET', '/api/v1/quality/portfolio?period=2020-08', { as: SUPERVISOR_A });
    expect(none.body.rows).toEqual([]);
  });

  it('feedback is listed for owners only; a reply moves it on and queues a personal card to the sender', async () => {
    const f = await h.db.store.feedback.add({
      customerId: 'A',
      userId: userIdForEmail(SUPERVISOR_A),
      userName: 'Sami Esimies',
      text: 'Avaimet hukassa',
    });
    for (const who of [SUPERVISOR_A, OWNER_B, OUTSIDER]) {
      const r = await h.call('GET', '/api/v1/accounts/A/feedback', { as: who });
      expect([who, r.status]).toEqual([who, 403]);
    }
    const list = await h.call('GET', '/api/v1/accounts/A/feedback', { as: OWNER_A });
    expect(list.body.feedback).toEqual([expect.objectContaining({ id: f.id, status: 'new', from: 'Sami Esimies', reply: null })]);
    expect((await h.call('PATCH', `/api/v1/accounts/A/feedback/${f.id}`, { as: OWNER_A, body: {} })).status).toBe(400);
    expect((await h.call('PATCH', `/api/v1/accounts/A/feedback/${f.id}`, { as: OWNER_A, body: { status: 'closed' } })).status).toBe(400);
    expect((await h.call('PATCH', `/api/v1/accounts/B/feedback/${f.id}`, { as: OWNER_B, body: { status: 'done' } })).status).toBe(404);
    const replied = await h.call('PATCH', `/api/v1/accounts/A/feedback/${f.id}`, {
      as: OWNER_A,
      body: { reply: 'Uudet avaimet tulevat maanantaina' },
    });
    expect(replied.body).toMatchObject({ status: 'in-progress', reply: 'Uudet avaimet tulevat maanantaina', handledBy: OWNER_A });
    const queued = await h.db.store.outbox.list({ kind: 'feedback-reply' });
    expect(queued.map((i) => (i.target as { userId: string }).userId)).toEqual([userIdForEmail(SUPERVISOR_A)]);
    const done = await h.call('PATCH', `/api/v1/accounts/A/feedback/${f.id}`, { as: OWNER_A, body: { status: 'done' } });
    expect(done.body.status).toBe('done');
    expect(await h.db.store.outbox.list({ kind: 'feedback-reply' })).toHaveLength(1);
  });

  it('directors import survey answers: NPS per account and overall, bad rows named by file, line and column', async () => {
    const post = async (as: string, csv: string, q = '?period=2020-09&fileName=webropol.csv') => {
      const res = await fetch(`${h.url}/api/v1/quality/nps-import${q}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await h.token(as)}`, 'content-type': 'text/csv' },
        body: csv,
      });
      return { status: res.status, body: await res.json() };
    };
    expect((await post(OWNER_A, 'Asiakasnro;Suositteluhalukkuus\nA;10\n')).status).toBe(403);
    const bad = await post(DIRECTOR, 'Asiakasnro;Suositteluhalukkuus\nA;10\nA;11\nNOPE;5\nB;seitsemän\n');
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: any) => [p.line, p.column, p.columnIndex, p.value])).toEqual([
      [3, 'Suositteluhalukkuus', 2, '11'],
      [4, 'Asiakasnro', 1, 'NOPE'],
      [5, 'Suositteluhalukkuus', 2, 'seitsemän'],
    ]);
    expect(bad.body.error.messageFi).toContain('tiedosto webropol.csv, rivi 3, sarake Suositteluhalukkuus “11”');
    const missing = await post(DIRECTOR, 'Asiakasnro;Arvio\nA;10\n');
    expect(missing.body.error.problems[0]).toMatchObject({ line: 1, column: 'Suositteluhalukkuus' });
    expect(await h.db.store.qualityLoop.latestNps('2020-12')).toEqual([]);

    // A: 3 promoters, 1 passive, 1 detractor → 40; B: 1 promoter, 1 detractor → 0; overall 4−2 of 7 → 29.
    const ok = await post(DIRECTOR, 'Asiakasnro;Suositteluhalukkuus\nA;10\nA;9\nA;9\nA;7\nA;0\nB;10\nB;6\n');
    expect(ok.status).toBe(200);
    // The tab reads this answer through the contract's type: it must parse with the contract's schema.
    expect(npsImportReportSchema.safeParse(ok.body).error?.issues ?? []).toEqual([]);
    expect(ok.body.accounts.map((a: any) => [a.customerId, a.nps, a.answers])).toEqual([
      ['A', 40, 5],
      ['B', 0, 2],
    ]);
    expect(ok.body.overall).toEqual({ nps: 29, answers: 7 });
    const card = await h.call('GET', '/api/v1/accounts/A/quality/2020-09', { as: OWNER_A });
    expect(card.body.kpis.find((k: any) => k.key === 'nps')).toMatchObject({ value: 40, source: 'import:webropol.csv' });
    const s = await h.call('GET', '/api/v1/quality/loop-summary?period=2020-10', { as: DIRECTOR });
    expect(s.body.nps).toEqual({ nps: 29, answers: 7 });
    expect(s.body.rows.find((r: any) => r.customerId === 'A').survey).toEqual({ period: '2020-09', nps: 40, answers: 5 });
  });
});
