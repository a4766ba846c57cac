import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { startEmulator, type EmulatorOptions, type RunningEmulator, type EmulatorState } from '../../emulator';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { ManualClock } from '../../src/ports/clock';
import { createServices, mappingFor, syncDependencies, type Services } from '../../src/server/services';
import { runSync, type SyncOutcome, type SyncRequest } from '../../src/sync/run-sync';
import { customerIdFromDescription } from '../../src/sync/channel-naming';
import { localAppEnv } from '../../scripts/local-env';
import { openTestDb, type EngineName, type TestDb } from '../store/engines';

export const ROOT = path.resolve(__dirname, '../..');
export const sample = (name: string) => path.join(ROOT, 'samples/billing', name);

export interface SyncHarness {
  em: RunningEmulator;
  services: Services;
  clock: ManualClock;
  db: TestDb;
  /** The app environment the harness's services were built from (for a child process). */
  env: Record<string, string>;
  run(source: string, extra?: Partial<SyncRequest>): Promise<SyncOutcome>;
  /** Channel view per customer id, read back from the emulator (the real outcome in "Teams"). */
  channels(): Map<string, ChannelView>;
  close(): Promise<void>;
}

/** Emulator + real storage engine + the real Graph layer over HTTPS: the sync end to end. */
export async function startSyncHarness(
  engine: EngineName,
  opts: { emulator?: EmulatorOptions; env?: Record<string, string> } = {},
): Promise<SyncHarness> {
  const em = await startEmulator({ port: 0, ...opts.emulator });
  const db = await openTestDb(engine, { migrate: false });
  const clock = new ManualClock(new Date('2026-11-02T06:00:00Z'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-harness-'));
  const env = { ...localAppEnv(em, ROOT), DATA_DIR: dataDir, ...opts.env };
  const config = loadConfig(env);
  const services = await createServices(config, silentLogger, { clock, database: db.opened });
  const { mapping } = mappingFor(config);
  return {
    em,
    services,
    clock,
    db,
    env,
    run: (source, extra = {}) => runSync(syncDependencies(services), { source, mapping, trigger: 'test', ...extra }),
    channels: () => channelView(em.state()),
    close: async () => {
      await db.close();
      await em.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ChannelView {
  displayName: string;
  membershipType: 'standard' | 'private' | 'shared';
  owners: string[];
  members: string[];
  deleted: boolean;
  tabs: number;
}

export function channelView(state: EmulatorState): Map<string, ChannelView> {
  const email = new Map(state.users.map((u) => [u.id, u.mail.toLowerCase()]));
  const team = state.teams[0]!;
  const out = new Map<string, ChannelView>();
  for (const c of team.channels) {
    const id = customerIdFromDescription(c.description);
    if (!id || c.deleted) continue;
    if (out.has(id)) throw new Error(`duplicate channel for account ${id}`);
    const owners = c.members
      .filter((m) => m.roles.includes('owner'))
      .map((m) => email.get(m.userId) ?? m.userId)
      .sort();
    const members = c.members
      .filter((m) => !m.roles.includes('owner'))
      .map((m) => email.get(m.userId) ?? m.userId)
      .sort();
    out.set(id, { displayName: c.displayName, membershipType: c.membershipType, owners, members, deleted: c.deleted, tabs: c.tabs.length });
  }
  return out;
}

export function loadExpected(file: string): Record<string, { customer_name: string; owner: string; members: string[]; sites: number }> {
  return JSON.parse(fs.readFileSync(sample(file), 'utf8')).accounts;
}

/** A small export in the canonical format, for scenarios the sample files do not cover. */
export const BILLING_HEADER =
  'customer_id,customer_name,national_account,site_id,site_name,street_address,postal_code,city,supervisor_employee_id,supervisor_name,supervisor_email,regional_director_name,regional_director_email,manager_name,manager_email,sales_manager_name,sales_manager_email,key_account_director_name,key_account_director_email,contract_start,contract_end,monthly_billing_eur';
export const testMail = (name: string) => `${name}@yritysx.example`;

/** One site row: `team` names the site's regional director, manager and sales manager (`<team>.rd` …). */
export function billingRow(customer: string, name: string, site: string, supervisor: string, team: string, kad: string): string {
  const m = testMail;
  return [
    customer,
    name,
    'Y',
    site,
    `${name} ${site}`,
    'Katu 1',
    '00100',
    'Helsinki',
    `E${site}`,
    supervisor,
    m(supervisor),
    `${team}.rd`,
    m(`${team}.rd`),
    `${team}.man`,
    m(`${team}.man`),
    `${team}.sales`,
    m(`${team}.sales`),
    kad,
    m(kad),
    '2020-01-01',
    '',
    '1000.00',
  ].join(',');
}

export function writeBillingCsv(dir: string, name: string, rows: string[]): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `${BILLING_HEADER}\n${rows.join('\n')}\n`);
  return p;
}
