/**
 * Issue 10, tab SSO: people are keyed by the token's oid (the e-mail in it is for display only),
 * and only the Teams/Microsoft 365 clients (azp/appid) plus configured extras are accepted.
 */
import { engines } from '../store/engines';
import { OUTSIDER, OWNER_A, startTabsHarness, type TabsHarness } from '../tabs/harness';

const EXTRA_CLIENT = '11111111-2222-4333-8444-555555555555';

describe.each(engines)('tab SSO identity on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine, { env: { SSO_ALLOWED_CLIENT_IDS: EXTRA_CLIENT } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a token whose preferred_username names the owner but whose oid is another person gets no access', async () => {
    const forged = await h.token(OUTSIDER, { preferredUsername: OWNER_A });
    expect((await h.call('GET', '/api/v1/accounts/A', { token: forged })).status).toBe(403);
    expect((await h.call('POST', '/api/v1/accounts/A/contracts', { token: forged, body: { title: 'X' } })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/accounts', { token: forged })).body.accounts).toEqual([]);
    expect(await h.db.store.tableOfContents.listContracts('A')).toEqual([]);
  });

  it('the owner keeps access after a change of preferred_username (same oid); the e-mail shown is the directory’s', async () => {
    const renamed = await h.token(OWNER_A, { preferredUsername: 'anna.uusinimi@yritysx.example' });
    const r = await h.call('GET', '/api/v1/accounts/A', { token: renamed });
    expect([r.status, r.body.canWrite]).toEqual([200, true]);
    expect((await h.call('GET', '/api/v1/me', { token: renamed })).body.email).toBe(OWNER_A);
  });

  it('a person the directory does not know by oid has no account access', async () => {
    const stranger = await h.token('tuntematon@yritysx.example');
    expect((await h.call('GET', '/api/v1/accounts/A', { token: stranger })).status).toBe(403);
  });

  it('refuses tokens requested by a client that is neither a Teams/Microsoft 365 client nor configured (401)', async () => {
    const other = await h.token(OWNER_A, { azp: '99999999-0000-4000-8000-000000000000' });
    const r = await h.call('GET', '/api/v1/accounts/A', { token: other });
    expect([r.status, r.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    for (const azp of ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '4765445b-32c6-49b0-83e6-1d93765276ca', EXTRA_CLIENT]) {
      expect([azp, (await h.call('GET', '/api/v1/accounts/A', { token: await h.token(OWNER_A, { azp }) })).status]).toEqual([azp, 200]);
    }
  });
});
