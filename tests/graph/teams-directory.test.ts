import { DEFAULT_OMITTED_EMAILS, DEFAULT_SERVICE_ACCOUNT } from '../../emulator';
import { createGraphAuth } from '../../graph/graph-auth';
import { createGraphClient } from '../../graph/graph-client';
import { GraphTeamsDirectory } from '../../graph/graph-teams-directory';
import type { DirectoryUser } from '../../src/ports/teams-directory';
import { startTestEmulator } from '../helpers/emulator';
import type { RunningEmulator } from '../../emulator';
import { CLIENT_ID, CLIENT_SECRET, memoryLogger } from './helpers';

const APP_ID = 'f1d9a1b0-0000-4000-8000-00000000a11c';

// Each port operation once against the emulator's state, on the sample billing seed, real clock, pacing on.
describe('GraphTeamsDirectory against the emulator', () => {
  let em: RunningEmulator;
  let dir: GraphTeamsDirectory;
  let people: DirectoryUser[];
  let owner: DirectoryUser;
  const known = [
    'henna.lahtinen@yritysx.example',
    'anu.laaksonen@yritysx.example',
    'inkeri.sjoberg@yritysx.example',
    'raija.karjalainen@yritysx.example',
  ];
  const stateTeam = () => em.state().teams.find((t) => t.id === em.teamId)!;

  beforeAll(async () => {
    em = await startTestEmulator();
    const { logger } = memoryLogger();
    const auth = createGraphAuth({
      authorityHost: em.authorityHost,
      tenantId: em.tenantId,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      logger,
    });
    dir = new GraphTeamsDirectory(createGraphClient({ graphBaseUrl: em.graphBaseUrl, auth, logger, maxRetries: 4 }), logger);
  });
  afterAll(() => em.close());

  test('resolveUsers: known people by email (case and spaces ignored); unknown ones come back as null', async () => {
    const input = [
      ...known.map((e, i) => (i === 0 ? `  ${e.toUpperCase()} ` : e)),
      DEFAULT_SERVICE_ACCOUNT,
      DEFAULT_OMITTED_EMAILS[0]!,
      'no.such.person@yritysx.example',
    ];
    const found = await dir.resolveUsers(input);
    expect(found.size).toBe(input.length);
    expect(found.get(input[0]!)?.mail).toBe(known[0]);
    expect(found.get(DEFAULT_OMITTED_EMAILS[0]!)).toBeNull();
    expect(found.get('no.such.person@yritysx.example')).toBeNull();
    const stateIds = new Set(em.state().users.map((u) => u.id));
    people = known.map((e) => found.get(e === known[0] ? input[0]! : e)!);
    expect(people.every((p) => p && stateIds.has(p.id))).toBe(true);
    owner = found.get(DEFAULT_SERVICE_ACCOUNT)!;
    expect(owner).not.toBeNull();
  });

  test('getTeam, listTeamMembers, addTeamMembers (per-member results), removeTeamMembers', async () => {
    expect((await dir.getTeam(em.teamId)).id).toBe(em.teamId);
    const results = await dir.addTeamMembers(em.teamId, [...people.map((p) => p.id), '00000000-dead-4000-8000-000000000000']);
    expect(results.filter((r) => r.ok).map((r) => r.key)).toEqual(people.map((p) => p.id));
    const bad = results.find((r) => !r.ok)!;
    expect(bad.key).toBe('00000000-dead-4000-8000-000000000000');
    if (!bad.ok) expect(bad.error.code).toBe('NOT_FOUND');
    const members = await dir.listTeamMembers(em.teamId);
    expect(members.map((m) => m.userId).sort()).toEqual([owner.id, ...people.map((p) => p.id)].sort());
    expect(members.find((m) => m.userId === owner.id)!.isOwner).toBe(true);

    const last = members.find((m) => m.userId === people[3]!.id)!;
    expect((await dir.removeTeamMembers(em.teamId, [last.membershipId])).map((r) => r.ok)).toEqual([true]);
    expect((await dir.removeTeamMembers(em.teamId, [last.membershipId])).map((r) => r.ok)).toEqual([true]); // already gone: fine
    expect(stateTeam().members.some((m) => m.userId === people[3]!.id)).toBe(false);
  });

  let channelId = '';

  test('createChannel (private, with an owner and members in one call), listChannels, updateChannel', async () => {
    const ch = await dir.createChannel(em.teamId, {
      displayName: 'Etelä Koulut Oyj',
      description: 'customer 100016',
      membershipType: 'private',
      members: [
        { userId: owner.id, owner: true },
        { userId: people[0]!.id, owner: false },
        { userId: people[1]!.id, owner: false },
      ],
    });
    channelId = ch.id;
    expect(ch.membershipType).toBe('private');
    const inState = stateTeam().channels.find((c) => c.id === ch.id)!;
    expect(inState.membershipType).toBe('private');
    expect(inState.members.map((m) => [m.userId, m.roles.includes('owner')]).sort()).toEqual(
      [
        [owner.id, true],
        [people[0]!.id, false],
        [people[1]!.id, false],
      ].sort(),
    );
    expect((await dir.listChannels(em.teamId)).map((c) => c.id)).toContain(ch.id);
    await dir.updateChannel(em.teamId, ch.id, { displayName: 'Etelä Koulut' });
    expect(stateTeam().channels.find((c) => c.id === ch.id)!.displayName).toBe('Etelä Koulut');
    // Graph's rule surfaces as a typed error: the name is taken.
    await expect(
      dir.createChannel(em.teamId, {
        displayName: 'Etelä Koulut',
        membershipType: 'private',
        members: [{ userId: owner.id, owner: true }],
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/CONFLICT|BAD_INPUT/) });
  });

  test('addChannelMembers / removeChannelMembers report each item; a refused one does not hide the others', async () => {
    const add = await dir.addChannelMembers(em.teamId, channelId, [
      { userId: people[2]!.id, owner: false },
      { userId: people[3]!.id, owner: false }, // no longer a team member: private channel refuses
    ]);
    expect(add[0]).toMatchObject({ key: people[2]!.id, ok: true });
    expect(add[1]).toMatchObject({ key: people[3]!.id, ok: false });
    const members = await dir.listChannelMembers(em.teamId, channelId);
    expect(members.map((m) => m.userId).sort()).toEqual([owner.id, people[0]!.id, people[1]!.id, people[2]!.id].sort());

    const ownerM = members.find((m) => m.userId === owner.id)!;
    const p0 = members.find((m) => m.userId === people[0]!.id)!;
    const removed = await dir.removeChannelMembers(em.teamId, channelId, [p0.membershipId, ownerM.membershipId]);
    expect(removed[0]).toMatchObject({ key: p0.membershipId, ok: true });
    expect(removed[1]).toMatchObject({ key: ownerM.membershipId, ok: false }); // the last owner stays
    const after = stateTeam()
      .channels.find((c) => c.id === channelId)!
      .members.map((m) => m.userId);
    expect(after).not.toContain(people[0]!.id);
    expect(after).toContain(owner.id);
  });

  test('setChannelMemberRoles: promotes and demotes in one batch; demoting the last owner fails alone', async () => {
    const members = await dir.listChannelMembers(em.teamId, channelId);
    const ownerM = members.find((m) => m.userId === owner.id)!;
    const p1 = members.find((m) => m.userId === people[1]!.id)!;
    const promoted = await dir.setChannelMemberRoles(em.teamId, [{ channelId, membershipId: p1.membershipId, owner: true }]);
    expect(promoted).toEqual([expect.objectContaining({ ok: true })]);
    const demoted = await dir.setChannelMemberRoles(em.teamId, [{ channelId, membershipId: ownerM.membershipId, owner: false }]);
    expect(demoted).toEqual([expect.objectContaining({ ok: true })]);
    const roles = () =>
      Object.fromEntries(
        stateTeam()
          .channels.find((c) => c.id === channelId)!
          .members.map((m) => [m.userId, m.roles]),
      );
    expect(roles()[people[1]!.id]).toEqual(['owner']);
    expect(roles()[owner.id]).toEqual([]);
    // people[1] is now the only owner: Graph refuses to demote them, the other change still goes through.
    const mixed = await dir.setChannelMemberRoles(em.teamId, [
      { channelId, membershipId: p1.membershipId, owner: false },
      { channelId, membershipId: ownerM.membershipId, owner: true },
    ]);
    expect(mixed[0]).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(mixed[1]).toMatchObject({ ok: true });
    expect(roles()[people[1]!.id]).toEqual(['owner']);
    expect(roles()[owner.id]).toEqual(['owner']);
  });

  test('createChannel (shared): the 202 + teamsAsyncOperation answer still gives the channel', async () => {
    const ch = await dir.createChannel(em.teamId, {
      displayName: 'Jaettu asiakkuus',
      description: 'shared',
      membershipType: 'shared',
      members: [{ userId: owner.id, owner: true }],
    });
    const inState = stateTeam().channels.find((c) => c.id === ch.id)!;
    expect(inState).toMatchObject({ displayName: 'Jaettu asiakkuus', membershipType: 'shared' });
    expect(ch).toMatchObject({ displayName: 'Jaettu asiakkuus', membershipType: 'shared' });
    // Shared channels need no team membership: someone outside the team can join.
    const add = await dir.addChannelMembers(em.teamId, ch.id, [{ userId: people[3]!.id, owner: false }]);
    expect(add[0]).toMatchObject({ ok: true });
  });

  test('installApp (idempotent) and listInstalledApps; enableAppInChannel; addTab and listTabs', async () => {
    await dir.installApp(em.teamId, APP_ID);
    await dir.installApp(em.teamId, APP_ID);
    expect((await dir.listInstalledApps(em.teamId)).filter((a) => a.teamsAppId === APP_ID)).toHaveLength(1);
    const spec = {
      displayName: 'Vuosikello',
      teamsAppId: APP_ID,
      entityId: 'annual-clock',
      contentUrl: 'https://localhost:3978/tabs/annual-clock?channel={channelId}',
      websiteUrl: 'https://localhost:3978/tabs/annual-clock',
      removeUrl: 'https://localhost:3978/tabs/remove',
    };
    // Installed in the team is not enough in a private channel: Graph's answer names the channel.
    await expect(dir.addTab(em.teamId, channelId, spec)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/needs to be installed to the team .*:19:.* unblocked state/),
    });
    em.clearRequests();
    await dir.enableAppInChannel(em.teamId, { id: channelId, membershipType: 'private' }, APP_ID);
    await dir.enableAppInChannel(em.teamId, { id: channelId, membershipType: 'private' }, APP_ID); // already enabled: fine
    // Private channels only through beta, on the configured host.
    expect(em.requests().map((r) => [r.method, r.path.replace(/channels\/[^/]+/, 'channels/C'), r.status])).toEqual([
      ['POST', `/beta/teams/${encodeURIComponent(em.teamId)}/channels/C/enabledApps/$ref`, 204],
      ['POST', `/beta/teams/${encodeURIComponent(em.teamId)}/channels/C/enabledApps/$ref`, 409],
    ]);
    expect(stateTeam().channels.find((c) => c.id === channelId)!.enabledApps).toEqual([APP_ID]);
    const tab = await dir.addTab(em.teamId, channelId, spec);
    expect(tab.teamsAppId).toBe(APP_ID);
    const tabs = await dir.listTabs(em.teamId, channelId);
    expect(tabs).toEqual([
      expect.objectContaining({ id: tab.id, displayName: 'Vuosikello', entityId: 'annual-clock', teamsAppId: APP_ID }),
    ]);
    expect(stateTeam().channels.find((c) => c.id === channelId)!.tabs).toHaveLength(1);
  });

  test('getFilesFolder and ensureFolders (only the missing ones are created)', async () => {
    const folder = await dir.getFilesFolder(em.teamId, channelId);
    expect(folder.driveId).toBeTruthy();
    const first = await dir.ensureFolders(folder.driveId, folder.itemId, ['Sopimukset', 'Laatu', 'Kokoukset']);
    expect(first.map((f) => [f.name, f.created])).toEqual([
      ['Sopimukset', true],
      ['Laatu', true],
      ['Kokoukset', true],
    ]);
    const second = await dir.ensureFolders(folder.driveId, folder.itemId, ['Sopimukset', 'laatu', 'Raportit']);
    expect(second.map((f) => [f.name, f.created])).toEqual([
      ['Sopimukset', false],
      ['laatu', false],
      ['Raportit', true],
    ]);
    expect(second[0]!.id).toBe(first[0]!.id);
    const kids = em
      .state()
      .driveItems.filter((d) => d.parentId === folder.itemId)
      .map((d) => d.name)
      .sort();
    expect(kids).toEqual(['Kokoukset', 'Laatu', 'Raportit', 'Sopimukset']);
  });

  test('in real time with latency, a burst on one channel is paced under 4/s and draws no 429', async () => {
    em.setLatency(30);
    try {
      const all = await dir.resolveUsers(
        em
          .state()
          .users.slice(0, 12)
          .map((u) => u.mail),
      );
      const ids = [...all.values()].map((u) => u!.id);
      await dir.addTeamMembers(em.teamId, ids);
      em.clearRequests();
      const started = Date.now();
      const res = await dir.addChannelMembers(
        em.teamId,
        channelId,
        ids.slice(0, 9).map((userId) => ({ userId, owner: false })),
      );
      const took = Date.now() - started;
      expect(res.every((r) => r.ok)).toBe(true);
      expect(em.requests().filter((r) => r.status === 429)).toHaveLength(0);
      expect(took).toBeGreaterThanOrEqual(2000); // 9 at 4 per second: three windows
      expect(took).toBeLessThan(6000);
    } finally {
      em.setLatency(0);
    }
  });

  test('stats count HTTP requests and Graph operations', async () => {
    em.clearRequests();
    const before = dir.stats();
    await dir.listChannels(em.teamId);
    await dir.resolveUsers(known.slice(0, 3));
    const after = dir.stats();
    const sent = em.requests().filter((r) => r.path.startsWith('/v1.0') && !r.batchId);
    expect(sent.map((r) => r.path.split('/').pop())).toEqual(['channels', '$batch']);
    expect(after.httpRequests - before.httpRequests).toBe(2);
    expect(after.graphOperations - before.graphOperations).toBe(4); // the list + 3 look-ups in one batch
    expect(after.retries - before.retries).toBe(0);
  });
});
