import { engines } from '../store/engines';
import { sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';
import { AppError } from '../../src/errors/app-error';
import { parseWalls } from '../../src/membership';
import { createMembersService } from '../../src/tabs-api/members-service';

const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv')]);
// In the sample, 100016 and 100801 share three members (their regional director, manager and sales manager).
const SHARED = ['kalle.laine@yritysx.example', 'outi.niemi@yritysx.example', 'timo.karkkainen@yritysx.example'];
const WALLS = 'kilpailijat=100016,100801';

describe.each(engines)('walls between accounts, end to end (%s)', (engine) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, {
      emulator: { users: allUsers, throttling: false },
      env: { GRAPH_PACING: 'false', ACCOUNT_WALLS: WALLS },
    });
  }, 120_000);
  afterAll(() => h?.close());

  it('refuses the second membership, audits it and tells both owners', async () => {
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.exitCode).toBe(0);
    const channels = h.channels();
    for (const e of SHARED) {
      expect(channels.get('100016')!.members).toContain(e); // first by id: nobody held either before
      expect(channels.get('100801')!.members).not.toContain(e);
    }
    expect(channels.get('100801')!.members.length).toBeGreaterThan(5);
    const audit = (await h.services.store.audit.listForAccount('100801')).filter((a) => a.action === 'wall-refused');
    expect(audit.map((a) => a.email).sort()).toEqual(SHARED);
    expect(audit[0]).toMatchObject({ runId: outcome.summary.runId, detail: { wall: 'kilpailijat', keptIn: '100016' } });
    const notes = await h.services.store.outbox.list({ kind: 'access-note' });
    const told = new Set(notes.map((n) => (n.target as { email: string }).email));
    expect(told).toEqual(new Set(['johanna.lahtinen@yritysx.example', 'anu.rantanen@yritysx.example']));
    expect(notes).toHaveLength(SHARED.length * 2);
  }, 300_000);

  it('keeps the refusal stable on the next run (no flapping, no repeated notes)', async () => {
    h.em.clearRequests();
    const outcome = await h.run(sample('supervisors.csv'));
    expect(outcome.summary.members).toEqual({ added: 0, removed: 0, failed: 0 });
    expect(await h.services.store.outbox.list({ kind: 'access-note' })).toHaveLength(SHARED.length * 2);
  }, 120_000);

  it("refuses an owner's manual addition across the wall at once, with the reason", async () => {
    const store = h.services.store;
    const svc = createMembersService(store, h.clock, { timeZone: 'Europe/Helsinki', walls: parseWalls(WALLS) });
    const account = (await store.accounts.get('100801'))!;
    const err = await svc
      .setOverride(account, { kind: 'add', email: SHARED[0]!, reason: 'apuun' }, 'anu.rantanen@yritysx.example')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).userMessage('fi')).toMatch(/kuuluu jo asiakkuuteen .+ saman rajan \(kilpailijat\)/);
    expect((err as AppError).userMessage('en')).toMatch(/already belongs to account .+ same wall \(kilpailijat\)/);
    expect(await store.overrides.listForAccount('100801')).toEqual([]);
  });
});
