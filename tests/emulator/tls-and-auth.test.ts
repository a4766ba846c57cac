import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { RunningEmulator } from '../../emulator';
import { childEnv, emulatorAppToken, emulatorRequest, startTestEmulator } from '../helpers/emulator';

const repoRoot = path.resolve(__dirname, '..', '..');

function runNode(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { cwd: repoRoot, env, timeout: 30000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('emulator TLS and identity endpoints', () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ throttling: false });
  });
  afterAll(() => em.close());

  it('reuses the CA in a state dir across starts and signs a fresh server cert each time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-ca-'));
    const a = await startTestEmulator({ stateDir: dir, users: [] });
    const caA = fs.readFileSync(a.caFile, 'utf8');
    await a.close();
    const b = await startTestEmulator({ stateDir: dir, users: [] });
    expect(b.caFile).toBe(path.join(dir, 'ca.pem'));
    expect(fs.readFileSync(b.caFile, 'utf8')).toBe(caA);
    expect(b.caPem).toBe(caA);
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is trusted by a child node process started with NODE_EXTRA_CA_CERTS (fetch, no TLS error)', async () => {
    const script = `fetch(${JSON.stringify(em.url + '/' + em.tenantId + '/v2.0/.well-known/openid-configuration')})
      .then(r => r.json()).then(j => { console.log(j.token_endpoint); })
      .catch(e => { console.error(String(e.cause || e)); process.exit(3); });`;
    const ok = await runNode(script, childEnv(em));
    expect(ok.stderr).toBe('');
    expect(ok.stdout.trim()).toBe(`${em.url}/${em.tenantId}/oauth2/v2.0/token`);
    // Without the CA the same call fails on the certificate, so the trust really comes from the CA file.
    const bad = await runNode(script, {});
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/certificate|self.signed|issuer/i);
  });

  it('gives MSAL ConfidentialClientApplication a Graph token over HTTPS (child process)', async () => {
    const port = new URL(em.url).port;
    const script = `
      const msal = require('@azure/msal-node');
      const app = new msal.ConfidentialClientApplication({ auth: { clientId: 'local-app-id', clientSecret: 'local-app-secret',
        authority: ${JSON.stringify(`${em.authorityHost}/${em.tenantId}`)}, knownAuthorities: ['localhost:${port}'] } });
      app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
        .then(r => console.log(JSON.stringify({ token: r.accessToken, type: r.tokenType })))
        .catch(e => { console.error(e && e.stack || String(e)); process.exit(4); });`;
    const r = await runNode(script, childEnv(em));
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim());
    expect(out.type).toBe('Bearer');
    const users = await emulatorRequest(em, { path: '/v1.0/users?$top=1', token: out.token });
    expect(users.status).toBe(200);
    expect(em.requests().some((q) => q.path === `/${em.tenantId}/oauth2/v2.0/token` && q.status === 200)).toBe(true);
  });

  it('rejects unknown clients, wrong secrets and bad scopes with AADSTS-style errors', async () => {
    const call = (form: Record<string, string>) =>
      emulatorRequest(em, { method: 'POST', path: `/${em.tenantId}/oauth2/v2.0/token`, body: new URLSearchParams(form) });
    const base = {
      grant_type: 'client_credentials',
      client_id: 'local-app-id',
      client_secret: 'local-app-secret',
      scope: 'https://graph.microsoft.com/.default',
    };
    const wrongSecret = await call({ ...base, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
    expect(wrongSecret.body.error_description).toMatch(/^AADSTS7000215:/);
    expect(wrongSecret.body.error_codes).toEqual([7000215]);
    const unknown = await call({ ...base, client_id: 'someone-else' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_description).toMatch(/^AADSTS700016:/);
    const badScope = await call({ ...base, scope: 'User.Read' });
    expect(badScope.body.error).toBe('invalid_scope');
  });

  it('signs app tokens with a key published in the JWKS; Graph rejects a bot token and no token', async () => {
    const graphToken = await emulatorAppToken(em, 'graph');
    const conf = await emulatorRequest(em, { path: `/${em.tenantId}/v2.0/.well-known/openid-configuration` });
    const jwks = await emulatorRequest(em, { path: new URL(conf.body.jwks_uri).pathname });
    const { payload, protectedHeader } = await jwtVerify(graphToken, createLocalJWKSet(jwks.body), {
      audience: 'https://graph.microsoft.com',
      issuer: conf.body.issuer,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.appid).toBe('local-app-id');
    expect(payload.tid).toBe(em.tenantId);

    const botToken = await emulatorAppToken(em, 'bot');
    const wrongAud = await emulatorRequest(em, { path: '/v1.0/users', token: botToken });
    expect(wrongAud.status).toBe(401);
    expect(wrongAud.body.error.code).toBe('InvalidAuthenticationToken');
    const none = await emulatorRequest(em, { path: '/v1.0/users' });
    expect(none.status).toBe(401);
    expect(Object.keys(none.body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
  });

  it('issues Teams-SSO-like user tokens that verify against the JWKS, and stray-key tokens that do not', async () => {
    const email = 'henna.lahtinen@yritysx.example';
    const token = await em.issueUserToken({ user: email, audience: 'api://localhost/local-app-id' });
    const jwks = await emulatorRequest(em, { path: `/${em.tenantId}/discovery/v2.0/keys` });
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body), {
      issuer: `${em.url}/${em.tenantId}/v2.0`,
      audience: 'api://localhost/local-app-id',
    });
    expect(payload.scp).toBe('access_as_user');
    expect(payload.preferred_username).toBe(email);
    expect(payload.name).toBe('Henna Lahtinen');
    const state = em.state();
    expect(payload.oid).toBe(state.users.find((u) => u.mail === email)!.id);

    const stray = await em.issueUserToken({ user: email, signWithUnknownKey: true });
    expect(jwks.body.keys.map((k: any) => k.kid)).not.toContain(decodeProtectedHeader(stray).kid);
    await expect(jwtVerify(stray, createLocalJWKSet(jwks.body))).rejects.toThrow();

    const expired = await em.issueUserToken({ user: email, expiresInSec: -60 });
    await expect(jwtVerify(expired, createLocalJWKSet(jwks.body))).rejects.toThrow(/exp/);
  });

  it('issues Bot Framework channel tokens whose keys are served at the bot OpenID metadata jwks_uri', async () => {
    const token = await em.issueChannelToken({ audience: 'local-bot-id' });
    const meta = await emulatorRequest(em, { path: new URL(em.botOpenIdMetadataUrl).pathname });
    expect(meta.body.issuer).toBe('https://api.botframework.com');
    const keys = await emulatorRequest(em, { path: new URL(meta.body.jwks_uri).pathname });
    expect(keys.body.keys[0].endorsements).toContain('msteams');
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.body), {
      issuer: 'https://api.botframework.com',
      audience: 'local-bot-id',
    });
    expect(payload.serviceurl).toBe(em.botServiceUrl);
  });
});
