/** A real HTTP server with the tab API, a fresh database and the emulator as the token authority. */
import path from 'node:path';
import type { Server } from 'restify';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { createServer } from '../../src/server/create-server';
import { splitSources, tabContentSecurityPolicy } from '../../src/server/tab-csp';
import { tabsApiFromConfig } from '../../src/tabs-api';
import type { RunningEmulator } from '../../emulator';
import { userIdForEmail } from '../../emulator/ids';
import { startTestEmulator } from '../helpers/emulator';
import { openTestDb, type EngineName, type TestDb } from '../store/engines';

export const OWNER_A = 'anna.asiakkuus@yritysx.example';
export const SUPERVISOR_A = 'sami.esimies@yritysx.example';
export const OWNER_B = 'bertta.omistaja@yritysx.example';
export const DIRECTOR = 'johtaja@yritysx.example';
export const OUTSIDER = 'ulla.ulkopuolinen@yritysx.example';
const USERS = [
  { email: OWNER_A, displayName: 'Anna Asiakkuus' },
  { email: SUPERVISOR_A, displayName: 'Sami Esimies' },
  { email: OWNER_B, displayName: 'Bertta Omistaja' },
  { email: DIRECTOR, displayName: 'Johanna Johtaja' },
  { email: OUTSIDER, displayName: 'Ulla Ulkopuolinen' },
];
const TODAY = new Date('2026-05-14T09:00:00Z');
const CHANNELS_CREATED = new Date('2026-01-02T08:00:00Z');
export const ROOT = path.resolve(__dirname, '../..');

export interface TabsHarness {
  em: RunningEmulator;
  db: TestDb;
  server: Server;
  url: string;
  token(
    email: string,
    o?: {
      audience?: string;
      expiresInSec?: number;
      signWithUnknownKey?: boolean;
      scope?: string;
      azp?: string;
      preferredUsername?: string;
    },
  ): Promise<string>;
  call(
    method: string,
    p: string,
    o?: { as?: string; token?: string; body?: unknown },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** Accounts A (Ääninen Oy, owner Anna, supervisor Sami), B (Bravo Ab, owner Bertta), Ö and Z to show Finnish order. */
async function seed(db: TestDb): Promise<void> {
  const s = db.store;
  await s.accounts.upsertMany([
    { customerId: 'A', name: 'Ääninen Oy', isNational: true, ownerEmail: OWNER_A, contractStart: '2021-09-01', monthlyBilling: 125000 },
    { customerId: 'B', name: 'Bravo Ab', isNational: true, ownerEmail: OWNER_B, contractStart: '2020-02-29' },
    { customerId: 'Z', name: 'Zeta Oyj', isNational: true, ownerEmail: OWNER_B },
    { customerId: 'O', name: 'Örkki Oy', isNational: true, ownerEmail: OWNER_B },
  ]);
  await s.accounts.setChannel('A', { channelId: '19:aaaa@thread.tacv2', channelName: 'Ääninen Oy' });
  await s.sites.replaceForAccount('A', [
    { siteId: 'A1', name: 'Pääkonttori', region: 'Uusimaa', supervisorEmail: SUPERVISOR_A },
    { siteId: 'A2', name: 'Tehdas', region: 'Pirkanmaa', supervisorEmail: SUPERVISOR_A },
  ]);
  await s.sites.replaceForAccount('B', [{ siteId: 'B1', name: 'Varasto', region: 'Varsinais-Suomi' }]);
  const owner = [{ kind: 'key_account_director' as const, line: 2 }];
  const supervisor = (siteId: string, siteName: string) => [
    { kind: 'site' as const, siteId, siteName, role: 'supervisor' as const, line: 3 },
  ];
  await s.desiredMemberships.replaceForAccount('A', [
    { email: OWNER_A, role: 'owner', reasons: owner },
    { email: SUPERVISOR_A, role: 'member', reasons: supervisor('A1', 'Pääkonttori') },
  ]);
  await s.desiredMemberships.replaceForAccount('B', [{ email: OWNER_B, role: 'owner', reasons: owner }]);
  await s.desiredMemberships.replaceForAccount('Z', [{ email: SUPERVISOR_A, role: 'member', reasons: supervisor('Z1', 'Zeta') }]);
  // The emulator's users have the object ids userIdForEmail gives; tab access is keyed by them.
  await s.people.saveResolutions(
    USERS.map((u) => ({ email: u.email, displayName: u.displayName, objectId: userIdForEmail(u.email), unknown: false })) as any,
  );
}

/** `admins`: emails the role check treats as app admins (none by default). */
export async function startTabsHarness(
  engine: EngineName,
  o: { tabsDir?: string; admins?: readonly string[]; env?: Record<string, string> } = {},
): Promise<TabsHarness> {
  const em = await startTestEmulator({ users: USERS });
  const db = await openTestDb(engine);
  // The accounts' channels exist since the start of the year, so their annual clocks start then.
  db.clock.set(CHANNELS_CREATED);
  await seed(db);
  db.clock.set(TODAY);
  const config = loadConfig({
    AZURE_AUTHORITY_HOST: em.authorityHost,
    AAD_APP_TENANT_ID: em.tenantId,
    AAD_APP_CLIENT_ID: 'local-app-id',
    SECRET_AAD_APP_CLIENT_SECRET: 'local-app-secret',
    SSO_EXTRA_AUDIENCES: 'api://localhost/local-app-id',
    TEAM_ID: em.teamId,
    TEAMS_APP_ID: '00000000-0000-4000-8000-00000000abcd',
    APP_TIMEZONE: 'Europe/Helsinki',
    PUBLIC_BASE_URL: em.url,
    // The browser tests' host page frames the tab from the app's own origin.
    TAB_FRAME_ANCESTORS: "'self'",
    ...o.env,
  });
  const api = tabsApiFromConfig(config, {
    store: db.store,
    logger: silentLogger,
    clock: db.clock,
    roles: { isDirector: (c) => c.email === DIRECTOR, isAdmin: (c) => (o.admins ?? []).includes(c.email) },
  });
  const server = createServer({
    logger: silentLogger,
    ping: async () => undefined,
    api,
    tabsDir: o.tabsDir,
    tabsCsp: tabContentSecurityPolicy(splitSources(config.TAB_FRAME_ANCESTORS)),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const h: TabsHarness = {
    em,
    db,
    server,
    url,
    token: (email, t = {}) => em.issueUserToken({ user: email, ...t }),
    async call(method, p, c = {}) {
      const token = c.token ?? (c.as ? await h.token(c.as) : undefined);
      const res = await fetch(url + p, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: c.body !== undefined ? JSON.stringify(c.body) : undefined,
      });
      const text = await res.text();
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      return { status: res.status, body, text, headers: res.headers };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await em.close();
    },
  };
  return h;
}
