import { badRequest, notFound } from '../errors';
import { newGuid } from '../ids';
import type { TabRecord } from '../types';
import { appUsableIn, tabAppNotAvailable } from './channel-apps';
import { noContent, ok, page, teamsAppIdFromBind, type GraphHandler } from './context';
import { PAGE_RULES } from './page-sizes';

/** graph "Add tab to channel" (graph/api/channel-post-tabs): the app must already be installed in the team. */
function tabJson(tab: TabRecord) {
  return {
    id: tab.id,
    displayName: tab.displayName,
    webUrl: tab.webUrl,
    configuration: tab.configuration,
    teamsApp: { id: tab.teamsAppId, externalId: null, displayName: null, distributionMethod: 'organization' },
  };
}

export const listTabs: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  return page(ctx, req, c.tabs.map(tabJson), `teams('${t.id}')/channels('${c.id}')/tabs`, PAGE_RULES.tabs);
};

export const getTab: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  const tab = c.tabs.find((x) => x.id === p.tabId);
  if (!tab) throw notFound(`Tab ${p.tabId} not found`);
  return ok(tabJson(tab));
};

export const addTab: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  const body = req.body ?? {};
  const teamsAppId = teamsAppIdFromBind(body['teamsApp@odata.bind']);
  if (!t.installedApps.some((a) => a.teamsAppId === teamsAppId)) {
    throw badRequest(`App ${teamsAppId} is not installed in the team; install it before adding a tab.`);
  }
  // Teams "Build apps for shared and private channels": the app must also be added to a private/shared channel.
  if (!appUsableIn(ctx.rules, c, teamsAppId)) throw tabAppNotAvailable(teamsAppId, t, c);
  if (typeof body.displayName !== 'string' || !body.displayName) throw badRequest('displayName is required.');
  // graph "teamsTabConfiguration": contentUrl is the https URL Teams loads in the tab (behind a flag).
  if (ctx.rules.httpsTabContentUrl && !/^https:\/\/[^/]/i.test(String(body.configuration?.contentUrl ?? ''))) {
    throw badRequest(`configuration.contentUrl must be an absolute https URL; got '${String(body.configuration?.contentUrl ?? '')}'.`);
  }
  const id = newGuid();
  const tab: TabRecord = {
    id,
    displayName: body.displayName,
    teamsAppId,
    configuration: typeof body.configuration === 'object' && body.configuration ? body.configuration : {},
    webUrl: `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/tab::${id}?label=${encodeURIComponent(body.displayName)}`,
  };
  c.tabs.push(tab);
  ctx.store.count('tabsAdded');
  return ok(tabJson(tab), 201);
};

export const patchTab: GraphHandler = (ctx, req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  const tab = c.tabs.find((x) => x.id === p.tabId);
  if (!tab) throw notFound(`Tab ${p.tabId} not found`);
  if (typeof req.body?.displayName === 'string') tab.displayName = req.body.displayName;
  if (req.body?.configuration && typeof req.body.configuration === 'object')
    tab.configuration = { ...tab.configuration, ...req.body.configuration };
  return ok(tabJson(tab));
};

export const deleteTab: GraphHandler = (ctx, _req, p) => {
  const t = ctx.store.team(p.teamId!);
  const c = ctx.store.channel(t, p.channelId!);
  const before = c.tabs.length;
  c.tabs = c.tabs.filter((x) => x.id !== p.tabId);
  if (c.tabs.length === before) throw notFound(`Tab ${p.tabId} not found`);
  return noContent();
};
