import { engines, openTestDb, type TestDb } from './engines';

// Migration 0013: an account carries the team its channel is in (TEAM_IDS). Channels recorded before
// it are in the one team configured then; the app assigns it at start (accounts.assignTeamWhereMissing).
describe.each(engines)('the account team (%s)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t.close());

  it('fills the team of recorded channels only, keeps a recorded team, and sets it with the channel', async () => {
    const accounts = t.store.accounts;
    await accounts.upsertMany([
      { customerId: '1', name: 'Old channel Oy', isNational: true },
      { customerId: '2', name: 'No channel Oy', isNational: true },
      { customerId: '3', name: 'Team B Oy', isNational: true },
    ]);
    await accounts.setChannel('1', { channelId: 'c1', channelName: 'Old channel Oy' });
    await accounts.setChannel('3', { channelId: 'c3', channelName: 'Team B Oy', teamId: 'team-b' });
    expect((await accounts.get('1'))?.teamId).toBeNull();

    await accounts.assignTeamWhereMissing('team-a');
    expect((await accounts.get('1'))?.teamId).toBe('team-a');
    expect((await accounts.get('2'))?.teamId).toBeNull();
    expect((await accounts.get('3'))?.teamId).toBe('team-b');

    // A rename without a team (older journal entries) keeps the recorded team.
    await accounts.setChannel('3', { channelId: 'c3', channelName: 'Team B Oyj' });
    expect(await accounts.get('3')).toMatchObject({ teamId: 'team-b', channelName: 'Team B Oyj' });
  });
});
