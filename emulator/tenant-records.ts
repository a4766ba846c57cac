import { allGrantedRoles, SSO_SCOPE, TEAMS_CLIENT_IDS } from '../src/doctor/graph-permissions';
import { stableGuid } from './ids';

/** An Entra application object (graph "application" resource): the parts the doctor reads. */
export interface AppRegistrationRecord {
  appId: string;
  displayName: string;
  identifierUris: string[];
  scopes: { id: string; value: string; isEnabled: boolean }[];
  preAuthorized: { appId: string; permissionIds: string[] }[];
}

/** A Teams app catalog entry (graph "teamsApp"): `id` is the catalog id, `externalId` the manifest id. */
export interface CatalogAppRecord {
  id: string;
  externalId: string | null;
  displayName: string;
  distributionMethod: 'organization' | 'store' | 'sideloaded';
}

const DEFAULT_TEAMS_APP_ID = 'local-teams-app-id';

/** Roles a test may grant beyond the app's own list, so "more than needed" can be produced. */
const OTHER_GRAPH_ROLES = [
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Group.ReadWrite.All',
  'Files.Read.All',
  'Sites.Selected',
  'TeamsTab.ReadWrite.All',
  'Team.Create',
];

/** Entra and catalog state of the emulated tenant: app role grants, app registrations, catalog apps, group names. */
export class TenantRecords {
  /** Client id -> names of the Microsoft Graph application roles admin-consented for it. */
  readonly grants = new Map<string, string[]>();
  readonly registrations = new Map<string, AppRegistrationRecord>();
  catalog: CatalogAppRecord[] = [];
  readonly groupNames = new Map<string, string>();

  /** Every client fully consented with the app's least-privilege list; each has an SSO-ready registration. */
  static withDefaults(clientIds: string[], teamsAppId = DEFAULT_TEAMS_APP_ID): TenantRecords {
    const t = new TenantRecords();
    for (const id of clientIds) {
      t.grants.set(id, allGrantedRoles());
      const scopeId = stableGuid(`scope:${id}:${SSO_SCOPE}`);
      t.registrations.set(id, {
        appId: id,
        displayName: `account-channels (${id})`,
        identifierUris: [`api://localhost/${id}`],
        scopes: [{ id: scopeId, value: SSO_SCOPE, isEnabled: true }],
        preAuthorized: TEAMS_CLIENT_IDS.map((appId) => ({ appId, permissionIds: [scopeId] })),
      });
    }
    t.catalog = [
      {
        id: teamsAppId,
        externalId: stableGuid(`manifest:${teamsAppId}`),
        displayName: 'Asiakkuuskanavat',
        distributionMethod: 'organization',
      },
    ];
    return t;
  }

  /** Microsoft Graph's app roles: a stable id per role name (the real ids are fixed GUIDs; clients map by value). */
  graphAppRoles(): { id: string; value: string }[] {
    const names = new Set([...allGrantedRoles(), ...OTHER_GRAPH_ROLES, ...[...this.grants.values()].flat()]);
    return [...names].sort().map((value) => ({ id: stableGuid(`approle:${value}`), value }));
  }

  has(clientId: string, role: string): boolean {
    return (this.grants.get(clientId) ?? []).includes(role);
  }
}
