/**
 * The messaging test bed: a small emulator tenant with two account channels, the real app on a
 * random port, and helpers that POST real Bot Framework activities to /api/messages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningEmulator, SeedUser, EmulatorOptions } from '../../emulator';
import { startEmulator } from '../../emulator';
import { userIdForEmail } from '../../emulator/ids';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { ManualClock } from '../../src/ports/clock';
import { startApp, type AppOverrides, type RunningApp } from '../../src/server/app';
import type { SiteRole } from '../../src/domain/roles';
import type { Store } from '../../src/store';
import { localAppEnv } from '../../scripts/local-env';
import { emulatorAppToken, graphCaller, teamPath, emulatorRequest } from '../helpers/emulator';
import type { AdaptiveCardJson } from '../../src/cards';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store';
import { engines, postgresUrl, type EngineName } from '../store/engines';

export { engines, type EngineName };

/**
 * A fresh PostgreSQL schema for one bed; the app (and any CLI or second instance given `env`) reaches
 * it through DATABASE_URL's `options=-c search_path=…`, exactly as a deployment would name a schema.
 */
async function postgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `msg_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ dataDir: os.tmpdir(), databaseUrl: postgresUrl, schema, poolSize: 1 });
  return {
    url: `${postgresUrl}${postgresUrl!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

const ROOT = path.resolve(__dirname, '../..');
export const DIRECTOR_GROUP = 'group-directors';
export const ADMIN_GROUP = 'group-admins';

const u = (email: string, displayName: string): SeedUser & { id: string } => ({ email, displayName, id: userIdForEmail(email) });
export const USERS = {
  director: u('dora.director@yritysx.example', 'Dora Director'),
  admin: u('aki.admin@yritysx.example', 'Aki Admin'),
  ownerA: u('olli.owner@yritysx.example', 'Olli Owner'),
  ownerB: u('bea.owner@yritysx.example', 'Bea Owner'),
  sup1: u('sanna.supervisor@yritysx.example', 'Sanna Supervisor'),
  sup2: u('simo.supervisor@yritysx.example', 'Simo Supervisor'),
  sup3: u('seija.supervisor@yritysx.example', 'Seija Supervisor'),
  rd: u('reijo.regional@yritysx.example', 'Reijo Regional'),
  outsider: u('ulla.outsider@yritysx.example', 'Ulla Outsider'),
};
export type UserKey = keyof typeof USERS;

export interface Bed {
  em: RunningEmulator;
  app: RunningApp;
  store: Store;
  clock: ManualClock;
  /** The app's environment (a CLI given it is a second instance on the same database). */
  env: Record<string, string>;
  engine: EngineName;
  /** customerId -> channel id */
  channels: Record<'A' | 'B', string>;
  close(): Promise<void>;
}

/** Account A (100001): owner Olli, supervisors Sanna + Simo, regional director Reijo. Account B (100002): owner Bea, supervisor Seija. */
export async function startBed(
  opts: {
    engine?: EngineName;
    emulator?: EmulatorOptions;
    app?: AppOverrides;
    clock?: ManualClock;
    env?: Record<string, string>;
    envFor?: (em: RunningEmulator) => Record<string, string>;
  } = {},
): Promise<Bed> {
  const pg = opts.engine === 'postgres' ? await postgresSchema() : undefined;
  const em = await startEmulator({ port: 0, users: Object.values(USERS), ...opts.emulator });
  const g = graphCaller(em, await emulatorAppToken(em, 'graph'));
  const channels = {} as Record<'A' | 'B', string>;
  for (const [k, name] of [
    ['A', 'Alfa Oy (100001)'],
    ['B', 'Beta Oy (100002)'],
  ] as const) {
    const r = await g('POST', `${teamPath(em.teamId)}/channels`, {
      displayName: name,
      description: `customer ${k}`,
      membershipType: 'standard',
    });
    if (r.status !== 201) throw new Error(`channel create ${r.status} ${JSON.stringify(r.body)}`);
    channels[k] = r.body.id;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messaging-test-'));
  const clock = opts.clock ?? new ManualClock(new Date('2026-11-23T06:00:00Z'));
  const env = {
    ...localAppEnv(em, ROOT),
    DATA_DIR: dataDir,
    PORT: '0',
    DIRECTOR_GROUP_ID: DIRECTOR_GROUP,
    ADMIN_GROUP_ID: ADMIN_GROUP,
    APP_LOCALE: 'en',
    SERVICE_ACCOUNT_UPN: USERS.admin.email, // Tests drive the jobs themselves; no background firings between test files.
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...opts.env,
    ...opts.envFor?.(em),
  };
  const config = loadConfig(env);
  const app = await startApp(config, {
    logger: silentLogger,
    clock,
    ...opts.app,
    messaging: { groupMembers: { [DIRECTOR_GROUP]: [USERS.director.id], [ADMIN_GROUP]: [USERS.admin.id] }, ...opts.app?.messaging },
  });
  await seedStore(app.store, channels);
  return {
    em,
    app,
    store: app.store,
    clock,
    env,
    engine: opts.engine ?? 'sqlite',
    channels,
    close: async () => {
      await app.close(2000);
      await em.close();
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function seedStore(store: Store, channels: Record<'A' | 'B', string>): Promise<void> {
  await store.accounts.upsertMany([
    {
      customerId: '100001',
      name: 'Alfa Oy',
      isNational: true,
      contractStart: null,
      contractEnd: null,
      monthlyBilling: null,
      ownerEmail: USERS.ownerA.email,
    },
    {
      customerId: '100002',
      name: 'Beta Oy',
      isNational: true,
      contractStart: null,
      contractEnd: null,
      monthlyBilling: null,
      ownerEmail: USERS.ownerB.email,
    },
  ]);
  await store.accounts.setChannel('100001', { channelId: channels.A, channelName: 'Alfa Oy (100001)' });
  await store.accounts.setChannel('100002', { channelId: channels.B, channelName: 'Beta Oy (100002)' });
  await store.people.saveResolutions(Object.values(USERS).map((p) => ({ email: p.email, displayName: p.displayName, objectId: p.id })));
  const site = (siteId: string, role: SiteRole) => ({ kind: 'site' as const, siteId, siteName: siteId, role, line: 2 });
  await store.desiredMemberships.replaceForAccount('100001', [
    { email: USERS.ownerA.email, role: 'owner', reasons: [{ kind: 'key_account_director' as const, line: 2 }] },
    { email: USERS.sup1.email, role: 'member', reasons: [site('5001', 'supervisor')] },
    { email: USERS.sup2.email, role: 'member', reasons: [site('5002', 'supervisor')] },
    { email: USERS.rd.email, role: 'member', reasons: [site('5001', 'regional_director')] },
  ]);
  await store.desiredMemberships.replaceForAccount('100002', [
    { email: USERS.ownerB.email, role: 'owner', reasons: [{ kind: 'key_account_director' as const, line: 3 }] },
    { email: USERS.sup3.email, role: 'member', reasons: [site('5003', 'supervisor')] },
  ]);
}

let seq = 0;
export interface SendOptions {
  from: UserKey;
  /** A channel conversation (thread) or a personal chat. */
  conversationId: string;
  channelId?: string;
  text?: string;
  type?: 'message' | 'invoke' | 'conversationUpdate';
  name?: string;
  value?: unknown;
  replyToId?: string;
  locale?: string;
  extra?: Record<string, unknown>;
}

/** POSTs one activity to the app as the Teams channel would, with a Bot Framework channel token. */
export async function sendActivity(bed: Bed, o: SendOptions): Promise<{ status: number; body: any }> {
  const user = USERS[o.from];
  const token = await bed.em.issueChannelToken({ serviceUrl: bed.em.botServiceUrl });
  const isChannel = o.channelId !== undefined;
  const activity = {
    type: o.type ?? 'message',
    id: `in-${++seq}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: bed.em.botServiceUrl,
    from: { id: `29:${user.id}`, name: user.displayName, aadObjectId: user.id },
    recipient: { id: '28:local-bot-id', name: 'Account Channels' },
    conversation: {
      id: o.conversationId,
      conversationType: isChannel ? 'channel' : 'personal',
      tenantId: bed.em.tenantId,
      isGroup: isChannel,
    },
    channelData: { tenant: { id: bed.em.tenantId }, ...(isChannel ? { channel: { id: o.channelId }, team: { id: bed.em.teamId } } : {}) },
    locale: o.locale ?? 'en-US',
    ...(o.text !== undefined ? { text: o.text } : {}),
    ...(o.name ? { name: o.name } : {}),
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.replyToId ? { replyToId: o.replyToId } : {}),
    ...o.extra,
  };
  const res = await fetch(`${bed.app.url}/api/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** A personal chat between the bot and a user, created in the emulator as Teams would. */
export async function personalChat(bed: Bed, who: UserKey): Promise<string> {
  const token = await emulatorAppToken(bed.em, 'bot');
  const r = await emulatorRequest(bed.em, {
    method: 'POST',
    path: '/botconnector/v3/conversations',
    token,
    body: { isGroup: false, members: [{ id: USERS[who].id }], tenantId: bed.em.tenantId },
  });
  if (r.status !== 201) throw new Error(`personal chat ${r.status}`);
  return r.body.id;
}

export interface SeenActivity {
  id: string;
  conversationId: string;
  deleted: boolean;
  updated: boolean;
  activity: any;
}

/** Every bot activity the emulator's Bot Connector received, oldest first. */
export function botActivities(bed: Bed): SeenActivity[] {
  return bed.em
    .state()
    .conversations.flatMap((c: any) =>
      c.activities.map((a: any) => ({ id: a.id, conversationId: c.id, deleted: a.deleted, updated: !!a.updatedAt, activity: a.activity })),
    );
}

export function cardOf(a: { activity: any }): AdaptiveCardJson | undefined {
  return a.activity?.attachments?.find((x: any) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'msteams') walk(x);
  };
  walk(card);
  return out.join('\n');
}

/** Activities in a personal chat of the user. */
export function personalActivities(bed: Bed, who: UserKey): SeenActivity[] {
  const conv = bed.em
    .state()
    .conversations.filter((c: any) => c.userId === USERS[who].id)
    .map((c: any) => c.id);
  return botActivities(bed).filter((a) => conv.includes(a.conversationId));
}

/** Thread roots posted into a channel. */
export function channelPosts(bed: Bed, channelId: string): SeenActivity[] {
  return botActivities(bed).filter((a) => a.conversationId === channelId);
}
