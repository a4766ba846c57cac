import { engines } from '../store/engines';
import { DIRECTOR, OUTSIDER, OWNER_A, OWNER_B, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

describe.each(engines)('tab API on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('authentication', () => {
    it('refuses a request without a token with 401 and a JSON code', async () => {
      const r = await h.call('GET', '/api/v1/me');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('accepts a valid SSO token and says who I am', async () => {
      const r = await h.call('GET', '/api/v1/me', { as: SUPERVISOR_A });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ email: SUPERVISOR_A, director: false });
    });

    it.each([
      ['expired', { expiresInSec: -600 }],
      ['wrong audience', { audience: 'api://localhost/some-other-app' }],
      ['badly signed', { signWithUnknownKey: true }],
      ['without access_as_user', { scope: 'User.Read' }],
    ])('refuses a %s token with 401', async (_name, opts) => {
      const token = await h.token(SUPERVISOR_A, opts);
      const r = await h.call('GET', '/api/v1/accounts', { token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
      expect(r.text).not.toContain(token);
    });

    it('refuses a token whose payload was tampered with', async () => {
      const [head, body, sig] = (await h.token(SUPERVISOR_A)).split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, preferred_username: DIRECTOR })).toString('base64url');
      expect((await h.call('GET', '/api/v1/me', { token: `${head}.${forged}.${sig}` })).status).toBe(401);
    });
  });

  describe('authorisation', () => {
    it('lists only the accounts a supervisor may see, in Finnish order', async () => {
      const r = await h.call('GET', '/api/v1/accounts', { as: SUPERVISOR_A });
      expect(r.status).toBe(200);
      expect(r.body.accounts.map((a: any) => a.name)).toEqual(['Zeta Oyj', 'Ääninen Oy']);
      const a = r.body.accounts.find((x: any) => x.id === 'A');
      expect(a).toMatchObject({ siteCount: 2, regions: ['Pirkanmaa', 'Uusimaa'], ownerName: 'Anna Asiakkuus' });
      expect(a.deepLink).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/channel\/19%3Aaaaa%40thread\.tacv2\//);
    });

    it('shows directors every account, Å Ä Ö after Z', async () => {
      const r = await h.call('GET', '/api/v1/accounts', { as: DIRECTOR });
      expect(r.body.accounts.map((a: any) => a.name)).toEqual(['Bravo Ab', 'Zeta Oyj', 'Ääninen Oy', 'Örkki Oy']);
    });

    it('gives a supervisor of account A 403 for account B', async () => {
      expect((await h.call('GET', '/api/v1/accounts/A/clock', { as: SUPERVISOR_A })).status).toBe(200);
      for (const p of [
        '/api/v1/accounts/B/clock',
        '/api/v1/accounts/B/quality/2026-04',
        '/api/v1/accounts/B/toc',
        '/api/v1/accounts/B/clock.ics',
      ]) {
        const r = await h.call('GET', p, { as: SUPERVISOR_A });
        expect([p, r.status, r.body?.error?.code]).toEqual([p, 403, 'FORBIDDEN']);
      }
    });

    it('gives someone outside every account 403, and 404 for an unknown account', async () => {
      expect((await h.call('GET', '/api/v1/accounts/A/clock', { as: OUTSIDER })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/accounts', { as: OUTSIDER })).body.accounts).toEqual([]);
      expect((await h.call('GET', '/api/v1/accounts/NOPE/clock', { as: DIRECTOR })).status).toBe(404);
    });

    it('refuses writes by non-owners', async () => {
      const ev = { title: 'Katselmointi', ring: 'kad', start: '2026-06-01' };
      expect((await h.call('POST', '/api/v1/accounts/A/clock/events', { as: SUPERVISOR_A, body: ev })).status).toBe(403);
      expect((await h.call('POST', '/api/v1/accounts/A/clock/events', { as: OWNER_B, body: ev })).status).toBe(403);
      expect((await h.call('POST', '/api/v1/accounts/A/clock/events', { as: DIRECTOR, body: ev })).status).toBe(403);
      expect((await h.call('POST', '/api/v1/accounts/A/contracts', { as: SUPERVISOR_A, body: { title: 'X' } })).status).toBe(403);
      expect(
        (await h.call('POST', '/api/v1/accounts/A/toc/overrides', { as: SUPERVISOR_A, body: { kind: 'add', section: 'S', title: 'T' } }))
          .status,
      ).toBe(403);
      expect((await h.call('PUT', '/api/v1/accounts/A/quality/2026-04', { as: SUPERVISOR_A, body: { summary: 'x' } })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/quality/summary?period=2026-04', { as: OWNER_A })).status).toBe(403);
    });
  });

  describe('annual clock', () => {
    it('gives a new account the default event set, owned by its key account director, once', async () => {
      const r = await h.call('GET', '/api/v1/accounts/A/clock?year=2026', { as: SUPERVISOR_A });
      expect(r.status).toBe(200);
      expect(r.body.canWrite).toBe(false);
      expect(r.body.events.length).toBeGreaterThanOrEqual(10);
      expect(new Set(r.body.events.map((e: any) => e.ownerEmail))).toEqual(new Set([OWNER_A]));
      // Anniversary meeting sits on the contract's anniversary (Sept 1st).
      expect(r.body.occurrences.filter((o: any) => o.eventId === 'A:anniversary-meeting').map((o: any) => o.date)).toEqual(['2026-09-01']);
      // The default events carry their English text apart from the Finnish.
      const seeded = r.body.events.find((e: any) => e.id === 'A:quality-visit');
      expect(seeded.titleEn).toMatch(/quality visit/i);
      expect(seeded.description).not.toContain(' / ');
      expect(seeded.descriptionEn).toMatch(/quality visit/i);
      // Deleting everything does not bring the set back.
      for (const e of r.body.events)
        expect((await h.call('DELETE', `/api/v1/accounts/A/clock/events/${encodeURIComponent(e.id)}`, { as: OWNER_A })).status).toBe(204);
      expect((await h.call('GET', '/api/v1/accounts/A/clock/events', { as: OWNER_A })).body.events).toEqual([]);
    });

    it('site visits belong to each site\u2019s supervisor: per-site ticks, reminders to the supervisor, done when all sites are', async () => {
      await h.db.store.sites.replaceForAccount('B', [
        { siteId: 'B1', name: 'Varasto', region: 'Varsinais-Suomi', supervisorEmail: SUPERVISOR_A },
        { siteId: 'B2', name: 'Toimisto', region: 'Uusimaa', supervisorEmail: OWNER_B },
      ]);
      const members = await h.db.store.desiredMemberships.listForAccount('B');
      await h.db.store.desiredMemberships.replaceForAccount('B', [
        ...members,
        {
          email: SUPERVISOR_A,
          role: 'member',
          reasons: [{ kind: 'site', siteId: 'B1', siteName: 'Varasto', role: 'supervisor', line: 4 }],
        },
      ]);
      const view = async (as: string) => (await h.call('GET', '/api/v1/accounts/B/clock?year=2026', { as })).body;
      const before = await view(OWNER_B);
      const visit = before.occurrences.find((o: any) => o.eventId === 'B:quality-visit' && o.date === '2026-05-10');
      expect(visit.sites.map((s: any) => [s.siteId, s.supervisorName, s.done])).toEqual([
        ['B1', 'Sami Esimies', false],
        ['B2', 'Bertta Omistaja', false],
      ]);
      expect(before.events.find((e: any) => e.id === 'B:quality-visit').assignee).toBe('site-supervisor');
      const tick = (as: string, body: object) =>
        h.call('POST', '/api/v1/accounts/B/clock/completions', { as, body: { eventId: 'B:quality-visit', date: '2026-05-10', ...body } });
      expect((await tick(OWNER_B, {})).status).toBe(400); // which site?
      expect((await tick(SUPERVISOR_A, { siteId: 'B2' })).status).toBe(403); // not his site
      expect((await tick(SUPERVISOR_A, { siteId: 'B1' })).status).toBe(200);
      let after = (await view(OWNER_B)).occurrences.find((o: any) => o.eventId === 'B:quality-visit' && o.date === '2026-05-10');
      expect([after.status, after.sites.map((s: any) => s.done)]).toEqual(['overdue', [true, false]]);
      expect((await tick(OWNER_B, { siteId: 'B2' })).status).toBe(200);
      after = (await view(OWNER_B)).occurrences.find((o: any) => o.eventId === 'B:quality-visit' && o.date === '2026-05-10');
      expect(after.status).toBe('done');
      // The supervisor's own calendar has his share of the visit, named by the site.
      const mine = await h.call('GET', '/api/v1/me/clock.ics?year=2026', { as: SUPERVISOR_A });
      expect(mine.text).toContain('Laatukäynti kohteessa – Varasto');
      expect(mine.text).not.toContain('Laatukäynti kohteessa – Toimisto');
      await h.db.store.desiredMemberships.replaceForAccount('B', members);
      await h.db.store.sites.replaceForAccount('B', [{ siteId: 'B1', name: 'Varasto', region: 'Varsinais-Suomi' }]);
    });

    it('lets the owner add, edit and tick an event; validates input', async () => {
      const bad = await h.call('POST', '/api/v1/accounts/A/clock/events', {
        as: OWNER_A,
        body: { title: '', ring: 'nope', start: '2026-13-01' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('BAD_INPUT');
      const created = await h.call('POST', '/api/v1/accounts/A/clock/events', {
        as: OWNER_A,
        body: {
          title: 'Laatukäynti <b>',
          ring: 'supervisors',
          ownerEmail: SUPERVISOR_A,
          start: '2026-01-31',
          recurrence: { kind: 'monthly' },
        },
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      const view = await h.call('GET', '/api/v1/accounts/A/clock?year=2026', { as: SUPERVISOR_A });
      const dates = view.body.occurrences.filter((o: any) => o.eventId === id).map((o: any) => o.date);
      expect(dates.slice(0, 4)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
      expect(view.body.occurrences.find((o: any) => o.eventId === id && o.date === '2026-04-30').status).toBe('overdue');

      // The event's owner (a supervisor) ticks an occurrence; a wrong date is refused.
      expect(
        (await h.call('POST', '/api/v1/accounts/A/clock/completions', { as: SUPERVISOR_A, body: { eventId: id, date: '2026-04-29' } }))
          .status,
      ).toBe(400);
      expect(
        (await h.call('POST', '/api/v1/accounts/A/clock/completions', { as: SUPERVISOR_A, body: { eventId: id, date: '2026-04-30' } }))
          .status,
      ).toBe(200);
      const after = await h.call('GET', '/api/v1/accounts/A/clock?year=2026', { as: OWNER_A });
      expect(after.body.occurrences.find((o: any) => o.eventId === id && o.date === '2026-04-30').status).toBe('done');

      const patched = await h.call('PATCH', `/api/v1/accounts/A/clock/events/${id}`, {
        as: OWNER_A,
        body: { title: 'Laatukäynti', until: '2026-06-30' },
      });
      expect(patched.status).toBe(200);
      const en = await h.call('PATCH', `/api/v1/accounts/A/clock/events/${id}`, {
        as: OWNER_A,
        body: { titleEn: 'Quality visit', descriptionEn: 'Monthly visit' },
      });
      expect([en.body.title, en.body.titleEn, en.body.descriptionEn]).toEqual(['Laatukäynti', 'Quality visit', 'Monthly visit']);
      const icsEn = await h.call('GET', '/api/v1/accounts/A/clock.ics?year=2026&lang=en', { as: SUPERVISOR_A });
      expect(icsEn.text).toContain('SUMMARY:✓ Quality visit');
      // Owners show by name; an owner must be one of the account's people.
      expect(patched.body.ownerName).toBe('Sami Esimies');
      const outsider = await h.call('PATCH', `/api/v1/accounts/A/clock/events/${id}`, { as: OWNER_A, body: { ownerEmail: OUTSIDER } });
      expect(outsider.status).toBe(400);
      expect(outsider.body.error.messageFi).toContain('jäsen');
      expect(outsider.body.error.message).toContain('member');
      const ics = await h.call('GET', '/api/v1/accounts/A/clock.ics?year=2026', { as: SUPERVISOR_A });
      expect(ics.status).toBe(200);
      expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
      expect(ics.text.match(/SUMMARY:.*Laatukäynti/g)).toHaveLength(6);
      expect(ics.text).toContain('SUMMARY:✓ Laatukäynti');
      const mine = await h.call('GET', '/api/v1/me/clock.ics?year=2026', { as: SUPERVISOR_A });
      expect(mine.text.match(/BEGIN:VEVENT/g)).toHaveLength(6);
    });
  });

  describe('quality card', () => {
    it('saves KPIs for an owner, computes lights and trend, and shows directors the summary', async () => {
      const put = (period: string, auditScore: number, as = OWNER_A) =>
        h.call('PUT', `/api/v1/accounts/A/quality/${period}`, {
          as,
          body: {
            summary: `Kuukausi ${period}`,
            kpis: [
              { key: 'auditScore', value: auditScore, comment: 'ok' },
              { key: 'complaints', value: 1 },
            ],
          },
        });
      expect((await put('2026-03', 95)).status).toBe(200);
      const r = await put('2026-04', 80, DIRECTOR);
      expect(r.status).toBe(200);
      const audit = r.body.kpis.find((k: any) => k.key === 'auditScore');
      expect(audit).toMatchObject({ value: 80, target: 90, light: 'red', comment: 'ok' });
      expect(audit.trend.direction).toBe('down');
      expect(r.body.periodLabel).toBe('3–4/2026');
      expect(r.body.facts).toMatchObject({ siteCount: 2, regions: ['Pirkanmaa', 'Uusimaa'], monthlyBilling: 125000 });
      // Billing is for owners and directors; a supervisor of the account reads the card without it.
      const sup = await h.call('GET', '/api/v1/accounts/A/quality/2026-04', { as: SUPERVISOR_A });
      expect(sup.status).toBe(200);
      expect(sup.body.facts.siteCount).toBe(2);
      expect(sup.body.facts).not.toHaveProperty('monthlyBilling');
      expect(sup.text).not.toContain('125000');
      expect(
        (await h.call('PUT', '/api/v1/accounts/A/quality/2026-04', { as: OWNER_A, body: { kpis: [{ key: 'nps', value: 500 }] } })).status,
      ).toBe(400);

      const sum = await h.call('GET', '/api/v1/quality/summary?period=2026-04', { as: DIRECTOR });
      expect(sum.status).toBe(200);
      expect(sum.body.rows[0]).toMatchObject({ customerId: 'A', missing: false, worsened: true });
      expect(sum.body.rows[0].changes).toEqual([{ key: 'auditScore', from: 'green', to: 'red' }]);
      expect(sum.body.rows.slice(1).every((x: any) => x.missing)).toBe(true);
    });
  });

  describe('table of contents and contracts', () => {
    it('merges the template with overrides and highlights the current contract', async () => {
      const item = await h.db.store.tableOfContents.saveItem(
        { id: 'tpl-1', section: 'Sopimukset', title: 'Sopimuskansio', linkKind: 'folder', linkTarget: '/Sopimukset' },
        'admin',
      );
      await h.db.store.tableOfContents.saveItem({ id: 'tpl-2', section: 'Laatu', title: 'Laatukäsikirja' }, 'admin');
      expect(
        (
          await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
            as: OWNER_A,
            body: { kind: 'rename', itemId: item.id, title: 'Ääninen sopimukset' },
          })
        ).status,
      ).toBe(200);
      expect(
        (await h.call('POST', '/api/v1/accounts/A/toc/overrides', { as: OWNER_A, body: { kind: 'hide', itemId: 'tpl-2' } })).status,
      ).toBe(200);
      expect(
        (
          await h.call('POST', '/api/v1/accounts/A/toc/overrides', {
            as: OWNER_A,
            body: { kind: 'add', section: 'Oma', title: 'Asiakkaan intranet', linkKind: 'url', linkTarget: 'javascript:alert(1)' },
          })
        ).status,
      ).toBe(400);
      for (const c of [
        { title: 'Sopimus 2018–2021', validFrom: '2018-01-01', validTo: '2021-08-31' },
        { title: 'Sopimus 2021–2027', validFrom: '2021-09-01', validTo: '2027-08-31' },
      ])
        expect((await h.call('POST', '/api/v1/accounts/A/contracts', { as: OWNER_A, body: c })).status).toBe(201);

      const r = await h.call('GET', '/api/v1/accounts/A/toc', { as: SUPERVISOR_A });
      expect(r.status).toBe(200);
      const titles = r.body.items.filter((i: any) => !i.hidden).map((i: any) => i.title);
      expect(titles).toEqual(['Ääninen sopimukset']);
      expect(r.body.contracts.active.map((c: any) => [c.title, c.current])).toEqual([['Sopimus 2021–2027', true]]);
      expect(r.body.contracts.expired.map((c: any) => c.title)).toEqual(['Sopimus 2018–2021']);
      // Account B sees the plain template.
      const b = await h.call('GET', '/api/v1/accounts/B/toc', { as: OWNER_B });
      expect(
        b.body.items
          .filter((i: any) => !i.hidden)
          .map((i: any) => i.title)
          .sort(),
      ).toEqual(['Laatukäsikirja', 'Sopimuskansio']);
    });
  });
});
