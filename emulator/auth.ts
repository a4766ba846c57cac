import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type KeyLike } from 'jose';
import { stableGuid, userIdForEmail } from './ids';
import type { Store } from './state';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const BOT_RESOURCE = 'https://api.botframework.com';
const BOT_CHANNEL_ISSUER = 'https://api.botframework.com';
/** Teams' own client ids that request SSO tokens (Teams desktop/web), as `azp` of user tokens. */
const TEAMS_WEB_CLIENT_ID = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

async function newKey(prefix: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return withKid(prefix, privateKey, await exportJWK(publicKey));
}

function withKid(prefix: string, privateKey: KeyLike, jwk: JWK): SigningKey {
  const kid = `${prefix}-${crypto.randomBytes(8).toString('hex')}`;
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } };
}

let keys: Promise<SigningKey[]> | undefined;
/**
 * RS256 keys are generated with jose at the first start in a process and shared by later emulators
 * in the same process: RSA key generation costs seconds on a loaded CI box.
 */
function processKeys(): Promise<SigningKey[]> {
  // One RSA key under two key ids (Entra and Bot Framework JWKS), to halve key generation.
  keys ??= newKey('aad').then((aad) => [aad, withKid('bot', aad.privateKey, stripKid(aad.publicJwk))]);
  return keys;
}

function stripKid(jwk: JWK): JWK {
  const { kid: _kid, use: _use, alg: _alg, ...rest } = jwk;
  return rest;
}

export interface OAuthResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class AuthService {
  private constructor(
    private readonly url: string,
    private readonly tenantId: string,
    private readonly clients: Record<string, string>,
    private readonly store: Store,
    private readonly aadKey: SigningKey,
    private readonly botKey: SigningKey,
  ) {}

  private strayKey: Promise<SigningKey> | undefined;

  static async create(url: string, tenantId: string, clients: Record<string, string>, store: Store): Promise<AuthService> {
    const [aad, bot] = await processKeys();
    return new AuthService(url, tenantId, clients, store, aad!, bot!);
  }

  get issuer(): string {
    return `${this.url}/${this.tenantId}/v2.0`;
  }

