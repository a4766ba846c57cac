import type { RunningEmulator } from '../../emulator';
import { bindUser, channelPath, emulatorAppToken, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

const owner = 'palvelutili@yritysx.example';
const member = (upn: string, roles: string[] = []) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  roles,
  'user@odata.bind': bindUser(upn),
});

describe('emulated Graph: channels and their documented rules', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  const teamMembers = ['henna.lahtinen@yritysx.example', 'anu.laaksonen@yritysx.example', 'inkeri.sjoberg@yritysx.example'];
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false });
    g = graphCaller(em, await emulatorAppToken(em));
    const r = await g('POST', `${teamPath(em.teamId)}/members/add`, { values: teamMembers.map((u) => member(u)) });
    expect(r.status).toBe(200);
  });
  afterAll(() => em.close());

  const createPrivate = (displayName: string, members: unknown[]) =>
    g('POST', `${teamPath(em.teamId)}/channels`, { displayName, membershipType: 'private', members });

  it('creates, lists, gets and renames a standard channel', async () => {
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Yleinen tiedotus', description: 'x' });
    expect(c.status).toBe(201);
    expect(c.body.membershipType).toBe('standard');
    expect((await g('GET', channelPath(em.teamId, c.body.id))).body.displayName).toBe('Yleinen tiedotus');
    expect((await g('PATCH', channelPath(em.teamId, c.body.id), { displayName: 'Tiedotteet' })).status).toBe(204);
    const list = await g('GET', `${teamPath(em.teamId)}/channels`);
    expect(list.body.value.map((x: any) => x.displayName)).toEqual(expect.arrayContaining(['General', 'Tiedotteet']));
  });

  it('limits channel displayName to 50 characters (channel-post)', async () => {
    const fifty = 'A'.repeat(50);
    expect((await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: fifty + 'B' })).status).toBe(400);
    expect((await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: fifty })).status).toBe(201);
  });

  it('keeps names unique in the team, case-insensitively, including deleted channels', async () => {
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Asiakas Oy' });
    const dup = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'ASIAKAS oy' });
    expect(dup.status).toBe(400);
    expect(dup.body.error).toMatchObject({ code: 'BadRequest', message: 'Channel name already existed, please use other name.' });
    expect((await g('DELETE', channelPath(em.teamId, c.body.id))).status).toBe(204);
    // Deleted: gone from reads, kept (restorable) in state, name still taken.
    expect((await g('GET', channelPath(em.teamId, c.body.id))).status).toBe(404);
    const list = await g('GET', `${teamPath(em.teamId)}/channels`);
    expect(list.body.value.some((x: any) => x.id === c.body.id)).toBe(false);
    const stored = em.state().teams[0]!.channels.find((x) => x.id === c.body.id)!;
    expect(stored.deleted).toBe(true);
    expect(stored.deletedDateTime).not.toBeNull();
    expect((await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'asiakas oy' })).status).toBe(400);
    // Renaming onto a taken name is refused as well.
    const other = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Toinen' });
    expect((await g('PATCH', channelPath(em.teamId, other.body.id), { displayName: 'Asiakas OY' })).status).toBe(400);
  });

  it('requires private-channel members to be team members', async () => {
    const r = await createPrivate('Yksityinen 1', [member(owner, ['owner']), member('ville.salo.not.in.team@yritysx.example')]);
    expect(r.status).toBe(400);
    const outsider = await createPrivate('Yksityinen 1', [member(owner, ['owner']), member('outi.niemi@yritysx.example')]);
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.message).toMatch(/team member/);
    const ok = await createPrivate('Yksityinen 1', [member(owner, ['owner']), member(teamMembers[0]!)]);
    expect(ok.status).toBe(201);
    expect(ok.body.membershipType).toBe('private');
  });

  it('needs an owner for an app-only private create and allows at most 200 members', async () => {
    const noOwner = await createPrivate('Ei omistajaa', [member(teamMembers[0]!)]);
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.error.message).toMatch(/owner/i);
    const tooMany = await createPrivate(
      'Liian monta',
      Array.from({ length: 201 }, () => member(owner, ['owner'])),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/200/);
  });

  it('creates shared channels with exactly one owner', async () => {
    const shared = (name: string, members: unknown[]) =>
      g('POST', `${teamPath(em.teamId)}/channels`, { displayName: name, membershipType: 'shared', members });
    expect((await shared('Jaettu', [member(owner, ['owner']), member(teamMembers[1]!, ['owner'])])).status).toBe(400);
    const accepted = await shared('Jaettu', [member(owner, ['owner'])]);
    // channel-post: a shared channel is created asynchronously (202, the teamsAsyncOperation in Location).
    expect(accepted.status).toBe(202);
    const location = String(accepted.headers.location);
    expect(location).toMatch(/^\/teams\/[^/]+\/operations\/[^/]+$/);
    const op = await g('GET', location);
    expect(op.body).toMatchObject({ operationType: 'createChannel', status: 'succeeded' });
    const channelId = op.body.targetResourceId;
    expect((await g('GET', channelPath(em.teamId, channelId))).body).toMatchObject({ displayName: 'Jaettu', membershipType: 'shared' });
    // Shared channels may hold people outside the team.
    expect((await g('POST', `${channelPath(em.teamId, channelId)}/members`, member('outi.niemi@yritysx.example'))).status).toBe(201);
  });

  it('manages channel members one per POST, only in private/shared channels, never removing the last owner', async () => {
    const c = await createPrivate('Jäsenet', [member(owner, ['owner'])]);
    const base = `${channelPath(em.teamId, c.body.id)}/members`;
    const added = await g('POST', base, member(teamMembers[2]!));
    expect(added.status).toBe(201);
    expect((await g('POST', base, member('outi.niemi@yritysx.example'))).status).toBe(400); // not in the team
    expect((await g('POST', base, { values: [member(teamMembers[1]!)] })).status).toBe(400);
    const list = await g('GET', base);
    expect(list.body.value.map((m: any) => m.email).sort()).toEqual([owner, teamMembers[2]].sort());
    const ownerM = list.body.value.find((m: any) => m.email === owner);
    const last = await g('DELETE', `${base}/${encodeURIComponent(ownerM.id)}`);
    expect(last.status).toBe(400);
    // Graph's error resource: { error: { code, message, innerError: { date, request-id, client-request-id } } }.
    expect(last.body.error).toMatchObject({
      code: 'BadRequest',
      message: expect.stringMatching(/last owner/),
      innerError: expect.objectContaining({ 'request-id': expect.any(String) }),
    });
    expect(
      (
        await g('PATCH', `${base}/${encodeURIComponent(ownerM.id)}`, {
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          roles: [],
        })
      ).status,
    ).toBe(400);
    // With a second owner the first may go.
    expect((await g('PATCH', `${base}/${encodeURIComponent(added.body.id)}`, { roles: ['owner'] })).status).toBe(200);
    expect((await g('DELETE', `${base}/${encodeURIComponent(ownerM.id)}`)).status).toBe(204);
    const standard = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Vakio' });
    expect((await g('POST', `${channelPath(em.teamId, standard.body.id)}/members`, member(teamMembers[0]!))).status).toBe(400);
  });

  it('installs apps in the team and adds tabs only for installed apps', async () => {
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Välilehdet' });
    const tab = {
      displayName: 'Vuosikello',
      'teamsApp@odata.bind': 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/app-123',
      configuration: { entityId: 'clock', contentUrl: 'https://x/tab', websiteUrl: 'https://x', removeUrl: 'https://x/rm' },
    };
    expect((await g('POST', `${channelPath(em.teamId, c.body.id)}/tabs`, tab)).status).toBe(400);
    expect(
      (
        await g('POST', `${teamPath(em.teamId)}/installedApps`, {
          'teamsApp@odata.bind': 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/app-123',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await g('POST', `${teamPath(em.teamId)}/installedApps`, {
          'teamsApp@odata.bind': 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/app-123',
        })
      ).status,
    ).toBe(409);
    const apps = await g('GET', `${teamPath(em.teamId)}/installedApps?$expand=teamsApp`);
    expect(apps.body.value.map((a: any) => a.teamsApp.id)).toEqual(['app-123']);
    const added = await g('POST', `${channelPath(em.teamId, c.body.id)}/tabs`, tab);
    expect(added.status).toBe(201);
    const tabs = await g('GET', `${channelPath(em.teamId, c.body.id)}/tabs`);
    expect(tabs.body.value).toEqual([expect.objectContaining({ displayName: 'Vuosikello', configuration: tab.configuration })]);
  });

  it('provisions the channel filesFolder and creates folders with conflictBehavior', async () => {
    const c = await createPrivate('Tiedostot', [member(owner, ['owner'])]);
    const folder = await g('GET', `${channelPath(em.teamId, c.body.id)}/filesFolder`);
    expect(folder.status).toBe(200);
    const driveId = folder.body.parentReference.driveId;
    expect(typeof driveId).toBe('string');
    expect(folder.body.name).toBe('Tiedostot');
    const kids = `/drives/${encodeURIComponent(driveId)}/items/${folder.body.id}/children`;
    const body = { name: 'Sopimukset', folder: {}, '@microsoft.graph.conflictBehavior': 'fail' };
    expect((await g('POST', kids, body)).status).toBe(201);
    const again = await g('POST', kids, body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('nameAlreadyExists');
    const renamed = await g('POST', kids, { ...body, '@microsoft.graph.conflictBehavior': 'rename' });
    expect(renamed.body.name).toBe('Sopimukset 1');
    expect((await g('GET', kids)).body.value.map((x: any) => x.name).sort()).toEqual(['Sopimukset', 'Sopimukset 1']);
    // Same folder on a second call.
    expect((await g('GET', `${channelPath(em.teamId, c.body.id)}/filesFolder`)).body.id).toBe(folder.body.id);
  });

  it('caps a team at 1,000 channels, counting deleted ones', async () => {
    const t = em.state().teams[0]!;
    let existing = t.channels.length;
    let n = 0;
    while (existing < 1000) {
      const size = Math.min(20, 1000 - existing);
      const requests = Array.from({ length: size }, (_, i) => ({
        id: String(i + 1),
        method: 'POST',
        url: `${teamPath(em.teamId)}/channels`,
        headers: { 'Content-Type': 'application/json' },
        body: { displayName: `Kanava ${n++}` },
      }));
      const r = await g('POST', '/$batch', { requests });
      expect(r.body.responses.every((x: any) => x.status === 201)).toBe(true);
      existing += size;
    }
    const firstExtra = em.state().teams[0]!.channels.find((c) => c.displayName === 'Kanava 0')!;
    expect((await g('DELETE', channelPath(em.teamId, firstExtra.id))).status).toBe(204);
    const over = await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: 'Yksi liikaa' });
    expect(over.status).toBe(403);
    expect(over.body.error.message).toMatch(/1000/);
  });
});
