/**
 * Test helpers for the local Teams emulator.
 *
 * TLS trust: every emulator started here uses the CA in `<repo>/.emulator/` (created once by
 * `tsx emulator/ensure-ca.ts`, reused afterwards). The test command runs jest with
 * `NODE_EXTRA_CA_CERTS=.emulator/ca.pem`, so in-process clients (MSAL and the Graph SDK use Node's
 * fetch, botbuilder uses https) trust the emulator without any code. Node reads that variable only
 * at process start, which is why the CA is never regenerated. When the variable is not set (e.g. a
 * single test file run by hand), use `emulatorRequest` (passes the CA explicitly) or start a child
 * process with `childEnv(em)`.
 */
import https from 'node:https';
import path from 'node:path';
import {
  DEFAULT_OMITTED_EMAILS,
  seedUsersFromBillingCsv,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
  type SeedUser,
} from '../../emulator';

const repoRoot = path.resolve(__dirname, '..', '..');
let cachedSeed: SeedUser[] | undefined;

/** The dev seed: users from the sample billing exports, minus DEFAULT_OMITTED_EMAILS. */
export function billingSeedUsers(): SeedUser[] {
  cachedSeed ??= seedUsersFromBillingCsv(
    [path.join(repoRoot, 'samples/billing/supervisors.csv'), path.join(repoRoot, 'samples/billing/supervisors-next-month.csv')],
    { omit: DEFAULT_OMITTED_EMAILS },
  );
  return cachedSeed.map((u) => ({ ...u }));
}

/** Starts an emulator on a random port with the billing seed (unless `users` is given). */
export function startTestEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, users: billingSeedUsers(), ...opts });
}

/** Runs `fn` against a fresh emulator and always closes it. */
export async function withEmulator<T>(opts: EmulatorOptions, fn: (em: RunningEmulator) => Promise<T>): Promise<T> {
  const em = await startTestEmulator(opts);
  try {
    return await fn(em);
  } finally {
    await em.close();
  }
}

export interface EmulatorResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

const agents = new WeakMap<RunningEmulator, https.Agent>();
function agentFor(em: RunningEmulator): https.Agent {
  let a = agents.get(em);
  if (!a) {
    a = new https.Agent({ ca: em.caPem, keepAlive: true, maxSockets: 16 });
    agents.set(em, a);
  }
  return a;
}

/**
 * One HTTPS call to the emulator that trusts its CA explicitly (no NODE_EXTRA_CA_CERTS needed).
 * `path` is relative to the emulator root ('/v1.0/users'); `body` objects are sent as JSON,
 * URLSearchParams as a form.
 */
export function emulatorRequest<T = any>(
  em: RunningEmulator,
  o: { method?: string; path: string; token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
): Promise<EmulatorResponse<T>> {
  const u = new URL(o.path, em.url + '/');
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  let payload: string | undefined;
  if (o.body instanceof URLSearchParams) {
    payload = o.body.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (o.body !== undefined) {
    payload = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        method: o.method ?? 'GET',
        hostname: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        headers,
        agent: agentFor(em),
        timeout: o.timeoutMs ?? 20000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Client-credentials token from the emulator's token endpoint. */
export async function emulatorAppToken(
  em: RunningEmulator,
  resource: 'graph' | 'bot' = 'graph',
  client: { id: string; secret: string } = resource === 'graph'
    ? { id: 'local-app-id', secret: 'local-app-secret' }
    : { id: 'local-bot-id', secret: 'local-bot-secret' },
): Promise<string> {
  const scope = resource === 'graph' ? 'https://graph.microsoft.com/.default' : 'https://api.botframework.com/.default';
  const r = await emulatorRequest(em, {
    method: 'POST',
    path: `/${em.tenantId}/oauth2/v2.0/token`,
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope }),
  });
  if (r.status !== 200) throw new Error(`token endpoint answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.access_token as string;
}

/** Environment for a child `node` process that must trust the emulator (TLS trust is read at start). */
export function childEnv(em: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: em.caFile, ...extra };
}

/** A user id as the emulator derives it from an email (stable across runs). */
export { userIdForEmail } from '../../emulator/ids';

/** Shorthand for Graph calls: `g('GET', '/users')` -> `${em.graphBaseUrl}/users` with the token. */
export function graphCaller(em: RunningEmulator, token: string) {
  return <T = any>(method: string, p: string, body?: unknown, headers?: Record<string, string>) =>
    emulatorRequest<T>(em, { method, path: `/v1.0${p}`, token, body, headers });
}

/** `/teams/{id}` with the id encoded, as SDKs send it. */
export const teamPath = (teamId: string) => `/teams/${encodeURIComponent(teamId)}`;
export const channelPath = (teamId: string, channelId: string) => `${teamPath(teamId)}/channels/${encodeURIComponent(channelId)}`;
export const bindUser = (idOrUpn: string) => `https://graph.microsoft.com/v1.0/users('${idOrUpn}')`;
