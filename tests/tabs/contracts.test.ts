import type { z } from 'zod';
import { accountsResponseSchema, meSchema } from '../../src/tabs-api/contracts/accounts';
import { clockViewSchema } from '../../src/tabs-api/contracts/annual-clock';
import { managementSummaryViewSchema, qualityCardViewSchema } from '../../src/tabs-api/contracts/quality-card';
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
});
