import { startEmulator, type RunningEmulator } from '../../emulator';
import { createConnectorMessenger } from '../../bot/connector-messenger';
import { silentLogger } from '../../src/logging/logger';
import { localAppEnv } from '../../scripts/local-env';

describe('Bot Connector messenger token', () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await em.close();
  });

  it('a burst of sends on a cold start asks the authority for one token, not one per send', async () => {
    const env = localAppEnv(em, process.cwd());
    const messenger = createConnectorMessenger({
      botId: env.BOT_ID!,
      botPassword: env.SECRET_BOT_PASSWORD!,
      tenantId: em.tenantId,
      authorityHost: em.authorityHost,
      serviceUrl: em.botServiceUrl,
      logger: silentLogger,
    });
    em.clearRequests();
    const sends = Array.from({ length: 20 }, (_, i) =>
      messenger
        .postToChannel({ channelId: `19:missing-${i}@thread.tacv2` }, { type: 'message', text: 'x' })
        .catch((err: { status?: number }) => err.status),
    );
    // Unknown channels: each send is answered (404) by the Bot Connector, so each had a valid token.
    expect(await Promise.all(sends)).toEqual(Array.from({ length: 20 }, () => 404));
    const tokenRequests = em.requests().filter((r) => r.path === `/${em.tenantId}/oauth2/v2.0/token`);
    expect(tokenRequests).toHaveLength(1);
  });

  it('prepare() fetches the token ahead, so the sends that follow ask for none', async () => {
    const env = localAppEnv(em, process.cwd());
    const messenger = createConnectorMessenger({
      botId: env.BOT_ID!,
      botPassword: env.SECRET_BOT_PASSWORD!,
      tenantId: em.tenantId,
      authorityHost: em.authorityHost,
      serviceUrl: em.botServiceUrl,
      logger: silentLogger,
    });
    em.clearRequests();
    await messenger.prepare();
    expect(em.requests().filter((r) => r.path === `/${em.tenantId}/oauth2/v2.0/token`)).toHaveLength(1);
    await messenger.postToChannel({ channelId: '19:missing@thread.tacv2' }, { type: 'message', text: 'x' }).catch(() => undefined);
    expect(em.requests().filter((r) => r.path === `/${em.tenantId}/oauth2/v2.0/token`)).toHaveLength(1);
  });
});
