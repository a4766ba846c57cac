import type { RunningEmulator } from '../../emulator';
import { WINDOW_GRACE_MS } from '../../emulator/retry-after-watch';
import { bindUser, channelPath, emulatorAppToken, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

const owner = 'palvelutili@yritysx.example';
const member = (upn: string, roles: string[] = []) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  roles,
  'user@odata.bind': bindUser(upn),
});
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('emulated Graph pages each list as its API page documents', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  let channelId = '';
  let people: string[] = [];
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false });
    g = graphCaller(em, await emulatorAppToken(em));
    people = em
      .state()
      .users.map((u) => u.mail)
      .filter((m) => m !== owner)
      .slice(0, 150);
    expect(people).toHaveLength(150);
    expect((await g('POST', `${teamPath(em.teamId)}/members/add`, { values: people.map((u) => member(u)) })).status).toBe(200);
    const c = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: 'Iso asiakas',
      membershipType: 'private',
      members: [member(owner, ['owner']), ...people.slice(0, 120).map((u) => member(u))],
    });
    expect(c.status).toBe(201);
    channelId = c.body.id;
  }, 60_000);
  afterAll(() => em.close());

  it.each([
    ['team members (team-list-members)', () => `${teamPath(em.teamId)}/members`, 151],
    ['channel members (channel-list-members)', () => `${channelPath(em.teamId, channelId)}/members`, 121],
  ])('%s: 100 per page by default, up to 999 with $top', async (_name, url, total) => {
    const first = await g('GET', url());
    expect(first.body.value).toHaveLength(100);
    expect(first.body['@odata.nextLink']).toContain('$skiptoken=');
    const rest = await g('GET', first.body['@odata.nextLink'].slice(em.graphBaseUrl.length));
    expect(rest.body.value).toHaveLength(total - 100);
    const all = await g('GET', `${url()}?$top=999`);
    expect(all.body.value).toHaveLength(total);
    expect(all.body['@odata.nextLink']).toBeUndefined();
    expect((await g('GET', `${url()}?$top=1000`)).status).toBe(400);
  });

  it('lists without documented paging (channels, tabs, installed apps) answer whole and ignore $top', async () => {
    const r = await g('GET', `${teamPath(em.teamId)}/channels?$top=1`);
    expect(r.body.value.length).toBeGreaterThan(1);
    expect(r.body['@odata.nextLink']).toBeUndefined();
  });

  it('--page-size shrinks every paged list for tests, not the unpaged ones', async () => {
    const small = await startTestEmulator({ throttling: false, pageSize: 2 });
    try {
      const gs = graphCaller(small, await emulatorAppToken(small));
      await gs('POST', `${teamPath(small.teamId)}/members/add`, { values: people.slice(0, 5).map((u) => member(u)) });
      const r = await gs('GET', `${teamPath(small.teamId)}/members?$top=999`);
      expect(r.body.value).toHaveLength(2);
      expect(r.body['@odata.nextLink']).toContain('$top=2');
      for (const n of ['A', 'B', 'C']) await gs('POST', `${teamPath(small.teamId)}/channels`, { displayName: n });
      expect((await gs('GET', `${teamPath(small.teamId)}/channels`)).body.value.length).toBe(4);
    } finally {
      await small.close();
    }
  });
});

describe('emulated Graph counts requests sent inside a Retry-After window it announced', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  const chans: string[] = [];
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false });
    g = graphCaller(em, await emulatorAppToken(em));
    for (const n of ['Yksi', 'Kaksi', 'Kolme'])
      chans.push((await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: n })).body.id);
  });
  afterAll(() => em.close());

  it('flags a request under the same limit (same row, or same channel) inside the window, and none outside it', async () => {
    em.setFaults({ rate429: 1, retryAfterSec: 1, seed: 1 });
    const throttled = await g('GET', `${channelPath(em.teamId, chans[0]!)}/members`);
    em.setFaults(undefined);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    await later(WINDOW_GRACE_MS + 30);
    em.clearRequests();
    await g('GET', `${channelPath(em.teamId, chans[1]!)}/members`); // same row: "GET .../channels/{channel-id}/members"
    await g('GET', `${channelPath(em.teamId, chans[0]!)}/tabs`); // same channel
    await g('GET', `${channelPath(em.teamId, chans[2]!)}/tabs`); // other row, other channel
    await g('GET', '/users?$top=1'); // another service
    expect(em.requests().map((r) => !!r.insideRetryAfter)).toEqual([true, true, false, false]);
    await later(1000);
    em.clearRequests();
    await g('GET', `${channelPath(em.teamId, chans[1]!)}/members`);
    expect(em.requests()[0]!.insideRetryAfter).toBeUndefined();
    expect(em.state().counters.insideRetryAfter).toBe(2);
  });

  it("a Retry-After on a $batch sub-request covers that sub-request's limits; its siblings in the same batch are not late", async () => {
    em.setFaults({ rate429: 1, retryAfterSec: 1, seed: 1 });
    const requests = chans.map((c, i) => ({ id: String(i), method: 'DELETE', url: `${channelPath(em.teamId, c)}/members/nobody` }));
    const r = await g('POST', '/$batch', { requests });
    em.setFaults(undefined);
    expect(r.body.responses.map((x: any) => x.status)).toEqual([429, 429, 429]);
    expect(em.requests().filter((q) => q.batchId && q.insideRetryAfter)).toHaveLength(0);
    await later(WINDOW_GRACE_MS + 30);
    em.clearRequests();
    // A member add is the same row as a member removal ("Other API calls for Microsoft Teams").
    await g('POST', `${channelPath(em.teamId, chans[2]!)}/members`, member(owner));
    expect(em.requests()[0]!.insideRetryAfter).toBe(true);
  });
});
