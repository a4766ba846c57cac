import { AppError } from '../src/errors/app-error';
import { normaliseEmail } from '../src/domain/email';
import type { Logger } from '../src/ports/logger';
import type {
  ChannelInfo,
  ChannelMemberChange,
  ChannelMemberChangeResult,
  ChannelMemberSpec,
  ChannelMembershipType,
  ChannelPatch,
  ChannelRoleChange,
  ChannelTab,
  ConversationMember,
  DirectoryUser,
  DriveFolder,
  FilesFolder,
  GraphStats,
  InstalledApp,
  ItemResult,
  NewChannel,
  NewTab,
  Result,
  TeamInfo,
  TeamsDirectory,
} from '../src/ports/teams-directory';
import type { BatchRequest } from './batch';
import type { GraphClient } from './graph-client';
import { graphError } from './graph-errors';

/** "conversationMembers: add" (graph/api/conversationmembers-add): up to 200 members per call. */
const MAX_BULK_ADD = 200;
/** graph "Create channel" (graph/api/channel-post): up to 200 members in the create call. */
const MAX_CREATE_CHANNEL_MEMBERS = 200;

const seg = (s: string) => encodeURIComponent(s);
/** Waits between checks of an accepted (202) channel creation; about a minute in all. */
const CREATE_POLL_DELAYS_MS = [1000, 3000, 10_000, 15_000, 30_000];
const USER_SELECT = '$select=id,displayName,mail,userPrincipalName';

/**
 * The largest page each list allows, asked for wherever the app lists (fewer requests per sync).
 * graph "team-list-members" and "channel-list-members": $top supported, default page 100, maximum 999.
 * Lists without a documented $top (channel-list, channel-list-tabs, team-list-installedapps) answer
 * in one piece and are read as they are; every list still follows @odata.nextLink.
 */
const MAX_TOP = { teamMembers: 999, channelMembers: 999 } as const;

const channelMembersListUrl = (teamId: string, channelId: string) =>
  `/teams/${seg(teamId)}/channels/${seg(channelId)}/members?$top=${MAX_TOP.channelMembers}`;

function toUser(u: any): DirectoryUser {
  return { id: String(u.id), displayName: u.displayName ?? '', mail: u.mail ?? null, userPrincipalName: u.userPrincipalName ?? '' };
}

function toMember(m: any): ConversationMember {
  const roles: string[] = Array.isArray(m.roles) ? m.roles.map(String) : [];
  return {
    membershipId: String(m.id),
    userId: String(m.userId ?? ''),
    displayName: m.displayName ?? null,
    email: m.email ?? null,
    roles,
    isOwner: roles.some((r) => r.toLowerCase() === 'owner'),
  };
}

function toChannel(c: any): ChannelInfo {
  return {
    id: String(c.id),
    displayName: c.displayName ?? '',
    description: c.description ?? null,
    membershipType: (c.membershipType ?? 'standard') as ChannelMembershipType,
    webUrl: c.webUrl ?? null,
  };
}

function toTab(t: any): ChannelTab {
  const conf = t.configuration ?? {};
  return {
    id: String(t.id),
    displayName: t.displayName ?? '',
    teamsAppId: t.teamsApp?.id ?? null,
    entityId: conf.entityId ?? null,
    contentUrl: conf.contentUrl ?? null,
    websiteUrl: conf.websiteUrl ?? null,
  };
}

const ok2xx = (s: number) => s >= 200 && s < 300;

