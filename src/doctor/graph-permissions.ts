/**
 * The least-privilege Microsoft Graph application permissions (app roles), defined once.
 * infra/aad.manifest.json, the emulator's default grant and docs/go-live-runbook.md must match
 * these lists (tests/doctor/permissions-match.test.ts checks). Each entry names the calls that
 * need it; the permission is the one the call's Graph API page marks "least privileged".
 */
export interface GraphPermission {
  role: string;
  why: string;
}

/** What the app itself needs (the sync, the bot's look-ups and the tab API). */
export const RUNTIME_GRAPH_ROLES: readonly GraphPermission[] = [
  { role: 'User.Read.All', why: 'resolve billing emails to users (GET /users?$filter)' },
  { role: 'GroupMember.Read.All', why: 'director/admin groups (checkMemberGroups)' },
  { role: 'Team.ReadBasic.All', why: 'read the team (GET /teams/{id})' },
  { role: 'TeamMember.ReadWrite.All', why: 'add and remove team members' },
  { role: 'Channel.Create', why: 'create account channels' },
  { role: 'Channel.ReadBasic.All', why: 'list channels' },
  { role: 'ChannelSettings.ReadWrite.All', why: 'rename channels and update descriptions' },
  { role: 'ChannelMember.ReadWrite.All', why: 'list, add, remove and promote channel members' },
  { role: 'TeamsAppInstallation.ReadWriteForTeam.All', why: 'install the app in the team' },
  { role: 'TeamsAppInstallation.ManageSelectedForTeam.All', why: 'enable the app in each private/shared channel (enabledApps)' },
  { role: 'TeamsTab.Create', why: 'add the channel tabs' },
  { role: 'TeamsTab.Read.All', why: 'list channel tabs (repair pass)' },
  { role: 'Files.ReadWrite.All', why: "create the folders in each channel's files" },
];

/** Read-only extras for `npm run doctor` (may be removed after go-live; the doctor then reports them). */
export const DOCTOR_GRAPH_ROLES: readonly GraphPermission[] = [
  { role: 'Application.Read.All', why: 'doctor: read granted roles and the SSO app registration' },
  { role: 'AppCatalog.Read.All', why: 'doctor: find the app in the org catalog' },
];

/** Only for `npm run doctor -- --write` (deletes its own throw-away test channel). */
export const DOCTOR_WRITE_GRAPH_ROLES: readonly GraphPermission[] = [
  { role: 'Channel.Delete.All', why: 'doctor --write: delete the test channel' },
];

/** The delegated scope the SSO app registration asks for (tabs call the API as the user). */
export const DELEGATED_GRAPH_SCOPES: readonly string[] = ['User.Read'];

/** The app registration's own scope that Teams requests for tab SSO. */
export const SSO_SCOPE = 'access_as_user';

/** Teams' client ids that must be pre-authorised for tab SSO (Teams desktop/mobile, Teams web). */
export const TEAMS_CLIENT_IDS: readonly string[] = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

/** Microsoft Graph's own application id (its service principal holds the app roles). */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export const roleNames = (list: readonly GraphPermission[]): string[] => list.map((p) => p.role);

/** Every role a fully set-up tenant grants (runtime + doctor read + doctor write). */
export function allGrantedRoles(): string[] {
  return [...RUNTIME_GRAPH_ROLES, ...DOCTOR_GRAPH_ROLES, ...DOCTOR_WRITE_GRAPH_ROLES].map((p) => p.role);
}
