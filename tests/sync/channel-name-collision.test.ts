import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { billingRow, startSyncHarness, testMail, writeBillingCsv, type SyncHarness } from '../helpers/sync-harness';
import { emulatorAppToken, graphCaller, teamPath } from '../helpers/emulator';
import { seedUsersFromBillingCsv } from '../../emulator';

// A deleted channel keeps its name while it can be restored: Graph refuses the name (400 "Channel name
// already existed"), which the planner cannot see in the channel list. The sync falls back to the
// collision rule "<name> (<customer id>)" instead of failing the account.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'name-collision-'));
const csv = writeBillingCsv(dir, 'gamma.csv', [billingRow('200003', 'Gamma Oy', '7000005', 'g.sup1', 'g', 'kad.three')]);
const users = seedUsersFromBillingCsv([csv]);
const writes = (h: SyncHarness) => h.em.requests().filter((r) => r.method !== 'GET' && !r.path.includes('$batch'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(['private', 'shared'] as const)('a channel name held by a deleted channel (%s channels)', (channelType) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness('sqlite', {
      emulator: { users, throttling: false },
      env: { GRAPH_PACING: 'false', CHANNEL_TYPE: channelType },
    });
    const g = graphCaller(h.em, await emulatorAppToken(h.em));
    const old = await g('POST', `${teamPath(h.em.teamId)}/channels`, { displayName: 'Gamma Oy' });
    expect(old.status).toBe(201);
    expect((await g('DELETE', `${teamPath(h.em.teamId)}/channels/${encodeURIComponent(old.body.id)}`)).status).toBe(204);
  }, 60_000);
  afterAll(() => h?.close());

  it('creates the account channel under "<name> (<customer id>)" with its owner and members', async () => {
    const outcome = await h.run(csv);
    expect(outcome.summary.problems).toEqual([]);
    const got = h.channels().get('200003')!;
    expect(got).toMatchObject({ displayName: 'Gamma Oy (200003)', membershipType: channelType, owners: [testMail('kad.three')] });
    expect(got.members).toEqual([testMail('g.man'), testMail('g.rd'), testMail('g.sales'), testMail('g.sup1')]);
    expect((await h.services.store.accounts.list()).find((a) => a.customerId === '200003')?.channelName).toBe('Gamma Oy (200003)');
  }, 60_000);

  it('keeps that name on the next run and writes nothing', async () => {
    h.em.clearRequests();
    const outcome = await h.run(csv);
    expect(outcome.exitCode).toBe(0);
    expect(writes(h)).toEqual([]);
    expect(h.channels().get('200003')!.displayName).toBe('Gamma Oy (200003)');
  }, 60_000);
});