/** The TeamsDirectory port over Microsoft Graph (app-only). */
export class GraphTeamsDirectory implements TeamsDirectory {
  private readonly log: Logger;

  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly graph: GraphClient,
    logger: Logger,
    opts: { sleep?: (ms: number) => Promise<void> } = {},
  ) {
    this.log = logger.child('teams-directory');
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private bindUser(userId: string): string {
    return `${this.graph.graphBaseUrl}/users('${userId}')`;
  }

  private memberBody(userId: string, owner: boolean) {
    return {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: owner ? ['owner'] : [],
      'user@odata.bind': this.bindUser(userId),
    };
  }

  async resolveUsers(emails: string[]): Promise<Map<string, DirectoryUser | null>> {
    const norm = new Map<string, string>(); // normalised -> first spelling seen
    for (const e of emails) {
      const n = normaliseEmail(e);
      if (n && !norm.has(n)) norm.set(n, e);
    }
    const keys = [...norm.keys()];
    const found = new Map<string, DirectoryUser | null>();
    const failures: { email: string; status: number; error: AppError }[] = [];

    // Mail first (what billing holds), then UPN for the misses: they differ in some tenants.
    const byMail = await this.graph.batch(
      keys.map((k, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: `/users?$filter=${encodeURIComponent(`mail eq '${k.replace(/'/g, "''")}'`)}&${USER_SELECT}`,
      })),
    );
    const misses: string[] = [];
    byMail.forEach((r, i) => {
      const k = keys[i]!;
      if (ok2xx(r.status)) {
        const u = (r.body?.value ?? [])[0];
        if (u) found.set(k, toUser(u));
        else misses.push(k);
      } else failures.push({ email: k, status: r.status, error: graphError('user look-up', r.status, r.body) });
    });
    if (misses.length > 0) {
      const byUpn = await this.graph.batch(
        misses.map((k, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${seg(k)}?${USER_SELECT}` })),
      );
      byUpn.forEach((r, i) => {
        const k = misses[i]!;
        if (ok2xx(r.status)) found.set(k, toUser(r.body));
        else if (r.status === 404) found.set(k, null);
        else failures.push({ email: k, status: r.status, error: graphError('user look-up', r.status, r.body) });
      });
    }
    if (failures.length > 0) {
      // A failed look-up must not pass for "unknown person", so nothing is returned.
      const first = failures[0]!.error;
      throw new AppError(first.code, `Could not look up ${failures.length} of ${keys.length} users: ${first.message}`, {
        details: { failed: failures.map((f) => ({ email: f.email, status: f.status })), ...first.details },
        cause: first,
      });
    }
    const out = new Map<string, DirectoryUser | null>();
    for (const e of emails) {
      const n = normaliseEmail(e);
      if (n) out.set(e, found.get(n) ?? null);
    }
    return out;
  }

  async checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> {
    if (groupIds.length === 0) return [];
    // Transitive membership (graph "directoryobject-checkmembergroups"), at most 20 groups per call.
    const res = await this.graph.call(
      'POST',
      `/users/${seg(userId)}/checkMemberGroups`,
      { groupIds: groupIds.slice(0, 20) },
      { operation: 'check member groups' },
    );
    return Array.isArray(res?.value) ? res.value.map(String) : [];
  }

  async getTeam(teamId: string): Promise<TeamInfo> {
    const t = await this.graph.call('GET', `/teams/${seg(teamId)}?$select=id,displayName,description`, undefined, {
      operation: 'get team',
    });
    return { id: String(t.id), displayName: t.displayName ?? '', description: t.description ?? null };
  }

  async listTeamMembers(teamId: string): Promise<ConversationMember[]> {
    return (await this.graph.listAll(`/teams/${seg(teamId)}/members?$top=${MAX_TOP.teamMembers}`, { operation: 'list team members' })).map(
      toMember,
    );
  }

  async addTeamMembers(teamId: string, userIds: string[]): Promise<ItemResult<string>[]> {
    const unique = [...new Set(userIds)];
    const results: ItemResult<string>[] = [];
    for (let i = 0; i < unique.length; i += MAX_BULK_ADD) {
      const chunk = unique.slice(i, i + MAX_BULK_ADD);
      const res = await this.graph.send(
        'POST',
        `/teams/${seg(teamId)}/members/add`,
        { values: chunk.map((id) => this.memberBody(id, false)) },
        { operation: 'add team members' },
      );
      if (!ok2xx(res.status)) {
        const err = graphError('add team members', res.status, res.body, { teamId });
        for (const id of chunk) results.push({ key: id, ok: false, error: err });
        continue;
      }
      const parts: any[] = Array.isArray(res.body?.value) ? res.body.value : [];
      const byUser = new Map(parts.filter((p) => p?.userId).map((p) => [String(p.userId), p]));
      chunk.forEach((id, j) => {
        const p = byUser.get(id) ?? parts[j];
        if (!p) {
          results.push({
            key: id,
            ok: false,
            error: new AppError('UPSTREAM', `Graph gave no result for adding ${id} to the team`, { details: { teamId, userId: id } }),
          });
        } else if (p.error) {
          results.push({
            key: id,
            ok: false,
            error: graphError('add team member', p.error.code === 'NotFound' ? 404 : 400, { error: p.error }, { teamId, userId: id }),
          });
        } else results.push({ key: id, ok: true, value: undefined });
      });
    }
    return results;
  }

  async removeTeamMembers(teamId: string, membershipIds: string[]): Promise<ItemResult<string>[]> {
    const results = await this.graph.batch(
      membershipIds.map((m, i) => ({ id: String(i + 1), method: 'DELETE', url: `/teams/${seg(teamId)}/members/${seg(m)}` })),
    );
    return results.map((r, i): ItemResult<string> => {
      const key = membershipIds[i]!;
      if (ok2xx(r.status) || r.status === 404) return { key, ok: true, value: undefined };
      return { key, ok: false, error: graphError('remove team member', r.status, r.body, { teamId, membershipId: key }) };
    });
  }

  async listChannels(teamId: string): Promise<ChannelInfo[]> {
    return (await this.graph.listAll(`/teams/${seg(teamId)}/channels`, { operation: 'list channels' })).map(toChannel);
  }

  async createChannel(teamId: string, channel: NewChannel): Promise<ChannelInfo> {
    if (channel.members.length > MAX_CREATE_CHANNEL_MEMBERS) {
      throw new AppError(
        'BAD_INPUT',
        `A channel can be created with at most ${MAX_CREATE_CHANNEL_MEMBERS} members (got ${channel.members.length}); add the rest afterwards`,
      );
    }
    const body: Record<string, unknown> = {
      displayName: channel.displayName,
      description: channel.description ?? '',
      membershipType: channel.membershipType,
    };
    if (channel.membershipType !== 'standard') body.members = channel.members.map((m) => this.memberBody(m.userId, m.owner));
    const res = await this.graph.send('POST', `/teams/${seg(teamId)}/channels`, body, { operation: 'create channel' });
    if (!ok2xx(res.status)) throw graphError('create channel', res.status, res.body, { teamId, displayName: channel.displayName });
    // Shared channels are created asynchronously: 202 and a teamsAsyncOperation instead of the channel.
    const created = res.body?.id
      ? toChannel(res.body)
      : {
          id: await this.awaitCreatedChannel(teamId, channel.displayName, res.headers),
          displayName: channel.displayName,
          description: channel.description ?? null,
          membershipType: channel.membershipType,
          webUrl: null,
        };
    this.log.info(
      { teamId, channelId: created.id, membershipType: channel.membershipType, members: channel.members.length },
      'channel created',
    );
    return created;
  }

  /**
   * The id of a channel whose creation was accepted but not answered with the channel: from the
   * operation (graph "teamsAsyncOperation": poll the Location until `succeeded`), else by its name.
   */
  private async awaitCreatedChannel(teamId: string, displayName: string, headers: Record<string, string>): Promise<string> {
    const location = headers['location'] ?? headers['content-location'] ?? '';
    const direct = /channels(?:\('([^']+)'\)|\/([^/?]+))/.exec(location);
    if (direct) return decodeURIComponent(direct[1] ?? direct[2]!);
    const opPath = /\/operations/.test(location) ? this.graph.toRelative(location) : null;
    for (let attempt = 0; attempt < CREATE_POLL_DELAYS_MS.length; attempt++) {
      if (opPath) {
        const op = await this.graph.send('GET', opPath, undefined, { operation: 'get channel creation' });
        const status = String(op.body?.status ?? '').toLowerCase();
        if (ok2xx(op.status) && status === 'succeeded' && op.body?.targetResourceId) return String(op.body.targetResourceId);
        if (ok2xx(op.status) && status === 'failed') {
          throw new AppError('UPSTREAM', `Graph create channel failed: ${op.body?.error?.message ?? 'the operation failed'}`, {
            details: { teamId, displayName, operation: opPath },
          });
        }
      }
      const found = (await this.listChannels(teamId)).find((c) => c.displayName.toLowerCase() === displayName.toLowerCase());
      if (found) return found.id;
      await this.sleep(CREATE_POLL_DELAYS_MS[attempt]!);
    }
    // The next run finds the channel by the customer id in its description and adopts it.
    throw new AppError('UPSTREAM', `Channel "${displayName}" was accepted by Graph but is not ready yet`, {
      details: { teamId, displayName, operation: opPath },
    });
  }

  async updateChannel(teamId: string, channelId: string, patch: ChannelPatch): Promise<void> {
    await this.graph.call('PATCH', `/teams/${seg(teamId)}/channels/${seg(channelId)}`, patch, { operation: 'update channel' });
  }

  async listChannelMembers(teamId: string, channelId: string): Promise<ConversationMember[]> {
    return (await this.graph.listAll(channelMembersListUrl(teamId, channelId), { operation: 'list channel members' })).map(toMember);
  }

  async listChannelMembersMany(teamId: string, channelIds: string[]): Promise<Map<string, Result<ConversationMember[]>>> {
    const raw = await this.graph.batchListAll(
      [...new Set(channelIds)].map((c) => ({ key: c, url: channelMembersListUrl(teamId, c) })),
      'list channel members',
    );
    const out = new Map<string, Result<ConversationMember[]>>();
    for (const [k, v] of raw) out.set(k, v.ok ? { ok: true, value: v.value.map(toMember) } : v);
    return out;
  }

  async addChannelMembers(teamId: string, channelId: string, members: ChannelMemberSpec[]): Promise<ItemResult<string, string | null>[]> {
    const results = await this.applyChannelMemberChanges(
      teamId,
      members.map((m) => ({ kind: 'add' as const, channelId, userId: m.userId, owner: m.owner })),
    );
    return results.map((r, i): ItemResult<string, string | null> => {
      const userId = members[i]!.userId;
      return r.ok ? { key: userId, ok: true, value: r.membershipId ?? null } : { key: userId, ok: false, error: r.error! };
    });
  }

  async removeChannelMembers(teamId: string, channelId: string, membershipIds: string[]): Promise<ItemResult<string>[]> {
    const results = await this.applyChannelMemberChanges(
      teamId,
      membershipIds.map((membershipId) => ({ kind: 'remove' as const, channelId, membershipId })),
    );
    return results.map((r, i): ItemResult<string> => {
      const key = membershipIds[i]!;
      return r.ok ? { key, ok: true, value: undefined } : { key, ok: false, error: r.error! };
    });
  }

  async applyChannelMemberChanges(teamId: string, changes: ChannelMemberChange[]): Promise<ChannelMemberChangeResult[]> {
    const membersUrl = (channelId: string) => `/teams/${seg(teamId)}/channels/${seg(channelId)}/members`;
    // One member per POST is all Graph offers for channels (channel-post-members); $batch carries 20 at a time.
    const requests: BatchRequest[] = changes.map((c, i) =>
      c.kind === 'add'
        ? { id: String(i + 1), method: 'POST', url: membersUrl(c.channelId), body: this.memberBody(c.userId, c.owner) }
        : { id: String(i + 1), method: 'DELETE', url: `${membersUrl(c.channelId)}/${seg(c.membershipId)}` },
    );
    const results = await this.graph.batch(requests);
    return results.map((r, i): ChannelMemberChangeResult => {
      const change = changes[i]!;
      if (change.kind === 'add') {
        if (ok2xx(r.status)) return { change, ok: true, membershipId: r.body?.id ? String(r.body.id) : null };
        if (r.status === 409) return { change, ok: true, membershipId: null }; // already a member
        return {
          change,
          ok: false,
          error: graphError('add channel member', r.status, r.body, { teamId, channelId: change.channelId, userId: change.userId }),
        };
      }
      if (ok2xx(r.status) || r.status === 404) return { change, ok: true };
      return {
        change,
        ok: false,
        error: graphError('remove channel member', r.status, r.body, {
          teamId,
          channelId: change.channelId,
          membershipId: change.membershipId,
        }),
      };
    });
  }

  async setChannelMemberRoles(teamId: string, changes: ChannelRoleChange[]): Promise<ItemResult<ChannelRoleChange>[]> {
    if (changes.length === 0) return [];
    // graph "channel-update-members": PATCH with the member type and the whole new roles list.
    const results = await this.graph.batch(
      changes.map((c, i) => ({
        id: String(i + 1),
        method: 'PATCH',
        url: `/teams/${seg(teamId)}/channels/${seg(c.channelId)}/members/${seg(c.membershipId)}`,
        body: { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: c.owner ? ['owner'] : [] },
      })),
    );
    return results.map((r, i): ItemResult<ChannelRoleChange> => {
      const key = changes[i]!;
      if (ok2xx(r.status)) return { key, ok: true, value: undefined };
      return {
        key,
        ok: false,
        error: graphError(key.owner ? 'promote channel member' : 'demote channel member', r.status, r.body, {
          teamId,
          channelId: key.channelId,
          membershipId: key.membershipId,
        }),
      };
    });
  }

  /**
   * graph "channel-post-enabledapps": `POST …/channels/{id}/enabledApps/$ref` with an `@odata.id`
   * reference to the catalog app, 204 on success. v1.0 allows it for shared channels only, beta for
   * private ones too; beta is GRAPH_BASE_URL's host with the version swapped.
   */
  async enableAppInChannel(
    teamId: string,
    channel: { id: string; membershipType: ChannelMembershipType },
    teamsAppId: string,
  ): Promise<void> {
    if (channel.membershipType === 'standard') return; // standard channels use the team's apps
    // 'v1.0' -> 'beta' (and 'prefix/v1.0' -> 'prefix/beta' for a Graph-compatible host under a path).
    const configured = new URL(this.graph.graphBaseUrl).pathname.replace(/^\/+/, '');
    const version = channel.membershipType === 'private' ? configured.replace(/[^/]+$/, 'beta') : undefined;
    const base = version ? `${new URL(this.graph.graphBaseUrl).origin}/${version}` : this.graph.graphBaseUrl;
    const res = await this.graph.send(
      'POST',
      `/teams/${seg(teamId)}/channels/${seg(channel.id)}/enabledApps/$ref`,
      {
        '@odata.id': `${base}/appCatalogs/teamsApps/${seg(teamsAppId)}`,
      },
      { operation: 'enable app in channel', version },
    );
    if (ok2xx(res.status) || res.status === 409) return; // 409: already enabled
    throw graphError('enable app in channel', res.status, res.body, {
      teamId,
      channelId: channel.id,
      teamsAppId,
      version: version ?? 'configured',
    });
  }

  async listInstalledApps(teamId: string): Promise<InstalledApp[]> {
    const apps = await this.graph.listAll(`/teams/${seg(teamId)}/installedApps?$expand=teamsApp`, { operation: 'list installed apps' });
    return apps.map((a: any) => ({ id: String(a.id), teamsAppId: String(a.teamsApp?.id ?? a.teamsAppDefinition?.teamsAppId ?? '') }));
  }

  async installApp(teamId: string, teamsAppId: string): Promise<void> {
    const res = await this.graph.send(
      'POST',
      `/teams/${seg(teamId)}/installedApps`,
      {
        'teamsApp@odata.bind': `${this.graph.graphBaseUrl}/appCatalogs/teamsApps/${seg(teamsAppId)}`,
      },
      { operation: 'install app' },
    );
    if (ok2xx(res.status) || res.status === 409) return; // 409: already installed
    throw graphError('install app', res.status, res.body, { teamId, teamsAppId });
  }

  async listTabs(teamId: string, channelId: string): Promise<ChannelTab[]> {
    return (
      await this.graph.listAll(`/teams/${seg(teamId)}/channels/${seg(channelId)}/tabs?$expand=teamsApp`, { operation: 'list tabs' })
    ).map(toTab);
  }

  async addTab(teamId: string, channelId: string, tab: NewTab): Promise<ChannelTab> {
    const created = await this.graph.call(
      'POST',
      `/teams/${seg(teamId)}/channels/${seg(channelId)}/tabs`,
      {
        displayName: tab.displayName,
        'teamsApp@odata.bind': `${this.graph.graphBaseUrl}/appCatalogs/teamsApps/${seg(tab.teamsAppId)}`,
        configuration: { entityId: tab.entityId, contentUrl: tab.contentUrl, websiteUrl: tab.websiteUrl, removeUrl: tab.removeUrl },
      },
      { operation: 'add tab' },
    );
    return toTab({ ...created, teamsApp: created.teamsApp ?? { id: tab.teamsAppId } });
  }

  async getFilesFolder(teamId: string, channelId: string): Promise<FilesFolder> {
    const f = await this.graph.call('GET', `/teams/${seg(teamId)}/channels/${seg(channelId)}/filesFolder`, undefined, {
      operation: 'get files folder',
    });
    return { driveId: String(f.parentReference?.driveId ?? ''), itemId: String(f.id), name: f.name ?? '', webUrl: f.webUrl ?? null };
  }

  async ensureFolders(driveId: string, parentItemId: string, names: string[]): Promise<DriveFolder[]> {
    const childrenUrl = `/drives/${seg(driveId)}/items/${seg(parentItemId)}/children`;
    const readExisting = async () => {
      const kids = await this.graph.listAll(`${childrenUrl}?$select=id,name,folder`, { operation: 'list folder' });
      return new Map(kids.map((k: any) => [String(k.name).toLowerCase(), String(k.id)]));
    };
    let existing = await readExisting();
    const wanted = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
    const missing = wanted.filter((n) => !existing.has(n.toLowerCase()));
    const created = new Map<string, string>();
    if (missing.length > 0) {
      const results = await this.graph.batch(
        missing.map((name, i) => ({
          id: String(i + 1),
          method: 'POST',
          url: childrenUrl,
          body: { name, folder: {}, '@microsoft.graph.conflictBehavior': 'fail' },
        })),
      );
      const failed: string[] = [];
      let firstError: AppError | undefined;
      results.forEach((r, i) => {
        const name = missing[i]!;
        if (ok2xx(r.status)) created.set(name.toLowerCase(), String(r.body?.id));
        else if (r.status !== 409) {
          failed.push(name);
          firstError ??= graphError('create folder', r.status, r.body, { driveId, name });
        }
      });
      if (firstError)
        throw new AppError(firstError.code, `Could not create folders ${failed.join(', ')}: ${firstError.message}`, {
          details: { ...firstError.details, failed },
          cause: firstError,
        });
      if (created.size < missing.length) existing = await readExisting(); // someone else made some meanwhile (409)
    }
    return wanted.map((name) => {
      const k = name.toLowerCase();
      const id = created.get(k) ?? existing.get(k);
      return { id: id ?? '', name, created: created.has(k) };
    });
  }

  stats(): GraphStats {
    return this.graph.stats();
  }
}
