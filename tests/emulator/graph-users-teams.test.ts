import { DEFAULT_OMITTED_EMAILS, type RunningEmulator } from '../../emulator';
import { bindUser, emulatorAppToken, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

describe('emulated Graph: users, team, team members', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false, pageSize: 25 });
    g = graphCaller(em, await emulatorAppToken(em));
  });
  afterAll(() => em.close());

  it('finds users by id, by UPN, and by mail / userPrincipalName filters', async () => {
    const byUpn = await g('GET', '/users/henna.lahtinen@yritysx.example');
    expect(byUpn.status).toBe(200);
    expect(byUpn.body).toMatchObject({ displayName: 'Henna Lahtinen', mail: 'henna.lahtinen@yritysx.example' });
    const byId = await g('GET', `/users/${byUpn.body.id}`);
    expect(byId.body.userPrincipalName).toBe('henna.lahtinen@yritysx.example');
    const byMail = await g('GET', `/users?$filter=${encodeURIComponent("mail eq 'Henna.Lahtinen@yritysx.example'")}`);
    expect(byMail.body.value.map((u: any) => u.id)).toEqual([byUpn.body.id]);
    const byUpnFilter = await g('GET', `/users?$filter=${encodeURIComponent("userPrincipalName eq 'henna.lahtinen@yritysx.example'")}`);
    expect(byUpnFilter.body.value).toHaveLength(1);
  });

  it('answers an omitted (unknown) user with 404 in Graph error shape', async () => {
    const r = await g('GET', `/users/${DEFAULT_OMITTED_EMAILS[0]}`, undefined, { 'client-request-id': 'abc-123' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('Request_ResourceNotFound');
    expect(typeof r.body.error.message).toBe('string');
    expect(r.body.error.innerError['client-request-id']).toBe('abc-123');
    expect(r.body.error.innerError['request-id']).toBe(r.headers['request-id']);
    expect(Number.isNaN(Date.parse(r.body.error.innerError.date))).toBe(false);
    const filtered = await g('GET', `/users?$filter=${encodeURIComponent(`mail eq '${DEFAULT_OMITTED_EMAILS[1]}'`)}`);
    expect(filtered.body.value).toEqual([]);
  });

  it('pages lists with $top and @odata.nextLink until every item was seen once', async () => {
    const total = em.state().users.length;
    expect(total).toBeGreaterThan(60);
    const seen = new Set<string>();
    let next: string | undefined = `${em.graphBaseUrl}/users?$top=20`;
    let pages = 0;
    while (next) {
      const r: { body: any } = await g('GET', next.slice(em.graphBaseUrl.length));
      expect(r.body.value.length).toBeLessThanOrEqual(20);
      for (const u of r.body.value) seen.add(u.id);
      next = r.body['@odata.nextLink'];
      pages++;
    }
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 20));
    // Without $top the configured page size applies.
    const first = await g('GET', '/users');
    expect(first.body.value).toHaveLength(25);
    expect(first.body['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('serves the team with the service account as owner', async () => {
    const t = await g('GET', teamPath(em.teamId));
    expect(t.status).toBe(200);
    expect(t.body.id).toBe(em.teamId);
    const members = await g('GET', `${teamPath(em.teamId)}/members`);
    expect(members.body.value).toEqual([expect.objectContaining({ email: 'palvelutili@yritysx.example', roles: ['owner'] })]);
    expect((await g('GET', teamPath('19:nope@thread.tacv2'))).status).toBe(404);
  });

  it('adds one member, bulk-adds with per-member results, and removes members', async () => {
    const one = await g('POST', `${teamPath(em.teamId)}/members`, {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: [],
      'user@odata.bind': bindUser('henna.koskinen@yritysx.example'),
    });
    expect(one.status).toBe(201);
    const emails = ['anu.laaksonen@yritysx.example', 'sirpa.laine@yritysx.example', DEFAULT_OMITTED_EMAILS[0]!];
    const bulk = await g('POST', `${teamPath(em.teamId)}/members/add`, {
      values: emails.map((e) => ({
        '@odata.type': 'microsoft.graph.aadUserConversationMember',
        roles: [],
        'user@odata.bind': bindUser(e),
      })),
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.value).toHaveLength(3);
    expect(bulk.body.value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.aadUserConversationMemberResult', error: null });
    expect(bulk.body.value[2].error.code).toBe('NotFound');
    const list = await g('GET', `${teamPath(em.teamId)}/members`);
    const anu = list.body.value.find((m: any) => m.email === 'anu.laaksonen@yritysx.example');
    expect(anu).toBeDefined();
    expect(list.body.value.some((m: any) => m.email === DEFAULT_OMITTED_EMAILS[0])).toBe(false);
    expect((await g('DELETE', `${teamPath(em.teamId)}/members/${encodeURIComponent(anu.id)}`)).status).toBe(204);
    const after = await g('GET', `${teamPath(em.teamId)}/members`);
    expect(after.body.value.some((m: any) => m.email === 'anu.laaksonen@yritysx.example')).toBe(false);
  });

  it('refuses members/add with more than 200 members (conversationmembers-add limit)', async () => {
    const users = em.state().users.slice(0, 10);
    const values = Array.from({ length: 201 }, (_, i) => ({ roles: [], 'user@odata.bind': bindUser(users[i % users.length]!.id) }));
    const r = await g('POST', `${teamPath(em.teamId)}/members/add`, { values });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequest');
    const ok200 = await g('POST', `${teamPath(em.teamId)}/members/add`, { values: values.slice(0, 200) });
    expect(ok200.status).toBe(200);
    expect(ok200.body.value).toHaveLength(200);
  });
});
