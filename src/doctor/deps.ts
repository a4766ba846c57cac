import type { Messenger } from '../ports/messenger';
import type { TeamsDirectory } from '../ports/teams-directory';
import type { TenantInspector } from '../ports/tenant-inspector';
import type { ColumnMapping } from '../billing';

/** Tenant limits the checks compare with (Teams limits; a tenant not yet migrated has 30/250). */
export interface DoctorLimits {
  /** Channels per team, deleted ones included for 30 days (Teams: 1,000). */
  channelsPerTeam: number;
  /** Private channels per team: 1,000 after the 2025–26 change (MC1134737), 30 before. */
  privateChannelsPerTeam: number;
}

export const DEFAULT_LIMITS: DoctorLimits = { channelsPerTeam: 1000, privateChannelsPerTeam: 1000 };

/** The configuration the doctor checks (a plain copy of the validated config's keys). */
export interface DoctorSettings {
  clientId: string;
  botId?: string;
  teamId: string;
  /** Every team that holds account channels, in fill order (TEAM_IDS); unset = teamId alone. */
  teamIds?: string[];
  teamsAppId: string;
  channelType: 'private' | 'shared';
  publicBaseUrl?: string;
  /** TABS_ENABLED: false = the explicit "no tabs" choice (PUBLIC_BASE_URL may then be unset). */
  tabsEnabled?: boolean;
  ssoExtraAudiences: string[];
  serviceAccountUpn?: string;
  directorGroupId?: string;
  adminGroupId?: string;
  billingSource?: string;
  /** BILLING_WATCH_DIR: read the newest export there when BILLING_SOURCE is not set. */
  billingWatchDir?: string;
  billingAuthHeader?: string;
  mapping?: { mapping: ColumnMapping; name: string } | { error: string };
}

export interface DoctorDeps {
  settings: DoctorSettings;
  directory: TeamsDirectory;
  inspector: TenantInspector;
  /** Answers the HTTP status of a GET (throws when nothing answered). */
  probe: (url: string) => Promise<number>;
  /** Only for --write (posts the test card). */
  messenger?: Messenger;
  limits?: DoctorLimits;
  now?: () => Date;
}
