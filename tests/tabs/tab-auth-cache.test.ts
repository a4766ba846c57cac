/** The tab API's caches (verified SSO tokens, group membership) never outlive what they stand for. */
import type { RunningEmulator } from '../../emulator';
import { directoryRoleCheck } from '../../src/tabs-api/access';
import { createSsoVerifier, type Caller } from '../../src/tabs-api/sso-auth';
import { startTestEmulator } from '../helpers/emulator';

const USER = 'anna.asiakkuus@yritysx.example';

describe('verified SSO token cache', () => {
  let em: RunningEmulator;
  let at: number;
  const verifier = (tokenCacheMs = 300_000) =>
    createSsoVerifier({
      authorityHost: em.authorityHost,
      tenantId: em.tenantId,
      clientId: 'local-app-id',
      extraAudiences: ['api://localhost/local-app-id'],
      tokenCacheMs,
      now: () => new Date(at),
    });

  beforeAll(async () => {
    em = await startTestEmulator({ users: [{ email: USER, displayName: 'Anna Asiakkuus' }] });
  });
  afterAll(async () => {
    await em?.close();
  });
  beforeEach(() => {
    at = Date.now();
  });

  it('refuses a token once it has expired, although it was accepted (and cached) before', async () => {
    const v = verifier();
    const token = await em.issueUserToken({ user: USER, expiresInSec: 120 });
    await expect(v.verify(`Bearer ${token}`)).resolves.toMatchObject({ email: USER });
    at += 60_000;
    await expect(v.verify(`Bearer ${token}`)).resolves.toMatchObject({ email: USER });
    // Past exp and the 60 s clock tolerance.
    at += 125_000;
    await expect(v.verify(`Bearer ${token}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a forged copy of a token it has accepted, and keeps refusing a bad token', async () => {
    const v = verifier();
    const token = await em.issueUserToken({ user: USER });
    await v.verify(`Bearer ${token}`);
    const [head, body, sig] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), preferred_username: 'johtaja@yritysx.example' }),
    ).toString('base64url');
    for (let i = 0; i < 2; i++)
      await expect(v.verify(`Bearer ${head}.${forged}.${sig}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const stray = await em.issueUserToken({ user: USER, signWithUnknownKey: true });
    for (let i = 0; i < 2; i++) await expect(v.verify(`Bearer ${stray}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers repeated requests with one token quickly (the signature is checked once)', async () => {
    const token = await em.issueUserToken({ user: USER });
    const timeOf = async (v: ReturnType<typeof verifier>) => {
      await v.verify(`Bearer ${token}`);
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) await v.verify(`Bearer ${token}`);
      return performance.now() - t0;
    };
    const uncached = await timeOf(verifier(0));
    const cached = await timeOf(verifier());
    expect(cached).toBeLessThan(uncached);
  });

  it('never keeps the token text in the error it raises', async () => {
    const token = await em.issueUserToken({ user: USER, expiresInSec: -600 });
    const err = await verifier()
      .verify(`Bearer ${token}`)
      .catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(token.split('.')[2]);
  });
});

describe('director and admin groups from the directory', () => {
  const caller: Caller = { oid: 'user-1', email: USER, name: 'Anna', groups: [], roles: [] };
  const ids = { directorGroupId: 'directors', adminGroupId: 'admins' };

  function fakeDirectory(members: Set<string>) {
    const d = {
      calls: 0,
      failing: false,
      async checkMemberGroups(_userId: string, groupIds: string[]) {
        d.calls++;
        await new Promise((r) => setTimeout(r, 5));
        if (d.failing) throw new Error('Graph 503');
        return groupIds.filter((g) => members.has(g));
      },
    };
    return d;
  }

  it('keeps a removed director a director until TAB_ROLE_CACHE_SEC has passed, then not', async () => {
    const members = new Set(['directors']);
    const dir = fakeDirectory(members);
    let at = Date.parse('2026-05-14T09:00:00Z');
    const check = directoryRoleCheck(dir, ids, { ttlMs: 300_000, now: () => new Date(at) });
    expect(await check.isDirector(caller)).toBe(true);
    expect(await check.isAdmin(caller)).toBe(false);
    members.delete('directors');
    at += 299_000;
    expect(await check.isDirector(caller)).toBe(true);
    at += 2_000;
    expect(await check.isDirector(caller)).toBe(false);
  });

  it('asks Graph once for a burst of requests by one user', async () => {
    const dir = fakeDirectory(new Set(['admins']));
    const check = directoryRoleCheck(dir, ids, { ttlMs: 300_000, now: () => new Date() });
    const answers = await Promise.all(Array.from({ length: 20 }, () => Promise.all([check.isDirector(caller), check.isAdmin(caller)])));
    expect(answers.every(([d, a]) => !d && a)).toBe(true);
    expect(dir.calls).toBe(1);
  });

  it('grants nothing when Graph fails, and asks again on the next request', async () => {
    const dir = fakeDirectory(new Set(['directors']));
    dir.failing = true;
    const check = directoryRoleCheck(dir, ids, { ttlMs: 300_000, now: () => new Date() });
    expect(await check.isDirector(caller)).toBe(false);
    dir.failing = false;
    expect(await check.isDirector(caller)).toBe(true);
    expect(dir.calls).toBe(2);
  });

  it('still honours a groups claim in the token', async () => {
    const dir = fakeDirectory(new Set());
    const check = directoryRoleCheck(dir, ids, { ttlMs: 300_000, now: () => new Date() });
    expect(await check.isDirector({ ...caller, groups: ['directors'] })).toBe(true);
  });
});
