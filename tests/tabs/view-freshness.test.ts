/**
 * What a person sees in a tab never lags a change: an owner's edit, the end of a membership, or a
 * change made by another app instance on the same database shows on the very next read.
 */
import { createStore } from '../../src/store';
import { engines } from '../store/engines';
import { OWNER_A, OWNER_B, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

const reason = [{ kind: 'site' as const, siteId: 'Z1', siteName: 'Zeta', role: 'supervisor' as const, line: 3 }];

describe.each(engines)('tab view freshness on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows an owner\u2019s new event to everyone on the very next read', async () => {
    const before = await h.call('GET', '/api/v1/accounts/A/clock?year=2026', { as: SUPERVISOR_A });
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/application\/json/);
    expect(Number(before.headers.get('content-length'))).toBe(Buffer.byteLength(before.text));
    const created = await h.call('POST', '/api/v1/accounts/A/clock/events', {
      as: OWNER_A,
      body: { title: 'Tuore tapahtuma', ring: 'supervisors', start: '2026-06-10' },
    });
    expect(created.status).toBe(201);
    for (const who of [SUPERVISOR_A, OWNER_A]) {
      const after = await h.call('GET', '/api/v1/accounts/A/clock?year=2026', { as: who });
      expect(after.body.events.map((e: { title: string }) => e.title)).toContain('Tuore tapahtuma');
      // The shared view carries each caller's own flags.
      expect(after.body.canWrite).toBe(who === OWNER_A);
      expect(after.body.me).toBe(who);
    }
  });

  it('ends a supervisor\u2019s access as soon as the sync removes the membership, and lists the account no more', async () => {
    const s = h.db.store;
    await s.desiredMemberships.replaceForAccount('Z', [{ email: SUPERVISOR_A, role: 'member', reasons: reason }]);
    expect((await h.call('GET', '/api/v1/accounts/Z/toc', { as: SUPERVISOR_A })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/accounts', { as: SUPERVISOR_A })).body.accounts.map((a: { id: string }) => a.id)).toContain('Z');
    await s.desiredMemberships.replaceForAccount('Z', []);
    expect((await h.call('GET', '/api/v1/accounts/Z/toc', { as: SUPERVISOR_A })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/accounts', { as: SUPERVISOR_A })).body.accounts.map((a: { id: string }) => a.id)).not.toContain(
      'Z',
    );
    await s.desiredMemberships.replaceForAccount('Z', [{ email: SUPERVISOR_A, role: 'member', reasons: reason }]);
  });

  it('shows a quality card saved by another instance on the next read', async () => {
    const put = (summary: string) => h.call('PUT', '/api/v1/accounts/B/quality/2026-04', { as: OWNER_B, body: { summary, kpis: [] } });
    expect((await put('Ensimmäinen')).status).toBe(200);
    expect((await h.call('GET', '/api/v1/accounts/B/quality/2026-04', { as: OWNER_B })).body.summary).toBe('Ensimmäinen');

    // A second app instance on the same database: this instance's store does not see its writes.
    const other = createStore((await h.db.openAnother()).db, h.db.clock);
    await other.qualityCard.saveSummary('B', '2026-04', 'Toisen instanssin', 'other@yritysx.example');
    expect((await h.call('GET', '/api/v1/accounts/B/quality/2026-04', { as: OWNER_B })).body.summary).toBe('Toisen instanssin');
  });
});
