/**
 * What `npm run playground` sets up, apart from starting the Playground binary: the Playground's
 * own configuration (its mock users are Finnish sample people from the sample billing export) and
 * the local instance of the app it talks to. Kept apart from scripts/playground.ts so a test can
 * check the wiring without the Playground.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../src/config/load-config';
import type { AppConfig } from '../src/config/schema';
import type { Store } from '../src/store';

export const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
export const PLAYGROUND_TEAM_GROUP = '00000000-0000-0000-0000-000000000031';
/** The account of the sample export the Playground shows (Etelä Koulut Oyj). */
export const PLAYGROUND_ACCOUNT = '100016';
/** The Playground reads this file from its working folder. */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

export interface PlaygroundPerson {
  /** The Playground's user id (its conversations' `from.id`). */
  id: string;
  name: string;
  email: string;
  /** The Entra object id the Playground sends (`aadObjectId`); the app knows the person by it. */
  aadObjectId: string;
  role: 'owner' | 'supervisor' | 'regionalDirector' | 'outsider';
  siteId?: string;
  siteName?: string;
}

type Row = Record<string, string>;

/**
 * From the sample export: the account's key account director (the Playground's current user, who
 * owns the channel), three of its supervisors, its first regional director, and one supervisor of
 * another account (someone the account's channel is not for).
 */
export function playgroundPeople(root: string): PlaygroundPerson[] {
  const rows = parse(fs.readFileSync(path.join(root, 'samples/billing/supervisors.csv'), 'utf8'), { columns: true }) as Row[];
  const own = rows.filter((r) => r.customer_id === PLAYGROUND_ACCOUNT);
  const people: Omit<PlaygroundPerson, 'id' | 'aadObjectId'>[] = [
    { role: 'owner', name: own[0]!.key_account_director_name!, email: own[0]!.key_account_director_email! },
  ];
  const seen = new Set(people.map((p) => p.email));
  for (const r of own) {
    if (people.length >= 4) break;
    if (seen.has(r.supervisor_email!)) continue;
    seen.add(r.supervisor_email!);
    people.push({ role: 'supervisor', name: r.supervisor_name!, email: r.supervisor_email!, siteId: r.site_id!, siteName: r.site_name! });
  }
  const rd = own.find((r) => !seen.has(r.regional_director_email!))!;
  people.push({ role: 'regionalDirector', name: rd.regional_director_name!, email: rd.regional_director_email! });
  seen.add(rd.regional_director_email!);
  const other = rows.find((r) => r.customer_id !== PLAYGROUND_ACCOUNT && !seen.has(r.supervisor_email!))!;
  people.push({ role: 'outsider', name: other.supervisor_name!, email: other.supervisor_email! });
  // The Playground's own id pattern: user-id-N, object ids ending 20, 21, … (as in its built-in config).
  return people.map((p, i) => ({ ...p, id: `user-id-${i}`, aadObjectId: `00000000-0000-0000-0000-00000000000${20 + i}` }));
}

// Single-quoted YAML scalars (a quote is doubled), as Prettier writes the shipped copy.
const yamlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function userYaml(p: PlaygroundPerson, indent: string): string {
  const [given, ...rest] = p.name.split(' ');
  return [
    `id: ${p.id}`,
    `name: ${yamlString(p.name)}`,
    `userPrincipleName: ${p.email}`,
    `aadObjectId: ${p.aadObjectId}`,
    `givenName: ${yamlString(given!)}`,
    `surname: ${yamlString(rest.join(' '))}`,
    `email: ${p.email}`,
  ]
    .map((l, i) => (i === 0 ? l : `${indent}${l}`))
    .join('\n');
}

/** The Playground's configuration file (its documented format, version 0.1.1) with the sample people. */
export function playgroundConfigYaml(people: readonly PlaygroundPerson[], accountName: string): string {
  const [current, ...others] = people;
  return [
    '# Microsoft 365 Agents Playground: mock tenant for `npm run playground` (written by scripts/playground-setup.ts',
    '# from samples/billing/supervisors.csv; a test keeps this copy equal). The current user owns the account channel.',
    "version: '0.1.1'",
    `tenantId: ${PLAYGROUND_TENANT}`,
    'bot:',
    '  id: 00000000-0000-0000-0000-00000000000011',
    '  name: Asiakkuuskanavat',
    'currentUser:',
    `  ${userYaml(current!, '  ')}`,
    'users:',
    ...others.map((p) => `  - ${userYaml(p, '    ')}`),
    'personalChat:',
    '  id: personal-chat-id',
    'groupChat:',
    '  id: group-chat-id',
    '  name: Ryhmächat',
    'team:',
    '  id: team-id',
    '  name: Asiakkuuskanavat',
    `  aadGroupId: ${PLAYGROUND_TEAM_GROUP}`,
    '  channels:',
    '    - id: channel-account-id',
    `      name: ${yamlString(accountName)}`,
    '',
  ].join('\n');
}

export function playgroundAccountName(root: string): string {
  const rows = parse(fs.readFileSync(path.join(root, 'samples/billing/supervisors.csv'), 'utf8'), { columns: true }) as Row[];
  return rows.find((r) => r.customer_id === PLAYGROUND_ACCOUNT)!.customer_name!;
}

/**
 * The instance the Playground talks to. The Playground sends activities without a Bot Framework
 * token, so this instance alone has no BOT_ID (the app then checks no token: allowed outside
 * production only; `npm start` and any deployment keep BOT_ID and refuse unsigned activities).
 */
export function playgroundAppConfig(o: { port: number; dataDir: string; playgroundUrl: string }): AppConfig {
  return loadConfig({
    PORT: String(o.port),
    DATA_DIR: o.dataDir,
    AAD_APP_TENANT_ID: PLAYGROUND_TENANT,
    AAD_APP_CLIENT_ID: 'local-app-id',
    SECRET_AAD_APP_CLIENT_SECRET: 'unused-by-the-playground',
    TEAM_ID: PLAYGROUND_TEAM_GROUP,
    TEAMS_APP_ID: 'local-teams-app-id',
    BOT_SERVICE_URL: `${o.playgroundUrl}/_connector/`,
    APP_LOCALE: 'fi',
    SCHEDULER_ENABLED: 'false',
    TABS_ENABLED: 'false', // no sync here: nothing adds tabs
    LOG_LEVEL: 'warn',
  });
}

/** The sample account and its people as the app knows them; its channel is linked once the Playground answers. */
export async function seedPlaygroundAccount(store: Store, people: readonly PlaygroundPerson[], accountName: string): Promise<void> {
  const owner = people.find((p) => p.role === 'owner')!;
  await store.accounts.upsertMany([{ customerId: PLAYGROUND_ACCOUNT, name: accountName, isNational: true, ownerEmail: owner.email }]);
  await store.people.saveResolutions(people.map((p) => ({ email: p.email, displayName: p.name, objectId: p.aadObjectId })));
  await store.desiredMemberships.replaceForAccount(PLAYGROUND_ACCOUNT, [
    { email: owner.email, role: 'owner', reasons: [{ kind: 'key_account_director' }] },
    ...people
      .filter((p) => p.role === 'supervisor')
      .map((p) => ({
        email: p.email,
        role: 'member' as const,
        reasons: [{ kind: 'site' as const, siteId: p.siteId!, siteName: p.siteName ?? p.siteId!, role: 'supervisor' as const, line: 2 }],
      })),
  ]);
}