  openIdConfiguration(tenantInPath: string) {
    const base = `${this.url}/${tenantInPath}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${this.url}/${this.tenantId}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.url}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'tid', 'preferred_username', 'ver'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(this.url).host,
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    };
  }

  /** MSAL's instance discovery (normally skipped when knownAuthorities is set). */
  instanceDiscovery() {
    const host = new URL(this.url).host;
    return {
      tenant_discovery_endpoint: `${this.url}/${this.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  jwks() {
    return { keys: [this.aadKey.publicJwk] };
  }

  botOpenIdConfiguration() {
    return {
      issuer: BOT_CHANNEL_ISSUER,
      authorization_endpoint: `${this.url}/botframework/v1/authorize`,
      jwks_uri: `${this.url}/botframework/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  botJwks() {
    // botbuilder checks the key's endorsements against the activity's channelId.
    return { keys: [{ ...this.botKey.publicJwk, endorsements: ['msteams', 'emulator', 'webchat', 'directline', 'test'] }] };
  }

  private aadError(status: number, error: string, code: number, description: string): OAuthResult {
    const traceId = crypto.randomUUID();
    const correlationId = crypto.randomUUID();
    const ts = new Date().toISOString().replace('T', ' ').replace('Z', 'Z');
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${ts}`,
        error_codes: [code],
        timestamp: ts,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${this.url}/error?code=${code}`,
      },
    };
  }

  /** OAuth2 client-credentials grant (Microsoft identity platform v2.0 token endpoint). */
  async token(tenantInPath: string, form: URLSearchParams, authorization: string | undefined): Promise<OAuthResult> {
    if (tenantInPath !== this.tenantId && tenantInPath !== 'botframework.com') {
      return this.aadError(400, 'invalid_request', 90002, `Tenant '${tenantInPath}' not found.`);
    }
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    if (authorization?.startsWith('Basic ')) {
      const [id, sec] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(sec ?? '');
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return this.aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if (!(clientId in this.clients)) {
      return this.aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory.`);
    }
    if (this.clients[clientId] !== secret) {
      return this.aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
    const resource = scope?.slice(0, -'/.default'.length).replace(/\/$/, '');
    if (resource !== GRAPH_RESOURCE && resource !== BOT_RESOURCE) {
      return this.aadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const expiresIn = 3599;
    const accessToken = await this.sign(
      this.aadKey,
      {
        aud: resource,
        iss: resource === BOT_RESOURCE ? `https://sts.windows.net/${this.tenantId}/` : this.issuer,
        appid: clientId,
        azp: clientId,
        idtyp: 'app',
        oid: stableGuid(`sp:${clientId}`),
        sub: stableGuid(`sp:${clientId}`),
        tid: this.tenantId,
        // The roles claim lists the app roles admin-consented for the client (Microsoft identity platform access token claims).
        roles: resource === GRAPH_RESOURCE ? [...(this.store.tenant.grants.get(clientId) ?? [])] : undefined,
        ver: '2.0',
      },
      expiresIn,
    );
    this.store.count(resource === GRAPH_RESOURCE ? 'graphTokensIssued' : 'botTokensIssued');
    return { status: 200, body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken } };
  }

  private async sign(key: SigningKey, claims: Record<string, unknown>, expiresInSec: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = expiresInSec > 0 ? now : now + expiresInSec - 300;
    const clean = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
    return new SignJWT({ ...clean, uti: crypto.randomBytes(12).toString('base64url') })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(now + expiresInSec)
      .sign(key.privateKey);
  }

  /** Returns the calling app id when the bearer token was issued here for `resource`. */
  async verifyAppToken(authorization: string | undefined, resource: string): Promise<{ appId: string } | { error: string }> {
    if (!authorization?.startsWith('Bearer ')) return { error: 'Access token is empty.' };
    try {
      const { payload } = await jwtVerify(
        authorization.slice(7),
        async () => crypto.createPublicKey({ key: this.aadKey.publicJwk as crypto.JsonWebKey, format: 'jwk' }),
        { audience: resource },
      );
      if (payload.tid !== this.tenantId) return { error: 'Access token validation failure. Invalid tenant.' };
      return { appId: String(payload.appid ?? payload.azp ?? '') };
    } catch (err) {
      return { error: `Access token validation failure. ${(err as Error).message}` };
    }
  }

  /** `azp`: the requesting client (the Teams web client by default); `preferredUsername` overrides the user's mail in the token. */
  async issueUserToken(o: {
    user: string;
    audience?: string;
    tenantId?: string;
    expiresInSec?: number;
    scope?: string;
    signWithUnknownKey?: boolean;
    azp?: string;
    preferredUsername?: string;
  }): Promise<string> {
    const u = this.store.findUser(o.user);
    const email = u?.mail ?? o.user.toLowerCase();
    const tid = o.tenantId ?? this.tenantId;
    const oid = u?.id ?? (o.user.includes('@') ? userIdForEmail(email) : o.user);
    // A key whose kid is in no JWKS, generated only when a test asks for it.
    if (o.signWithUnknownKey) this.strayKey ??= newKey('stray');
    return this.sign(
      o.signWithUnknownKey ? await this.strayKey! : this.aadKey,
      {
        aud: o.audience ?? `api://localhost/${Object.keys(this.clients)[0] ?? 'local-app-id'}`,
        iss: `${this.url}/${tid}/v2.0`,
        azp: o.azp ?? TEAMS_WEB_CLIENT_ID,
        azpacr: '0',
        name: u?.displayName ?? email,
        oid,
        preferred_username: o.preferredUsername ?? email,
        scp: o.scope ?? 'access_as_user',
        sub: stableGuid(`sub:${oid}`),
        tid,
        ver: '2.0',
      },
      o.expiresInSec ?? 3600,
    );
  }

  async issueChannelToken(o: { audience?: string; serviceUrl?: string } = {}, defaultServiceUrl: string): Promise<string> {
    return this.sign(
      this.botKey,
      {
        iss: BOT_CHANNEL_ISSUER,
        aud: o.audience ?? 'local-bot-id',
        serviceurl: o.serviceUrl ?? defaultServiceUrl,
      },
      3600,
    );
  }
}
