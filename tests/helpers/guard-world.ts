import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBilling, loadMapping, type BillingImport } from '../../src/billing';
import { computeDesiredState, desiredStateOptionsFromMapping, type DesiredAccount } from '../../src/membership';
import type { ChannelInfo, ConversationMember, DirectoryUser } from '../../src/ports/teams-directory';
import { channelDescription } from '../../src/sync/channel-naming';
import { guard, type GuardLimits } from '../../src/sync/guard';
import { largestFootprint } from '../../src/sync/guard-run';
import { planSync, type KnownAccount, type SyncPlan } from '../../src/sync/plan';

const ROOT = path.resolve(__dirname, '../..');
export const sampleFile = (name: string) => path.join(ROOT, 'samples/billing', name);
const mapping = loadMapping(path.join(ROOT, 'mappings/canonical.json'));
const TODAY = '2026-11-02';

export const DEFAULT_LIMITS: GuardLimits = { maxRemoveShare: 0.1, maxRemoveCount: 0, minRowShare: 0.5 };

export interface World {
  imported: BillingImport;
  desired: Map<string, DesiredAccount>;
}

export async function worldFrom(file: string): Promise<World> {
  const imported = await importBilling(file, mapping);
  return { imported, desired: computeDesiredState(imported, desiredStateOptionsFromMapping(mapping, { today: TODAY })).accounts };
}

/**
 * Teams as a completed run on `before` left it (every desired person in their channel), planned
 * against `after`, and judged. Directory users are their e-mail addresses: the guard judges shapes.
 */
export function judge(before: World, after: World, limits: GuardLimits = DEFAULT_LIMITS) {
  const channels: ChannelInfo[] = [];
  const members = new Map<string, ConversationMember[]>();
  const known = new Map<string, KnownAccount>();
  const recorded = new Map<string, Set<string>>();
  for (const a of before.desired.values()) {
    const id = `ch-${a.customerId}`;
    channels.push({
      id,
      displayName: a.name,
      description: channelDescription(a.name, a.customerId),
      membershipType: 'private',
      webUrl: null,
    });
    const people = [...a.owners.map((p) => ({ p, owner: true })), ...a.members.map((p) => ({ p, owner: false }))];
    members.set(
      id,
      people.map(({ p, owner }) => ({
        membershipId: `${id}:${p.email}`,
        userId: p.email,
        displayName: null,
        email: p.email,
        roles: owner ? ['owner'] : [],
        isOwner: owner,
      })),
    );
    known.set(a.customerId, {
      customerId: a.customerId,
      name: a.name,
      channelId: id,
      channelName: a.name,
      channelState: 'active',
      missingSince: null,
    });
    recorded.set(a.customerId, new Set(people.map(({ p }) => p.email)));
  }
  const users = new Map<string, DirectoryUser | null>();
  for (const w of [before, after]) {
    for (const a of w.desired.values())
      for (const p of [...a.owners, ...a.members])
        users.set(p.email, { id: p.email, displayName: p.email, mail: p.email, userPrincipalName: p.email });
  }
  const team = [...users.keys()].map((e) => ({
    membershipId: `team:${e}`,
    userId: e,
    displayName: null,
    email: e,
    roles: [],
    isOwner: false,
  }));
  const plan: SyncPlan = planSync({
    desired: after.desired,
    users,
    known,
    channels,
    members,
    teamMembers: team,
    managedUserIds: new Set(users.keys()),
    recordedMembers: recorded,
    channelType: 'private',
    today: TODAY,
    graceDays: 30,
  });
  const previousSites = new Map<string, Set<string>>();
  for (const s of before.imported.sites.values())
    previousSites.set(s.customerId, (previousSites.get(s.customerId) ?? new Set()).add(s.siteId));
  const verdict = guard(plan, {
    rows: after.imported.stats.rows,
    lastAcceptedRows: before.imported.stats.rows,
    desired: after.desired,
    previousSites,
    knownActiveAccounts: known.size,
    largestFootprint: largestFootprint(recorded),
    limits,
  });
  return { plan, verdict };
}

/** A copy of a canonical sample export with `edit` applied to each data row (header kept). */
export function variantOf(
  name: string,
  edit: (row: Record<string, string>, index: number, all: Record<string, string>[]) => Record<string, string>,
): string {
  const [header, ...lines] = fs.readFileSync(sampleFile(name), 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
  const edited = rows.map((r, i) => edit({ ...r }, i, rows));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-variant-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...edited.map((r) => cols.map((c) => r[c] ?? '').join(','))].join('\n') + '\n');
  return file;
}

export const removeVariant = (file: string) => fs.rmSync(path.dirname(file), { recursive: true, force: true });

/** The person columns of one account blanked: its sites stay, its people vanish (a billing glitch). */
export const emptyAccount = (customerId: string) => (r: Record<string, string>) => {
  if (r.customer_id !== customerId) return r;
  for (const c of [
    'supervisor_email',
    'supervisor_name',
    'regional_director_email',
    'regional_director_name',
    'manager_email',
    'manager_name',
    'sales_manager_email',
    'sales_manager_name',
  ])
    r[c] = '';
  return r;
};

/** The supervisor columns joined on the wrong key: each row gets the supervisor of a row `shift` further on. */
export const shiftSupervisors = (shift: number) => (r: Record<string, string>, i: number, all: Record<string, string>[]) => {
  const other = all[(i + shift) % all.length]!;
  return {
    ...r,
    supervisor_email: other.supervisor_email!,
    supervisor_name: other.supervisor_name!,
    supervisor_employee_id: other.supervisor_employee_id!,
  };
};
