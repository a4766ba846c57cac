import type { TeamsDirectory, NewTab } from '../ports/teams-directory';
import type { Logger } from '../ports/logger';

/** The three tabs every account channel gets; entity ids are stable so re-runs recognise them. */
export const ACCOUNT_TABS = [
  { entityId: 'annual-clock', fi: 'Vuosikello', page: 'annual-clock' },
  { entityId: 'quality-card', fi: 'Laatukortti', page: 'quality-card' },
  { entityId: 'toc', fi: 'Sisällysluettelo', page: 'toc' },
] as const;

/** Folder structure of the table-of-contents template (same in every channel, so people find things). */
export const DEFAULT_TOC_FOLDERS = [
  'Sopimukset',
  'Yhteystiedot',
  'Kohdelista',
  'Työohjeet',
  'Perehdytys',
  'Laaturaportit',
  'Muistiot',
  'Webinaarit',
];

export interface ProvisionContext {
  directory: TeamsDirectory;
  logger: Logger;
  teamId: string;
  teamsAppId: string;
  /** Public base URL of the tabs, e.g. https://app.example.com */
  tabBaseUrl: string;
  folders?: readonly string[];
}

export interface ProvisionResult {
  tabsAdded: string[];
  foldersCreated: string[];
  problems: string[];
}

export function tabFor(tab: (typeof ACCOUNT_TABS)[number], customerId: string, base: string): NewTab {
  const url = `${base.replace(/\/$/, '')}/tabs/${tab.page}.html?account=${encodeURIComponent(customerId)}`;
  return { displayName: tab.fi, teamsAppId: '', entityId: `${tab.entityId}:${customerId}`, contentUrl: url, websiteUrl: url, removeUrl: url };
}

/**
 * Adds what a new account channel needs. Idempotent: tabs already present (same entity id) and
 * folders that exist are left alone, so a run interrupted half-way simply does the rest next time.
 * Problems are reported, not thrown: the channel and its members matter more than a tab.
 */
export async function provisionChannel(ctx: ProvisionContext, customerId: string, channelId: string): Promise<ProvisionResult> {
  const result: ProvisionResult = { tabsAdded: [], foldersCreated: [], problems: [] };
  try {
    const existing = await ctx.directory.listTabs(ctx.teamId, channelId);
    const have = new Set(existing.map((t) => t.entityId));
    for (const tab of ACCOUNT_TABS) {
      const spec = { ...tabFor(tab, customerId, ctx.tabBaseUrl), teamsAppId: ctx.teamsAppId };
      if (have.has(spec.entityId)) continue;
      await ctx.directory.addTab(ctx.teamId, channelId, spec);
      result.tabsAdded.push(tab.entityId);
    }
  } catch (err) {
    result.problems.push(`tabs: ${(err as Error).message}`);
  }
  try {
    const root = await ctx.directory.getFilesFolder(ctx.teamId, channelId);
    const folders = await ctx.directory.ensureFolders(root.driveId, root.itemId, [...(ctx.folders ?? DEFAULT_TOC_FOLDERS)]);
    result.foldersCreated = folders.filter((f) => f.created).map((f) => f.name);
  } catch (err) {
    result.problems.push(`folders: ${(err as Error).message}`);
  }
  if (result.problems.length) ctx.logger.warn({ customerId, channelId, problems: result.problems }, 'channel provisioning incomplete');
  return result;
}
