import crypto from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { systemClock } from '../src/ports/clock';
import { AuthService, BOT_RESOURCE, GRAPH_RESOURCE } from './auth';
import { BotConnector } from './bot-connector';
import { graphErrorBody } from './errors';
import { FaultInjector } from './faults';
import { runBatch } from './graph/batch';
import type { GraphCtx } from './graph/context';
import { GraphPipeline } from './graph/pipeline';
import { graphRouter } from './graph/routes';
import { lowerHeaders, parseJson, readBody, sleep } from './http-util';
import { Store } from './state';
import { RetryAfterWatch } from './retry-after-watch';
import { TenantRecords } from './tenant-records';
import { SlidingWindowLimiter } from './throttle';
import { ensureCa, issueServerCert } from './tls';
import { defaultStateDir } from './paths';
import { readSavedState, writeSavedState } from './saved-state';
import { DEFAULT_RULES, type EmulatorOptions, type LoggedRequest, type RunningEmulator, type TeamRecord } from './types';

const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-000000000001';
const DEFAULT_TEAM_ID = '19:account-channels-team@thread.tacv2';
export const DEFAULT_SERVICE_ACCOUNT = 'palvelutili@yritysx.example';
export const DEFAULT_CLIENTS: Record<string, string> = { 'local-app-id': 'local-app-secret', 'local-bot-id': 'local-bot-secret' };
/** The local bot belongs to the local Teams app (scripts/local-env.ts: BOT_ID, TEAMS_APP_ID). */
const DEFAULT_BOT_APPS: Record<string, string> = { 'local-bot-id': 'local-teams-app-id' };
const MAX_LOG = 100_000;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: boolean;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = opts.clock ?? systemClock;
  const tenantId = opts.tenantId ?? DEFAULT_TENANT_ID;
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const clients = opts.clients ?? DEFAULT_CLIENTS;
  const ca = await ensureCa(opts.stateDir ? path.resolve(opts.stateDir) : defaultStateDir());
  const cert = await issueServerCert(ca);

  let latencyMs = opts.latencyMs ?? 0;
  let throttling = opts.throttling ?? true;
  const faults = new FaultInjector(opts.faults);
  const limiter = new SlidingWindowLimiter();
  const retryAfter = new RetryAfterWatch();
  let log: LoggedRequest[] = [];
  const record = (r: LoggedRequest) => {
    log.push(r);
    if (log.length > MAX_LOG) log = log.slice(-MAX_LOG / 2);
  };
  const held = new Set<NodeJS.Timeout>();

  const store = new Store(tenantId, clock);
  store.tenant = TenantRecords.withDefaults(Object.keys(clients), opts.teamsAppId);
  const saved = opts.stateFile ? readSavedState(opts.stateFile) : undefined;
  if (saved) store.restore(saved);
  for (const u of opts.users ?? []) if (!store.findUser(u.email)) store.addUser(u);
  const serviceEmail = (opts.serviceAccountEmail ?? DEFAULT_SERVICE_ACCOUNT).toLowerCase();
  const service = store.findUser(serviceEmail) ?? store.addUser({ email: serviceEmail, displayName: 'Palvelutili' });
  for (const id of [teamId, ...(opts.extraTeamIds ?? [])])
    if (!store.teams.has(id)) store.teams.set(id, newTeam(store, id, service.id, clock));

  const server = https.createServer({ key: cert.key, cert: cert.cert, keepAliveTimeout: 5000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  // 'localhost' may resolve to ::1 first on some hosts; answer there too when IPv6 is available.
  const server6 = https.createServer({ key: cert.key, cert: cert.cert, keepAliveTimeout: 5000 });
  const has6 = await new Promise<boolean>((resolve) => {
    server6.once('error', () => resolve(false));
    server6.listen(port, '::1', () => resolve(true));
  });
  const url = `https://localhost:${port}`;
  const graphBaseUrl = `${url}/v1.0`;
  const botServiceUrl = `${url}/botconnector/`;

  const auth = await AuthService.create(url, tenantId, clients, store);
  const rules = { ...DEFAULT_RULES, ...opts.rules };
  const ctx: GraphCtx = {
    store,
    graphBaseUrl,
    pageSize: opts.pageSize,
    maxPageSize: opts.maxPageSize,
    maxChannelsPerTeam: opts.maxChannelsPerTeam,
    tenantId,
    rules,
  };
  const pipeline = new GraphPipeline({
    ctx,
    router: graphRouter(),
    limiter,
    faults,
    clock,
    throttling: () => throttling,
    log: record,
    retryAfter,
    deliveryDelayMs: () => latencyMs,
  });
  const bot = new BotConnector({
    store,
    tenantId,
    serviceUrl: botServiceUrl,
    limiter,
    faults,
    clock,
    throttling: () => throttling,
    log: record,
    rules,
    botApps: opts.botApps ?? DEFAULT_BOT_APPS,
  });

  const graphUnauthorized = (message: string, cid?: string): Reply => {
    const rid = crypto.randomUUID();
    return {
      status: 401,
      headers: { 'request-id': rid, 'WWW-Authenticate': 'Bearer realm=""' },
      body: graphErrorBody('InvalidAuthenticationToken', message, rid, cid, clock.now()),
    };
  };

  let writes = 0;
  let saved_ = 0;
  const save = (always = false) => {
    if (!opts.stateFile || (writes === saved_ && !always)) return;
    saved_ = writes;
    writeSavedState(opts.stateFile, store.persistable());
  };
  const saver = opts.stateFile ? setInterval(() => save(), 3000) : undefined;
  saver?.unref();

  async function dispatch(req: http.IncomingMessage, raw: Buffer, arrivedAtMs: number): Promise<Reply> {
    const u = new URL(req.url ?? '/', url);
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET') writes++;
    const headers = lowerHeaders(req.headers);
    const p = u.pathname;
    const simple = (status: number, body?: unknown): Reply => {
      record({ at: clock.now().toISOString(), method, path: p, status });
      return { status, body };
    };

    if (p.startsWith('/_emulator/')) {
      const body = parseJson(raw);
      if (method === 'GET' && p === '/_emulator/state') return { status: 200, body: store.snapshot() };
      if (method === 'GET' && p === '/_emulator/requests') return { status: 200, body: log };
      if (method === 'POST' && p === '/_emulator/faults') {
        faults.set(body.ok ? body.value : undefined);
        return { status: 204 };
      }
      if (method === 'POST' && p === '/_emulator/latency') {
        latencyMs = Number(body.ok ? body.value?.ms : 0) || 0;
        return { status: 204 };
      }
      if (method === 'POST' && p === '/_emulator/throttling') {
        throttling = !!(body.ok && body.value?.on);
        return { status: 204 };
      }
      if (method === 'POST' && p === '/_emulator/requests/clear') {
        log = [];
        return { status: 204 };
      }
      // For the local Teams stand-in (/dev/ of an app run by `npm start`): what the Teams client would hold.
      if (method === 'POST' && p === '/_emulator/dev/user-token' && body.ok && typeof body.value?.user === 'string') {
        return { status: 200, body: { token: await auth.issueUserToken({ user: body.value.user, audience: body.value.audience }) } };
      }
      if (method === 'POST' && p === '/_emulator/dev/channel-token')
        return { status: 200, body: { token: await auth.issueChannelToken({}, botServiceUrl) } };
      if (method === 'POST' && p === '/_emulator/dev/personal-chat' && body.ok && typeof body.value?.user === 'string') {
        const id = bot.personalChat(String(body.value.appId ?? Object.keys(clients).find((c) => c.includes('bot')) ?? ''), body.value.user);
        return id ? { status: 200, body: { id } } : { status: 404, body: { error: 'unknown user' } };
      }
      if (method === 'GET' && p === '/_emulator/dev/groups')
        return { status: 200, body: Object.fromEntries([...store.groups].map(([g, m]) => [g, [...m]])) };
      return { status: 404, body: { error: 'unknown control endpoint' } };
    }

    const version = /^\/(v1\.0|beta)(\/|$)/.exec(p)?.[1] as 'v1.0' | 'beta' | undefined;
    if (version) {
      const gpath = p.slice(version.length + 1) || '/';
      const cid = headers['client-request-id'];
      const who = await auth.verifyAppToken(headers.authorization, GRAPH_RESOURCE);
      if ('error' in who) {
        record({ at: clock.now().toISOString(), method, path: p, status: 401 });
        return graphUnauthorized(who.error, cid);
      }
      const body = parseJson(raw);
      if (!body.ok) {
        record({ at: clock.now().toISOString(), method, path: p, status: 400, appId: who.appId });
        return pipeline.errorResult(400, 'BadRequest', 'Unable to read JSON request payload.', cid);
      }
      const greq = { method, path: gpath, query: u.searchParams, body: body.value, headers, appId: who.appId, version, arrivedAtMs };
      if (gpath === '/$batch' && method === 'POST') {
        const r = runBatch(pipeline, greq, () => clock.now());
        record({ at: clock.now().toISOString(), method, path: p, status: r.status, appId: who.appId });
        return r;
      }
      return pipeline.run(greq);
    }

    if (p.startsWith('/botconnector/')) {
      const who = await auth.verifyAppToken(headers.authorization, BOT_RESOURCE);
      if ('error' in who) {
        record({ at: clock.now().toISOString(), method, path: p, status: 401 });
        return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
      }
      const body = parseJson(raw);
      if (!body.ok) return { status: 400, body: { error: { code: 'BadSyntax', message: 'Invalid JSON.' } } };
      return bot.run({ method, path: p.slice('/botconnector'.length), body: body.value, appId: who.appId });
    }

    if (p === '/botframework/v1/.well-known/openidconfiguration') return simple(200, auth.botOpenIdConfiguration());
    if (p === '/botframework/v1/.well-known/keys') return simple(200, auth.botJwks());
    if (p === '/common/discovery/instance' || p === '/common/discovery/instance/') return simple(200, auth.instanceDiscovery());

    const segs = p.split('/').filter(Boolean);
    const tenant = segs[0] ?? '';
    const rest = '/' + segs.slice(1).join('/');
    if (method === 'POST' && rest === '/oauth2/v2.0/token') {
      const r = await auth.token(tenant, new URLSearchParams(raw.toString('utf8')), headers.authorization);
      return simple(r.status, r.body);
    }
    if (method === 'GET' && (rest === '/v2.0/.well-known/openid-configuration' || rest === '/.well-known/openid-configuration')) {
      return simple(200, auth.openIdConfiguration(tenant));
    }
    if (method === 'GET' && (rest === '/discovery/v2.0/keys' || rest === '/discovery/keys')) return simple(200, auth.jwks());
    return simple(404, { error: 'not_found', error_description: `No emulated endpoint for ${method} ${p}` });
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void (async () => {
      let reply: Reply;
      const arrivedAtMs = clock.now().getTime();
      try {
        reply = await dispatch(req, await readBody(req), arrivedAtMs);
      } catch (err) {
        reply = { status: 500, body: { error: { code: 'InternalServerError', message: (err as Error).message } } };
      }
      if (reply.timeout) {
        // Hold the request, then drop the connection without answering, like a hung gateway.
        const t = setTimeout(() => {
          held.delete(t);
          req.socket.destroy();
        }, faults.options?.timeoutMs ?? 15000);
        held.add(t);
        return;
      }
      if (latencyMs > 0) await sleep(latencyMs);
      if (res.destroyed) return;
      const hdrs: Record<string, string> = { ...(reply.headers ?? {}) };
      let payload: string | undefined;
      if (reply.body !== undefined) {
        payload = JSON.stringify(reply.body);
        hdrs['Content-Type'] = 'application/json; charset=utf-8';
      }
      res.writeHead(reply.status, hdrs);
      res.end(payload);
    })();
  };
  server.on('request', onRequest);
  if (has6) server6.on('request', onRequest);

  const caFile = ca.caFile;
  return {
    url,
    graphBaseUrl,
    authorityHost: url,
    botServiceUrl,
    botOpenIdMetadataUrl: `${url}/botframework/v1/.well-known/openidconfiguration`,
    caFile,
    caPem: ca.caPem,
    tenantId,
    teamId,
    state: () => store.snapshot(),
    requests: () => structuredClone(log),
    clearRequests: () => {
      log = [];
    },
    setFaults: (f) => faults.set(f),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setThrottling: (on) => {
      throttling = on;
      if (!on) limiter.reset();
    },
    setRules: (r) => {
      Object.assign(rules, r);
    },
    addUser: (u) => {
      store.addUser(u);
    },
    setGroupMembers: (groupId, users) => {
      store.groups.set(groupId, new Set(users.map((x) => store.findUser(x)?.id ?? x)));
    },
    removeUser: (e) => store.removeUser(e),
    setGrantedRoles: (clientId, roles) => {
      store.tenant.grants.set(clientId, [...roles]);
    },
    updateAppRegistration: (clientId, patch) => {
      const current = store.tenant.registrations.get(clientId);
      if (patch === null) store.tenant.registrations.delete(clientId);
      else
        store.tenant.registrations.set(clientId, {
          ...(current ?? { appId: clientId, displayName: clientId, identifierUris: [], scopes: [], preAuthorized: [] }),
          ...structuredClone(patch),
        });
    },
    setCatalogApps: (apps) => {
      store.tenant.catalog = structuredClone(apps);
    },
    setGroup: (groupId, displayName) => {
      if (displayName === null) {
        store.tenant.groupNames.delete(groupId);
        store.groups.delete(groupId);
      } else store.tenant.groupNames.set(groupId, displayName);
    },
    appRegistration: (clientId) => structuredClone(store.tenant.registrations.get(clientId)),
    issueUserToken: (o) => auth.issueUserToken(o),
    issueChannelToken: (o) => auth.issueChannelToken(o, botServiceUrl),
    close: async () => {
      if (saver) clearInterval(saver);
      save(true);
      for (const t of held) clearTimeout(t);
      held.clear();
      const stop = (srv: https.Server) =>
        new Promise<void>((resolve) => {
          srv.close(() => resolve());
          srv.closeAllConnections();
        });
      await Promise.all([stop(server), has6 ? stop(server6) : Promise.resolve()]);
    },
  };
}

/** A team like the one the app is set up with: the service account owns it; its General channel has the team's id. */
function newTeam(store: Store, id: string, ownerId: string, clock: { now(): Date }): TeamRecord {
  return {
    id,
    displayName: 'Account Channels',
    description: 'Team that holds the account channels (emulated).',
    driveId: `b!${crypto.createHash('sha256').update(id).digest('base64url').slice(0, 40)}`,
    members: [store.newMember(id, ownerId, ['owner'])],
    installedApps: [],
    // In Teams the General channel's id is the team's thread id.
    channels: [
      {
        id: id,
        displayName: 'General',
        description: null,
        membershipType: 'standard',
        createdDateTime: clock.now().toISOString(),
        deleted: false,
        deletedDateTime: null,
        members: [],
        tabs: [],
        folderId: null,
        enabledApps: [],
      },
    ],
  };
}
