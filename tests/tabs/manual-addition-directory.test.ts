import { AppError } from '../../src/errors/app-error';
import type { DirectoryUser } from '../../src/ports/teams-directory';
import { createMembersService, type DirectoryLookup } from '../../src/tabs-api/members-service';
import { engines, openTestDb, type TestDb } from '../store/engines';

const KNOWN = 'sanna.sijainen@yritysx.example';
const UNKNOWN = 'ei.ole@yritysx.example';
const OWNER = 'omistaja@yritysx.example';

/** The directory port as Graph answers it: known addresses resolve, others are null. */
const directory: DirectoryLookup & { asked: string[] } = {
  asked: [],
  async resolveUsers(emails) {
    this.asked.push(...emails);
    return new Map(
      emails.map((e): [string, DirectoryUser | null] => [
        e,
        e === KNOWN ? { id: 'oid-sanna', displayName: 'Sanna Sijainen', mail: e, userPrincipalName: e } : null,
      ]),
    );
  },
};

describe.each(engines)('manual additions are checked against the directory (%s)', (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
    await db.store.accounts.upsertMany([{ customerId: 'A', name: 'Ääninen Oy', isNational: true, ownerEmail: OWNER }]);
    await db.store.desiredMemberships.replaceForAccount('A', [{ email: OWNER, role: 'owner', reasons: [] }]);
  });
  afterAll(() => db?.close());

  it('refuses an address the directory does not know, with a clear message, and saves nothing', async () => {
    const svc = createMembersService(db.store, db.clock, { timeZone: 'Europe/Helsinki' }, directory);
    const account = (await db.store.accounts.get('A'))!;
    const err = await svc.setOverride(account, { kind: 'add', email: UNKNOWN, reason: 'lomasijainen' }, OWNER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect((err as AppError).userMessage('fi')).toContain('ei löydy hakemistosta – ei voida lisätä');
    expect(await db.store.overrides.listForAccount('A')).toEqual([]);
    expect(directory.asked).toContain(UNKNOWN);
  });

  it('accepts a known address; the members view marks who the directory knows', async () => {
    const svc = createMembersService(db.store, db.clock, { timeZone: 'Europe/Helsinki' }, directory);
    const account = (await db.store.accounts.get('A'))!;
    const out = await svc.setOverride(account, { kind: 'add', email: KNOWN, reason: 'lomasijainen' }, OWNER);
    expect(out.override).toMatchObject({ email: KNOWN, inDirectory: true, name: 'Sanna Sijainen' });
    // A member billing names whom the sync could not find in the directory.
    await db.store.desiredMemberships.replaceForAccount('A', [
      { email: OWNER, role: 'owner', reasons: [] },
      { email: UNKNOWN, role: 'member', reasons: [] },
    ]);
    await db.store.people.saveResolutions([{ email: UNKNOWN, objectId: null, displayName: null }]);
    const view = await svc.view(account, true);
    expect(view.members.map((m) => [m.email, m.inDirectory])).toEqual([
      [OWNER, null],
      [UNKNOWN, false],
    ]);
  });
});
