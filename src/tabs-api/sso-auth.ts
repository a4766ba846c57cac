import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { AppError } from '../errors/app-error';
import { normaliseEmail } from '../domain/email';

/** The person behind a validated Teams SSO token. */
export interface Caller {
  /** Entra object id: who the caller is. Access is decided by it, never by the token's e-mail. */
  oid: string;
  /**
   * The e-mail that accounts and memberships are keyed by. From the verifier: the token's
   * preferred_username; the tab API replaces it with the address the directory (the sync's people
   * table) has for `oid`, or '' when the oid is unknown there.
   */
  email: string;
  /** preferred_username as the token says it, lower-cased: display only (it can change). */
  tokenEmail?: string;
  name: string;
  groups: string[];
  roles: string[];
}

export interface SsoVerifierOptions {
  /** AZURE_AUTHORITY_HOST, e.g. https://login.microsoftonline.com or the emulator's URL. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** SSO_EXTRA_AUDIENCES, already split. */
  extraAudiences?: readonly string[];
  /** SSO_ALLOWED_CLIENT_IDS, already split: client apps accepted besides the Teams/Microsoft 365 ones. */
  extraClientIds?: readonly string[];
  requiredScope?: string;
  /** How long the OpenID metadata is reused (jose caches the keys themselves). */
  metadataTtlMs?: number;
  /**
   * SSO_TOKEN_CACHE_SEC: how long a successfully verified token is reused without checking its
   * signature again (never past its `exp`); 0 turns the cache off. Failures are never cached.
   */
  tokenCacheMs?: number;
  /** Most tokens remembered at once (oldest dropped first). */
  tokenCacheSize?: number;
  now?: () => Date;
}

export interface SsoVerifier {
  /** Validates `Authorization: Bearer ...`; throws AppError UNAUTHENTICATED (never echoing the token). */
  verify(authorization: string | undefined): Promise<Caller>;
}

interface Metadata {
  issuer: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
  fetchedAt: number;
}

export function splitAudiences(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The Microsoft 365 clients that request Teams SSO tokens (azp/appid), as documented for the app
 * registration's pre-authorised applications ("Configure your tab app in Microsoft Entra ID"):
 * Teams desktop/mobile, Teams web, Microsoft 365 web, Microsoft 365 desktop, Microsoft 365 mobile and
 * Outlook desktop, Outlook web, Outlook mobile. The same ids are in infra/aad.manifest.json.
 */
const TEAMS_CLIENT_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  '4765445b-32c6-49b0-83e6-1d93765276ca',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  '27922004-5251-4030-b22d-91ecd9a37ea4',
];

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function createSsoVerifier(o: SsoVerifierOptions): SsoVerifier {
  const metadataUrl = `${o.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(o.tenantId)}/v2.0/.well-known/openid-configuration`;
  const audiences = [o.clientId, `api://${o.clientId}`, ...(o.extraAudiences ?? [])];
  const scope = o.requiredScope ?? 'access_as_user';
  const clients = new Set([...TEAMS_CLIENT_IDS, ...(o.extraClientIds ?? [])].map((c) => c.toLowerCase()));
  const ttl = o.metadataTtlMs ?? 24 * 3600_000;
  const now = o.now ?? (() => new Date());
  let cached: Promise<Metadata> | undefined;
  const tokenTtl = o.tokenCacheMs ?? 300_000;
  const tokenMax = o.tokenCacheSize ?? 10_000;
  // sha256 of the token -> its verified caller. Keyed by a hash so the token text is not kept around.
  const verified = new Map<string, { caller: Caller; until: number }>();

  async function loadMetadata(): Promise<Metadata> {
    const res = await fetch(metadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new AppError('UPSTREAM', `OpenID metadata answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
    if (!doc.issuer || !doc.jwks_uri) throw new AppError('UPSTREAM', 'OpenID metadata lacks issuer or jwks_uri');
    return { issuer: doc.issuer.replace('{tenantid}', o.tenantId), jwks: createRemoteJWKSet(new URL(doc.jwks_uri)), fetchedAt: Date.now() };
  }

  async function metadata(): Promise<Metadata> {
    const current = cached;
    if (current) {
      const m = await current.catch(() => undefined);
      if (m && Date.now() - m.fetchedAt < ttl) return m;
      if (cached === current) cached = undefined;
    }
    cached ??= loadMetadata();
    try {
      return await cached;
    } catch (err) {
      cached = undefined;
      throw err;
    }
  }

  async function verifyToken(token: string): Promise<{ caller: Caller; exp: number }> {
    const m = await metadata();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, m.jwks, {
        issuer: m.issuer,
        audience: audiences,
        algorithms: ['RS256'],
        currentDate: now(),
        clockTolerance: 60,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      // Only the failure kind goes to the log; the token itself never does.
      const kind = err instanceof joseErrors.JOSEError ? err.code : 'ERR_INVALID';
      throw new AppError('UNAUTHENTICATED', `token rejected: ${kind}`);
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(scope)) throw new AppError('UNAUTHENTICATED', 'token lacks the access_as_user scope');
    if (typeof payload.tid === 'string' && payload.tid !== o.tenantId) throw new AppError('UNAUTHENTICATED', 'token from another tenant');
    // v2 tokens name the requesting client in azp, v1 tokens in appid.
    const client = typeof payload.azp === 'string' ? payload.azp : typeof payload.appid === 'string' ? payload.appid : '';
    if (!clients.has(client.toLowerCase())) throw new AppError('UNAUTHENTICATED', 'token requested by a client that is not allowed');
    const oid = typeof payload.oid === 'string' ? payload.oid : '';
    const email = normaliseEmail(String(payload.preferred_username ?? payload.upn ?? payload.email ?? ''));
    if (!oid || !email) throw new AppError('UNAUTHENTICATED', 'token lacks oid or preferred_username');
    // Frozen: one verified caller may serve many requests from the cache.
    const caller = Object.freeze({
      oid,
      email,
      tokenEmail: email,
      name: typeof payload.name === 'string' ? payload.name : email,
      groups: Object.freeze(stringList(payload.groups)) as string[],
      roles: Object.freeze(stringList(payload.roles)) as string[],
    });
    return { caller, exp: (payload.exp as number) * 1000 };
  }

  return {
    async verify(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) throw new AppError('UNAUTHENTICATED', 'missing bearer token');
      if (tokenTtl <= 0) return (await verifyToken(match[1])).caller;
      const key = createHash('sha256').update(match[1]).digest('base64url');
      const at = now().getTime();
      const hit = verified.get(key);
      // A hit is good strictly before `exp` (no clock tolerance); later the full check decides.
      if (hit && at < hit.until) return hit.caller;
      if (hit) verified.delete(key);
      const { caller, exp } = await verifyToken(match[1]);
      if (verified.size >= tokenMax) verified.delete(verified.keys().next().value!);
      verified.set(key, { caller, until: Math.min(exp, at + tokenTtl) });
      return caller;
    },
  };
}
