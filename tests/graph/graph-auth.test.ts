import { AppError } from '../../src/errors/app-error';
import { createGraphAuth } from '../../graph/graph-auth';
import { createGraphClient } from '../../graph/graph-client';
import { GraphTeamsDirectory } from '../../graph/graph-teams-directory';
import { CLIENT_ID, memoryLogger, setup, users, type Setup } from './helpers';

describe('Graph auth through MSAL against the HTTPS emulator', () => {
  let s: Setup;
  const log = memoryLogger();

  beforeAll(async () => {
    s = await setup({ users: users(3) }, {}, log.logger);
  });
  afterAll(() => s.em.close());

  test('one token request serves many Graph calls, started together or one after another', async () => {
    const before = s.em.state().counters.graphTokensIssued ?? 0;
    await Promise.all([s.dir.getTeam(s.em.teamId), s.dir.listChannels(s.em.teamId), s.dir.listTeamMembers(s.em.teamId)]);
    await s.dir.getTeam(s.em.teamId);
    await s.dir.resolveUsers(['user1@yritysx.example', 'user2@yritysx.example']);
    expect((s.em.state().counters.graphTokensIssued ?? 0) - before).toBe(1);
    expect(s.auth.tokenRequests()).toBe(1);
    // The token really went over HTTPS to the emulator's token endpoint, with the authority built from host + tenant.
    expect(s.em.requests().filter((r) => r.path === `/${s.em.tenantId}/oauth2/v2.0/token`)).toHaveLength(1);
  });

  test('the token never appears in the logs', async () => {
    const token = await s.auth.getAccessToken();
    expect(token.length).toBeGreaterThan(20);
    expect(log.text().length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(token.split('.')[1]!);
  });

  test('a wrong client secret gives a clear error naming the settings, without the secret', async () => {
    const { logger } = memoryLogger();
    const auth = createGraphAuth({
      authorityHost: s.em.authorityHost,
      tenantId: s.em.tenantId,
      clientId: CLIENT_ID,
      clientSecret: 'not-the-secret',
      logger,
    });
    const dir = new GraphTeamsDirectory(createGraphClient({ graphBaseUrl: s.em.graphBaseUrl, auth, logger }), logger);
    const err = await dir.getTeam(s.em.teamId).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNAUTHENTICATED');
    expect((err as AppError).message).toMatch(/SECRET_AAD_APP_CLIENT_SECRET/);
    expect((err as AppError).message).toContain(s.em.authorityHost);
    expect((err as AppError).message).not.toContain('not-the-secret');
  });

  test('an unknown tenant is reported, not retried forever', async () => {
    const { logger } = memoryLogger();
    const auth = createGraphAuth({
      authorityHost: s.em.authorityHost,
      tenantId: '11111111-1111-4111-8111-111111111111',
      clientId: CLIENT_ID,
      clientSecret: 'local-app-secret',
      logger,
    });
    await expect(auth.getAccessToken()).rejects.toBeInstanceOf(AppError);
  });

  test('a plain-http GRAPH_BASE_URL is refused up front (the SDK would withhold the token)', () => {
    expect(() => createGraphClient({ graphBaseUrl: 'http://localhost:1/v1.0', auth: s.auth, logger: log.logger })).toThrow(/https/);
  });
});
