import type { z } from 'zod';
import { accountsResponseSchema, meSchema } from '../../src/tabs-api/contracts/accounts';
import { clockViewSchema } from '../../src/tabs-api/contracts/annual-clock';
import { managementSummaryViewSchema, qualityCardViewSchema } from '../../src/tabs-api/contracts/quality-card';
import { membersViewSchema, overrideSavedSchema } from '../../src/tabs-api/contracts/members';
import { cardLoopSchema, feedbackListSchema, loopSummarySchema } from '../../src/tabs-api/contracts/quality-loop';
import { onboardingViewSchema, templateResponseSchema, tocViewSchema } from '../../src/tabs-api/contracts/toc';
import { engines } from '../store/engines';
import { DIRECTOR, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

// The tabs read these responses through the contract's types only; here the real responses must parse
// with the same schemas, so a server change that breaks a tab fails a test, not a user.
describe.each(engines)('tab API responses keep their contracts on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function parsed<S extends z.ZodType>(schema: S, path: string, as: string): Promise<z.infer<S>> {
    const r = await h.call('GET', path, { as });
    expect(r.status).toBe(200);
    const result = schema.safeParse(r.body);
    expect(result.error?.issues ?? []).toEqual([]);
    return result.data as z.infer<S>;
  }

  it('me and the account list', async () => {
    expect((await parsed(meSchema, '/api/v1/me', SUPERVISOR_A)).email).toBe(SUPERVISOR_A);
    const list = await parsed(accountsResponseSchema, '/api/v1/accounts', DIRECTOR);
    expect(list.accounts.length).toBeGreaterThan(1);
  });

  it('the annual clock view, with a site-supervisor event and its site shares', async () => {
    const view = await parsed(clockViewSchema, '/api/v1/accounts/A/clock?yearStart=1', OWNER_A);
    expect(view.canWrite).toBe(true);
    expect(view.events.length).toBeGreaterThan(0);
    expect(view.occurrences.some((o) => o.sites !== undefined)).toBe(true);
  });

  it('the quality card for an owner (with billing) and a supervisor (without), and the management summary', async () => {
    const owner = await parsed(qualityCardViewSchema, '/api/v1/accounts/A/quality/2026-04', OWNER_A);
    expect(owner.kpis.length).toBeGreaterThan(0);
    expect('monthlyBilling' in owner.facts).toBe(true);
    const supervisor = await parsed(qualityCardViewSchema, '/api/v1/accounts/A/quality/2026-04', SUPERVISOR_A);
    expect(supervisor.facts.monthlyBilling).toBeUndefined();
    const summary = await parsed(managementSummaryViewSchema, '/api/v1/quality/summary?period=2026-04', DIRECTOR);
    expect(summary.rows.length).toBeGreaterThan(0);
  });

  it('the monthly loop: a card’s loop, the directors’ loop summary, an owner’s portfolio and feedback list', async () => {
    const loop = await parsed(cardLoopSchema, '/api/v1/accounts/A/quality/2026-04/loop', OWNER_A);
    expect(loop.canMarkReady).toBe(true);
    const summary = await parsed(loopSummarySchema, '/api/v1/quality/loop-summary?period=2026-04', DIRECTOR);
    expect(summary.rows.length).toBeGreaterThan(0);
    const portfolio = await parsed(loopSummarySchema, '/api/v1/quality/portfolio?period=2026-04', OWNER_A);
    expect(portfolio.rows.map((r) => r.customerId)).toContain('A');
    expect((await parsed(feedbackListSchema, '/api/v1/accounts/A/feedback', OWNER_A)).feedback).toEqual(expect.any(Array));
  });

  it('the table of contents with an own item, a contract and an own order, and the shared template', async () => {
    const add = { kind: 'add', section: 'Oma', title: 'Oma ohje', linkKind: 'url', linkTarget: 'https://example.com/ohje' };
    expect((await h.call('POST', '/api/v1/accounts/A/toc/overrides', { as: OWNER_A, body: add })).status).toBe(200);
    const contract = { title: 'Puitesopimus', validFrom: '2026-01-01', validTo: null, link: null };
    expect((await h.call('POST', '/api/v1/accounts/A/contracts', { as: OWNER_A, body: contract })).status).toBe(201);
    const before = await parsed(tocViewSchema, '/api/v1/accounts/A/toc', OWNER_A);
    const order = { items: [...before.items].reverse().map((i) => i.id) };
    expect((await h.call('PUT', '/api/v1/accounts/A/toc/order', { as: OWNER_A, body: order })).status).toBe(204);
    const view = await parsed(tocViewSchema, '/api/v1/accounts/A/toc', OWNER_A);
    expect(view.ownOrder).toBe(true);
    expect(view.items.some((i) => i.origin === 'added' && i.href === add.linkTarget)).toBe(true);
    expect(view.contracts.active.map((c) => [c.title, c.current])).toEqual([['Puitesopimus', true]]);
    const template = await parsed(templateResponseSchema, '/api/v1/toc/template', OWNER_A);
    expect(template.items.length).toBeGreaterThan(0);
  });

  it('the onboarding view of the TOC tab with a must-read item', async () => {
    const item = (await parsed(tocViewSchema, '/api/v1/accounts/A/toc', OWNER_A)).items[0]!.id;
    const put = await h.call('PUT', `/api/v1/accounts/A/onboarding/must-read/${item}`, { as: OWNER_A, body: { roles: ['supervisor'] } });
    expect(put.status).toBe(200);
    const view = await parsed(onboardingViewSchema, '/api/v1/accounts/A/onboarding', OWNER_A);
    expect(view.mustRead.map((r) => r.itemId)).toEqual([item]);
    expect(view.members.length).toBeGreaterThan(0);
  });

  it('the members view with its reasons, and a manual addition and exclusion as saved', async () => {
    for (const body of [
      { kind: 'add', email: 'uusi.ihminen@yritysx.example', reason: 'sijainen' },
      { kind: 'exclude', email: SUPERVISOR_A },
    ]) {
      const r = await h.call('POST', '/api/v1/accounts/A/members/overrides', { as: OWNER_A, body });
      expect(r.status).toBe(201);
      const saved = overrideSavedSchema.safeParse(r.body);
      expect(saved.error?.issues ?? []).toEqual([]);
    }
    const view = await parsed(membersViewSchema, '/api/v1/accounts/A/members', OWNER_A);
    expect(view.members.find((m) => m.email === SUPERVISOR_A)?.reasons[0]).toMatchObject({ kind: 'site', region: 'Uusimaa' });
    expect(view.overrides.map((o) => o.kind).sort()).toEqual(['add', 'exclude']);
  });
});
