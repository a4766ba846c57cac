import { Router } from '../router';
import type { GraphHandler } from './context';
import * as apps from './channel-apps';
import * as ch from './channels';
import * as cm from './channel-members';
import * as dr from './drives';
import * as tabs from './tabs';
import * as teams from './teams';
import * as tenantApps from './tenant-apps';
import * as users from './users';

export function graphRouter(): Router<GraphHandler> {
  const T = '/teams/:teamId';
  const C = `${T}/channels/:channelId`;
  return new Router<GraphHandler>()
    .add('GET', '/users', users.listUsers)
    .add('GET', '/users/:userId', users.getUser)
    .add('POST', '/users/:userId/checkMemberGroups', users.checkMemberGroups)
    .add('GET', '/groups/:groupId', tenantApps.getGroup)
    .add('GET', '/servicePrincipals', tenantApps.listServicePrincipals)
    .add('GET', '/servicePrincipals/:spId/appRoleAssignments', tenantApps.listAppRoleAssignments)
    .add('GET', '/applications', tenantApps.listApplications)
    .add('GET', '/appCatalogs/teamsApps', tenantApps.listCatalogApps)
    .add('GET', T, teams.getTeam)
    .add('GET', `${T}/members`, teams.listTeamMembers)
    .add('POST', `${T}/members`, teams.postTeamMember)
    .add('POST', `${T}/members/add`, teams.bulkAddTeamMembers)
    .add('GET', `${T}/members/:membershipId`, teams.getTeamMember)
    .add('DELETE', `${T}/members/:membershipId`, teams.deleteTeamMember)
    .add('GET', `${T}/installedApps`, teams.listInstalledApps)
    .add('POST', `${T}/installedApps`, teams.addInstalledApp)
    .add('DELETE', `${T}/installedApps/:installId`, teams.deleteInstalledApp)
    .add('GET', `${T}/operations/:operationId`, ch.getOperation)
    .add('GET', `${T}/channels`, ch.listChannels)
    .add('POST', `${T}/channels`, ch.createChannel)
    .add('GET', C, ch.getChannel)
    .add('PATCH', C, ch.patchChannel)
    .add('DELETE', C, ch.deleteChannel)
    .add('GET', `${C}/members`, cm.listChannelMembers)
    .add('POST', `${C}/members`, cm.addChannelMember)
    .add('GET', `${C}/members/:membershipId`, cm.getChannelMember)
    .add('PATCH', `${C}/members/:membershipId`, cm.patchChannelMember)
    .add('DELETE', `${C}/members/:membershipId`, cm.removeChannelMember)
    .add('GET', `${C}/enabledApps`, apps.listEnabledApps)
    .add('POST', `${C}/enabledApps/$ref`, apps.addEnabledApp)
    .add('DELETE', `${C}/enabledApps/:appId/$ref`, apps.removeEnabledApp)
    .add('GET', `${C}/tabs`, tabs.listTabs)
    .add('POST', `${C}/tabs`, tabs.addTab)
    .add('GET', `${C}/tabs/:tabId`, tabs.getTab)
    .add('PATCH', `${C}/tabs/:tabId`, tabs.patchTab)
    .add('DELETE', `${C}/tabs/:tabId`, tabs.deleteTab)
    .add('GET', `${C}/filesFolder`, dr.getFilesFolder)
    .add('GET', '/drives/:driveId/items/:itemId', dr.getItem)
    .add('GET', '/drives/:driveId/items/:itemId/children', dr.listChildren)
    .add('POST', '/drives/:driveId/items/:itemId/children', dr.createChild);
}
