import type { Clock } from '../src/ports/clock';
import { membershipId, userIdForEmail } from './ids';
import { notFound } from './errors';
import { TenantRecords } from './tenant-records';
import type {
  ChannelRecord,
  ConversationRecord,
  DriveItemRecord,
  EmulatorState,
  MemberRecord,
  SeedUser,
  TeamRecord,
  UserRecord,
} from './types';

/** The emulator's in-memory tenant. Handlers mutate it; `snapshot()` hands out deep copies. */
export class Store {
  readonly users = new Map<string, UserRecord>();
  readonly teams = new Map<string, TeamRecord>();
  readonly driveItems = new Map<string, DriveItemRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  /** Entra security groups: group id -> member object ids (for checkMemberGroups). */
  readonly groups = new Map<string, Set<string>>();
  readonly counters: Record<string, number> = {};
  /** Entra app grants/registrations, the app catalog and group names (replaced by the server at start). */
  tenant = new TenantRecords();

  constructor(
    readonly tenantId: string,
    private readonly clock: Clock,
  ) {}

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  addUser(u: SeedUser): UserRecord {
    const email = u.email.trim().toLowerCase();
    const rec: UserRecord = { id: u.id ?? userIdForEmail(email), displayName: u.displayName, mail: email, userPrincipalName: email };
    for (const [id, existing] of this.users) if (existing.mail === email) this.users.delete(id);
    this.users.set(rec.id, rec);
    return rec;
  }

  /** Removes the user from the directory (and every membership), like a deleted Entra account. */
  removeUser(emailOrId: string): void {
    const u = this.findUser(emailOrId);
    if (!u) return;
    this.users.delete(u.id);
    for (const t of this.teams.values()) {
      t.members = t.members.filter((m) => m.userId !== u.id);
      for (const c of t.channels) c.members = c.members.filter((m) => m.userId !== u.id);
    }
  }

  findUser(idOrUpn: string): UserRecord | undefined {
    const key = idOrUpn.trim();
    const byId = this.users.get(key) ?? this.users.get(key.toLowerCase());
    if (byId) return byId;
    const lower = key.toLowerCase();
    for (const u of this.users.values()) if (u.mail === lower || u.userPrincipalName === lower) return u;
    return undefined;
  }

  team(teamId: string): TeamRecord {
    const t = this.teams.get(teamId);
    if (!t) throw notFound(`No team found with Group Id ${teamId}`);
    return t;
  }

  /** Deleted channels answer 404 like the real service, though they stay in state (restorable). */
  channel(team: TeamRecord, channelId: string): ChannelRecord {
    const c = team.channels.find((ch) => ch.id === channelId && !ch.deleted);
    if (!c) throw notFound(`Channel ${channelId} not found in team ${team.id}`);
    return c;
  }

  newMember(containerId: string, userId: string, roles: string[]): MemberRecord {
    return { id: membershipId(this.tenantId, containerId, userId), userId, roles: normaliseRoles(roles) };
  }

  /** Replaces the tenant with a saved snapshot (see EmulatorOptions.stateFile). */
  restore(saved: EmulatorState & { groups?: Record<string, string[]> }): void {
    this.users.clear();
    this.teams.clear();
    this.driveItems.clear();
    this.conversations.clear();
    this.groups.clear();
    for (const u of saved.users) this.users.set(u.id, u);
    for (const t of saved.teams) this.teams.set(t.id, t);
    for (const d of saved.driveItems) this.driveItems.set(d.id, d);
    for (const c of saved.conversations) this.conversations.set(c.id, c);
    for (const [g, members] of Object.entries(saved.groups ?? {})) this.groups.set(g, new Set(members));
    Object.assign(this.counters, saved.counters);
  }

  /** What restore() takes back: the snapshot plus the groups. */
  persistable(): EmulatorState & { groups: Record<string, string[]> } {
    return { ...this.snapshot(), groups: Object.fromEntries([...this.groups].map(([g, m]) => [g, [...m]])) };
  }

  snapshot(): EmulatorState {
    return structuredClone({
      tenantId: this.tenantId,
      users: [...this.users.values()],
      teams: [...this.teams.values()],
      driveItems: [...this.driveItems.values()],
      conversations: [...this.conversations.values()],
      counters: this.counters,
    });
  }
}

export function normaliseRoles(roles: unknown): string[] {
  if (!Array.isArray(roles)) return [];
  return roles.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase());
}

export const isOwner = (m: MemberRecord): boolean => m.roles.includes('owner');
