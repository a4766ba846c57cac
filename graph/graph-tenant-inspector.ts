import { AppError } from '../src/errors/app-error';
import { MICROSOFT_GRAPH_APP_ID } from '../src/doctor/graph-permissions';
import type { AppRegistrationInfo, CatalogApp, GroupInfo, TenantInspector } from '../src/ports/tenant-inspector';
import type { GraphAuth } from './graph-auth';
import type { GraphClient } from './graph-client';
import { graphError } from './graph-errors';

const seg = encodeURIComponent;
const q = (v: string) => v.replace(/'/g, "''");
const ok2xx = (s: number) => s >= 200 && s < 300;

export interface GraphTenantInspectorDeps {
  graph: GraphClient;
  /** The same tenant's Graph at /beta (private-channel enablement is beta only). */
  betaGraph: GraphClient;
  /** Client-credentials auth of the bot's own app id for https://api.botframework.com. */
  botAuth?: GraphAuth;
}

/** The doctor's reads of Entra and the Teams catalog, and its two writes, over Graph. */
export class GraphTenantInspector implements TenantInspector {
  constructor(private readonly d: GraphTenantInspectorDeps) {}

  private async servicePrincipal(appId: string): Promise<any | null> {
    const sps = await this.d.graph.listAll(
      `/servicePrincipals?$filter=${seg(`appId eq '${q(appId)}'`)}&$select=id,appId,displayName,appRoles`,
      { operation: 'get service principal' },
    );
    return sps[0] ?? null;
  }

  async grantedGraphRoles(clientId: string): Promise<string[]> {
    const [sp, graphSp] = await Promise.all([this.servicePrincipal(clientId), this.servicePrincipal(MICROSOFT_GRAPH_APP_ID)]);
    if (!sp) throw new AppError('NOT_FOUND', `No service principal for app ${clientId} in this tenant (the app was never consented here)`);
    if (!graphSp) throw new AppError('NOT_FOUND', 'The Microsoft Graph service principal was not found');
    const names = new Map<string, string>((graphSp.appRoles ?? []).map((r: any) => [String(r.id), String(r.value)]));
    const grants = await this.d.graph.listAll(`/servicePrincipals/${seg(sp.id)}/appRoleAssignments`, {
      operation: 'list app role assignments',
    });
    return grants
      .filter((g: any) => g.resourceId === graphSp.id)
      .map((g: any) => names.get(String(g.appRoleId)) ?? `unknown role ${g.appRoleId}`);
  }

  async appRegistration(clientId: string): Promise<AppRegistrationInfo | null> {
    const apps = await this.d.graph.listAll(
      `/applications?$filter=${seg(`appId eq '${q(clientId)}'`)}&$select=appId,displayName,identifierUris,api`,
      { operation: 'get application' },
    );
    const a = apps[0];
    if (!a) return null;
    return {
      appId: String(a.appId),
      displayName: String(a.displayName ?? ''),
      identifierUris: (a.identifierUris ?? []).map(String),
      scopes: (a.api?.oauth2PermissionScopes ?? []).map((s: any) => ({
        id: String(s.id),
        value: String(s.value),
        isEnabled: s.isEnabled !== false,
      })),
      preAuthorized: (a.api?.preAuthorizedApplications ?? []).map((p: any) => ({
        appId: String(p.appId),
        permissionIds: (p.delegatedPermissionIds ?? []).map(String),
      })),
    };
  }

  async findCatalogApps(teamsAppId: string): Promise<CatalogApp[]> {
    const byId = `/appCatalogs/teamsApps?$filter=${seg(`id eq '${q(teamsAppId)}'`)}`;
    const byExternal = `/appCatalogs/teamsApps?$filter=${seg(`distributionMethod eq 'organization' and externalId eq '${q(teamsAppId)}'`)}`;
    const [a, b] = await Promise.all([
      this.d.graph.listAll(byId, { operation: 'find catalog app' }),
      this.d.graph.listAll(byExternal, { operation: 'find catalog app' }),
    ]);
    const seen = new Map<string, CatalogApp>();
    for (const x of [...a, ...b]) {
      seen.set(String(x.id), {
        id: String(x.id),
        externalId: x.externalId ?? null,
        displayName: String(x.displayName ?? ''),
        distributionMethod: String(x.distributionMethod ?? ''),
      });
    }
    return [...seen.values()];
  }

  async getGroup(groupId: string): Promise<GroupInfo | null> {
    const res = await this.d.graph.send('GET', `/groups/${seg(groupId)}?$select=id,displayName`, undefined, { operation: 'get group' });
    if (res.status === 404) return null;
    if (!ok2xx(res.status)) throw graphError('get group', res.status, res.body, { groupId });
    return { id: String(res.body.id), displayName: String(res.body.displayName ?? '') };
  }

  async fetchBotToken(): Promise<void> {
    if (!this.d.botAuth) throw new AppError('CONFIG_INVALID', 'BOT_ID and SECRET_BOT_PASSWORD are not set');
    await this.d.botAuth.getAccessToken();
  }

  async enableAppInChannel(teamId: string, channelId: string, teamsAppId: string, membershipType: 'private' | 'shared'): Promise<void> {
    // Graph "channel: add enabledApps": v1.0 for shared channels, beta for private ones.
    const client = membershipType === 'private' ? this.d.betaGraph : this.d.graph;
    const body = { '@odata.id': `${client.graphBaseUrl}/appCatalogs/teamsApps/${seg(teamsAppId)}` };
    const res = await client.send('POST', `/teams/${seg(teamId)}/channels/${seg(channelId)}/enabledApps/$ref`, body, {
      operation: 'enable app in channel',
    });
    if (!ok2xx(res.status)) throw graphError('enable app in channel', res.status, res.body, { teamId, channelId });
  }

  async deleteChannel(teamId: string, channelId: string): Promise<void> {
    const res = await this.d.graph.send('DELETE', `/teams/${seg(teamId)}/channels/${seg(channelId)}`, undefined, {
      operation: 'delete channel',
    });
    if (!ok2xx(res.status) && res.status !== 404) throw graphError('delete channel', res.status, res.body, { teamId, channelId });
  }
}
