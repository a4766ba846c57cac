import type { RunningEmulator } from '../../emulator';
import { ManualClock } from '../../src/ports/clock';
import { BOT_LIMITS, botChecks, SlidingWindowLimiter } from '../../emulator/throttle';
import { teamsLimitChecks, teamsRowOf } from '../../emulator/teams-limits';
import { channelPath, emulatorAppToken, emulatorRequest, graphCaller, startTestEmulator, teamPath } from '../helpers/emulator';

describe('emulated throttling (Graph Teams limits and bot rate limits)', () => {
  let em: RunningEmulator;
  let g: ReturnType<typeof graphCaller>;
  let botToken: string;
  const clock = new ManualClock(new Date('2026-11-23T06:00:00Z'));
  const channelIds: string[] = [];
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false, clock });
    g = graphCaller(em, await emulatorAppToken(em));
    botToken = await emulatorAppToken(em, 'bot');
    for (let b = 0; b < 2; b++) {
      const requests = Array.from({ length: 20 }, (_, i) => ({
        id: String(i),
        method: 'POST',
        url: `${teamPath(em.teamId)}/channels`,
        body: { displayName: `T${b}-${i}` },
      }));
      const r = await g('POST', '/$batch', { requests });
      for (const x of r.body.responses) channelIds.push(x.body.id);
    }
  });
  afterAll(() => em.close());
  beforeEach(() => {
    clock.advance(3_700_000);
    em.setThrottling(true);
  });

  it('allows 4 requests per second per app on one team, then 429 + Retry-After in Graph error shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await g('GET', teamPath(em.teamId))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const r = await g('GET', `${teamPath(em.teamId)}/members`);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
    expect(Object.keys(r.body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    // A channel is its own resource: requests on it do not count against the team.
    expect((await g('GET', channelPath(em.teamId, channelIds[0]!))).status).toBe(200);
    clock.advance(1000);
    expect((await g('GET', teamPath(em.teamId))).status).toBe(200);
    expect(em.requests().filter((q) => q.throttled).length).toBeGreaterThanOrEqual(2);
  });

  it('limits GET channel to 30 rps per app across channels', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await g('GET', channelPath(em.teamId, channelIds[i]!))).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('limits GET channel members lists to 60 rps per app (4 per channel spread over 16 channels)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await g('GET', `${channelPath(em.teamId, channelIds[i % 16]!)}/members`)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('limits DELETE to 15 rps per app', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await g('DELETE', channelPath(em.teamId, channelIds[24 + i]!))).status);
    expect(statuses.slice(0, 15).every((s) => s === 204)).toBe(true);
    expect(statuses[15]).toBe(429);
  });

  it('limits POST channel to 30 rps and the team resource to 4 rps', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await g('POST', `${teamPath(em.teamId)}/channels`, { displayName: `P${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });

  const post = (conv: string, text = 'hei') =>
    emulatorRequest(em, {
      method: 'POST',
      path: `/botconnector/v3/conversations/${encodeURIComponent(conv)}/activities`,
      token: botToken,
      body: { type: 'message', text },
    });

  it('allows a bot 7 messages per second in one conversation, then 429 + Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(channelIds[0]!)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    const r = await post(channelIds[0]!);
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await post(channelIds[1]!)).status).toBe(201); // another conversation is not affected
  });

  it('allows 8 per 2 seconds in one conversation', async () => {
    for (let i = 0; i < 7; i++) expect((await post(channelIds[2]!)).status).toBe(201);
    clock.advance(1100);
    expect((await post(channelIds[2]!)).status).toBe(201); // 8th within 2 s
    const ninth = await post(channelIds[2]!);
    expect(ninth.status).toBe(429);
    clock.advance(1000);
    expect((await post(channelIds[2]!)).status).toBe(201);
  });

  it('allows 60 per 30 seconds in one conversation', async () => {
    for (let i = 0; i < 60; i++) {
      expect((await post(channelIds[3]!)).status).toBe(201);
      clock.advance(300);
    }
    const over = await post(channelIds[3]!);
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(2);
  });

  it('allows 50 requests per second per app across conversations', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await post(channelIds[4 + Math.floor(i / 7)]!)).status);
    expect(statuses.slice(0, 50).every((s) => s === 201)).toBe(true);
    expect(statuses[50]).toBe(429);
  });

  it('caps one conversation at 1,800 operations per hour (limiter unit)', () => {
    const limiter = new SlidingWindowLimiter();
    let t = 0;
    for (let i = 0; i < 1800; i++) {
      expect(limiter.tryAcquire(botChecks('bot', 'tid', 'conv'), t).ok).toBe(true);
      t += 1000; // 1 per second keeps every shorter window happy
    }
    const v = limiter.tryAcquire(botChecks('bot', 'tid', 'conv'), t);
    expect(v.ok).toBe(false);
    expect(v.ok === false && v.retryAfterSec).toBeGreaterThan(1700);
    expect(BOT_LIMITS.perConversation.map((l) => l.max)).toEqual([7, 8, 60, 1800]);
  });

  it.each([
    ['POST', '/teams/T/channels', 30, 'team:t', 'POST/PUT channel, tab, installedApps, appCatalogs'],
    ['POST', '/teams/T/channels/C/tabs', 30, 'channel:c', 'POST/PUT channel, tab, installedApps, appCatalogs'],
    ['POST', '/teams/T/installedApps', 30, 'team:t', 'POST/PUT channel, tab, installedApps, appCatalogs'],
    ['PATCH', '/teams/T/channels/C', 30, 'channel:c', 'PATCH team, channel, tab, installedApps, appCatalogs'],
    ['DELETE', '/teams/T/channels/C', 15, 'channel:c', 'DELETE channel, tab, installedApps, appCatalogs'],
    ['DELETE', '/teams/T/channels/C/tabs/X', 15, 'channel:c', 'DELETE channel, tab, installedApps, appCatalogs'],
    // Member removals are not in the DELETE row: the table lists channel, tab, installedApps, appCatalogs only.
    ['DELETE', '/teams/T/channels/C/members/M', 30, 'channel:c', 'Other API calls for Microsoft Teams'],
    ['DELETE', '/teams/T/members/M', 30, 'team:t', 'Other API calls for Microsoft Teams'],
    ['POST', '/teams/T/channels/C/members', 30, 'channel:c', 'Other API calls for Microsoft Teams'],
    ['PATCH', '/teams/T/channels/C/members/M', 30, 'channel:c', 'Other API calls for Microsoft Teams'],
    ['POST', '/teams/T/members/add', 30, 'team:t', 'Other API calls for Microsoft Teams'],
    ['GET', '/teams/T', 30, 'team:t', 'GET /teams/{team-id}, joinedTeams'],
    ['GET', '/teams/T/channels/C', 30, 'channel:c', 'GET team, channel, tab, installedApps, appCatalogs'],
    ['GET', '/teams/T/channels/C/tabs', 30, 'channel:c', 'GET team, channel, tab, installedApps, appCatalogs'],
    ['GET', '/teams/T/installedApps', 30, 'team:t', 'GET team, channel, tab, installedApps, appCatalogs'],
    ['GET', '/teams/T/members', 60, 'team:t', 'GET /teams/{team-id}/members'],
    ['GET', '/teams/T/channels', 60, 'team:t', 'GET /teams/{team-id}/channels'],
    ['GET', '/teams/T/channels/C/members', 60, 'channel:c', 'GET /teams/{team-id}/channels/{channel-id}/members'],
    ['GET', '/teams/T/channels/C/filesFolder', 30, 'channel:c', 'Other GET API calls for Microsoft Teams'],
  ])('classifies %s %s as %i rps plus 4 rps on %s (throttling-limits, row "%s")', (method, p, rps, resource, row) => {
    expect(teamsRowOf(method, p)?.row).toBe(row);
    const checks = teamsLimitChecks('app', 'tid', method, p);
    expect(checks.map((c) => c.limit.max)).toEqual([rps, 4]);
    expect(checks[1]!.key.endsWith(resource)).toBe(true);
  });

  it('does not apply Teams limits to users or drives', () => {
    expect(teamsLimitChecks('app', 'tid', 'GET', '/users')).toEqual([]);
    expect(teamsLimitChecks('app', 'tid', 'POST', '/drives/d/items/i/children')).toEqual([]);
  });

  it('lets tests switch throttling off', async () => {
    em.setThrottling(false);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await g('GET', teamPath(em.teamId))).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
