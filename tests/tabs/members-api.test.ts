import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'restify';
import { seedUsersFromBillingCsv } from '../../emulator';
import { localAppEnv } from '../../scripts/local-env';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { createServer } from '../../src/server/create-server';
import { tabsApiFromConfig } from '../../src/tabs-api';
import { sample, startSyncHarness, ROOT as SYNC_ROOT, type SyncHarness } from '../helpers/sync-harness';
import { engines } from '../store/engines';
import { DIRECTOR, OUTSIDER, OWNER_A, OWNER_B, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

const NEWCOMER = 'ulla.ulkopuolinen@yritysx.example';

describe.each(engines)('members API on %s', (engine) => {
  let h: TabsHarness;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the members of an account and why, to anyone who may read it, with the next sync time', async () => {
    const r = await h.call('GET', '/api/v1/accounts/A/members', { as: SUPERVISOR_A });
    expect(r.status).toBe(200);
    expect(r.body.canWrite).toBe(false);
    expect(r.body.members.map((m: any) => [m.email, m.role, m.name])).toEqual([
      [OWNER_A, 'owner', 'Anna Asiakkuus'],
      [SUPERVISOR_A, 'member', 'Sami Esimies'],
    ]);
    expect(r.body.members[1].reasons.length).toBeGreaterThan(0);
    // SYNC_CRON defaults to 02:00 Europe/Helsinki; "now" is 14 May 2026 12:00 in Helsinki.
    expect(r.body.nextSync).toBe('2026-05-14T23:00:00.000Z');
    expect((await h.call('GET', '/api/v1/accounts/A/members', { as: OWNER_A })).body.canWrite).toBe(true);
    expect((await h.call('GET', '/api/v1/accounts/A/members', { as: DIRECTOR })).body.canWrite).toBe(false);
  });

  it('names the site and region a billing reason comes from', async () => {
    await h.db.store.desiredMemberships.replaceForAccount('B', [
      { email: OWNER_B, role: 'owner', reasons: [{ kind: 'key_account_director', line: 2 }] },
      { email: SUPERVISOR_A, role: 'member', reasons: [{ kind: 'site', siteId: 'B1', siteName: 'Varasto', role: 'supervisor', line: 4 }] },
    ]);
    const r = await h.call('GET', '/api/v1/accounts/B/members', { as: OWNER_B });
    expect(r.body.members.find((m: any) => m.email === SUPERVISOR_A).reasons).toEqual([
      { kind: 'site', siteId: 'B1', role: 'supervisor', line: 4, siteName: 'Varasto', region: 'Varsinais-Suomi' },
    ]);
    await h.db.store.desiredMemberships.replaceForAccount('B', [
      { email: OWNER_B, role: 'owner', reasons: [{ kind: 'key_account_director', line: 2 }] },
    ]);
  });

  it('gives a supervisor of another account, or an outsider, 403 on reads', async () => {
    for (const who of [OWNER_B, OUTSIDER]) {
      const r = await h.call('GET', '/api/v1/accounts/A/members', { as: who });
      expect([who, r.status, r.body.error.code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    expect((await h.call('GET', '/api/v1/accounts/B/members', { as: SUPERVISOR_A })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/accounts/NOPE/members', { as: DIRECTOR })).status).toBe(404);
    expect((await h.call('GET', '/api/v1/accounts/A/members')).status).toBe(401);
  });

  it('gives a supervisor of the account, and a director, 403 on writes and changes nothing', async () => {
    for (const who of [SUPERVISOR_A, DIRECTOR, OWNER_B]) {
      const r = await h.call('POST', '/api/v1/accounts/A/members/overrides', {
        as: who,
        body: { kind: 'add', email: NEWCOMER, reason: 'auttaa' },
      });
      expect([who, r.status, r.body.error.code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    expect(await h.db.store.overrides.listForAccount('A')).toEqual([]);
  });

  it.each([
    ['a bad email', { kind: 'add', email: 'not-an-email', reason: 'x' }, 'email'],
    ['an email with a space inside', { kind: 'add', email: 'ulla ulkopuolinen@yritysx.example', reason: 'x' }, 'email'],
    ['an addition without a reason', { kind: 'add', email: NEWCOMER, reason: '  ' }, 'reason'],
    ['an unknown kind', { kind: 'promote', email: NEWCOMER }, 'kind'],
    ['an extra field', { kind: 'exclude', email: SUPERVISOR_A, role: 'owner' }, 'role'],
  ])('refuses %s with 400 BAD_INPUT naming the field', async (_name, body, field) => {
    const r = await h.call('POST', '/api/v1/accounts/A/members/overrides', { as: OWNER_A, body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_INPUT');
    expect(r.body.error.messageFi).toContain(field);
    expect(await h.db.store.overrides.listForAccount('A')).toEqual([]);
  });

  it('refuses to exclude an owner (409) or someone who is not a member (404)', async () => {
    const owner = await h.call('POST', '/api/v1/accounts/A/members/overrides', { as: OWNER_A, body: { kind: 'exclude', email: OWNER_A } });
    expect([owner.status, owner.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(owner.body.error.message).toMatch(/owns the channel/);
    const stranger = await h.call('POST', '/api/v1/accounts/A/members/overrides', {
      as: OWNER_A,
      body: { kind: 'exclude', email: DIRECTOR },
    });
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lets the owner add and exclude; the change is pending until the next sync and audited with who did it', async () => {
    const added = await h.call('POST', '/api/v1/accounts/A/members/overrides', {
      as: OWNER_A,
      body: { kind: 'add', email: ' Ulla.Ulkopuolinen@YritysX.example ', reason: 'Perehdyttää uudet esimiehet' },
    });
    expect(added.status).toBe(201);
    expect(added.body.override).toMatchObject({
      email: NEWCOMER,
      kind: 'add',
      status: 'pending',
      reason: 'Perehdyttää uudet esimiehet',
      setBy: OWNER_A,
      setByName: 'Anna Asiakkuus',
    });
    expect(added.body.appliesAt).toBe('2026-05-14T23:00:00.000Z');
    const excluded = await h.call('POST', '/api/v1/accounts/A/members/overrides', {
      as: OWNER_A,
      body: { kind: 'exclude', email: SUPERVISOR_A, reason: 'Siirtyi toiseen tehtävään' },
    });
    expect(excluded.status).toBe(201);

    const view = (await h.call('GET', '/api/v1/accounts/A/members', { as: SUPERVISOR_A })).body;
    expect(view.overrides.map((o: any) => [o.email, o.kind, o.status])).toEqual([
      [SUPERVISOR_A, 'exclude', 'pending'],
      [NEWCOMER, 'add', 'pending'],
    ]);
    expect(view.members.find((m: any) => m.email === SUPERVISOR_A).pendingExclusion).toEqual({ overrideId: excluded.body.override.id });

    const audit = await h.db.store.audit.listForAccount('A');
    expect(audit.map((a) => [a.action, a.email, a.detail.by])).toEqual(
      expect.arrayContaining([
        ['override-added', NEWCOMER, OWNER_A],
        ['override-excluded', SUPERVISOR_A, OWNER_A],
      ]),
    );
    expect(audit.find((a) => a.action === 'override-added')?.reason).toBe('Perehdyttää uudet esimiehet');
  });

  it('lets the owner undo a change (audited), but not through another account, and not as a supervisor', async () => {
    const [exclusion] = (await h.db.store.overrides.listForAccount('A')).filter((o) => o.kind === 'exclude');
    expect((await h.call('DELETE', `/api/v1/accounts/A/members/overrides/${exclusion!.id}`, { as: SUPERVISOR_A })).status).toBe(403);
    expect((await h.call('DELETE', `/api/v1/accounts/B/members/overrides/${exclusion!.id}`, { as: OWNER_B })).status).toBe(404);
    const r = await h.call('DELETE', `/api/v1/accounts/A/members/overrides/${exclusion!.id}`, { as: OWNER_A });
    expect(r.status).toBe(204);
    expect((await h.db.store.overrides.listForAccount('A')).map((o) => o.kind)).toEqual(['add']);
    const audit = await h.db.store.audit.listForAccount('A');
    expect(audit.find((a) => a.action === 'override-removed')).toMatchObject({
      email: SUPERVISOR_A,
      detail: { by: OWNER_A, kind: 'exclude' },
    });
    expect((await h.call('DELETE', `/api/v1/accounts/A/members/overrides/${exclusion!.id}`, { as: OWNER_A })).status).toBe(404);
  });
});

/** The owner's change made through the API reaches Teams at the next real sync. */
describe.each(engines)('members API with the real sync on %s', (engine) => {
  const OWNER = 'marja.mattila@yritysx.example'; // key account director of 100035
  let h: SyncHarness;
  let server: Server;
  let url: string;
  let csv: string;
  const call = async (method: string, p: string, as: string, body?: unknown) => {
    const token = await h.em.issueUserToken({ user: as });
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  };

  beforeAll(async () => {
    // Two accounts of the sample export keep the run short; 34 memberships keep one removal under the guard.
    const lines = fs.readFileSync(sample('supervisors.csv'), 'utf8').split(/\r?\n/);
    csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'members-api-')), 'two-accounts.csv');
    fs.writeFileSync(csv, [lines[0], ...lines.filter((l) => /^(100035|100104),/.test(l))].join('\n') + '\n');
    h = await startSyncHarness(engine, {
      emulator: { users: seedUsersFromBillingCsv([sample('supervisors.csv')]), throttling: false },
      env: { GRAPH_PACING: 'false' },
    });
    expect((await h.run(csv)).exitCode).toBe(0);
    const config = loadConfig({ ...localAppEnv(h.em, SYNC_ROOT), DATA_DIR: os.tmpdir() });
    server = createServer({
      logger: silentLogger,
      ping: async () => undefined,
      api: tabsApiFromConfig(config, {
        store: h.services.store,
        logger: silentLogger,
        clock: h.clock,
        roles: { isDirector: () => false, isAdmin: () => false },
      }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, 120_000);
  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await h?.close();
    if (csv) fs.rmSync(path.dirname(csv), { recursive: true, force: true });
  });

  it('adds and removes the person in the channel at the next sync, and keeps it on later syncs', async () => {
    const before = h.channels().get('100035')!;
    const leaving = before.members[0]!;
    const helper = h
      .channels()
      .get('100104')!
      .members.find((m) => !before.members.includes(m))!;
    expect(helper).toBeDefined();

    const view0 = await call('GET', '/api/v1/accounts/100035/members', OWNER);
    expect(view0.status).toBe(200);
    const why = view0.body.members.find((m: any) => m.email === leaving).reasons;
    expect(why[0]).toMatchObject({ kind: 'site', siteName: expect.any(String) });

    expect(
      (
        await call('POST', '/api/v1/accounts/100035/members/overrides', OWNER, {
          kind: 'exclude',
          email: leaving,
          reason: 'Siirtyi toiseen tehtävään',
        })
      ).status,
    ).toBe(201);
    expect(
      (await call('POST', '/api/v1/accounts/100035/members/overrides', OWNER, { kind: 'add', email: helper, reason: 'Perehdyttää' }))
        .status,
    ).toBe(201);
    // Nothing changes in Teams before the sync.
    expect(h.channels().get('100035')!.members).toEqual(before.members);

    for (let i = 0; i < 2; i++) {
      expect((await h.run(csv)).exitCode).toBe(0);
      const ch = h.channels().get('100035')!;
      expect(ch.members).not.toContain(leaving);
      expect(ch.members).toContain(helper);
    }
    const view = (await call('GET', '/api/v1/accounts/100035/members', OWNER)).body;
    expect(view.overrides.map((o: any) => [o.email, o.kind, o.status]).sort()).toEqual(
      [
        [helper, 'add', 'applied'],
        [leaving, 'exclude', 'applied'],
      ].sort(),
    );
    expect(view.members.find((m: any) => m.email === helper).reasons).toEqual([{ kind: 'override' }]);
    expect(view.members.some((m: any) => m.email === leaving)).toBe(false);

    // Undo both: the next sync restores what billing says.
    for (const o of view.overrides)
      expect((await call('DELETE', `/api/v1/accounts/100035/members/overrides/${o.id}`, OWNER)).status).toBe(204);
    expect((await h.run(csv)).exitCode).toBe(0);
    expect(h.channels().get('100035')!.members).toEqual(before.members);
  }, 180_000);
});
