import type { TeamsDirectory, NewTab } from '../ports/teams-directory';
import type { Logger } from '../ports/logger';

/** The three tabs every account channel gets; entity ids are stable so re-runs recognise them. */
const ACCOUNT_TABS = [
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
  /** Public https base URL of the tabs, e.g. https://app.example.com; null = tabs are turned off. */
  tabBaseUrl: string | null;
  folders?: readonly string[];
}

function tabFor(tab: (typeof ACCOUNT_TABS)[number], customerId: string, base: string): NewTab {
  const url = `${base.replace(/\/$/, '')}/tabs/${tab.page}.html?account=${encodeURIComponent(customerId)}`;
  return {
    displayName: tab.fi,
    teamsAppId: '',
    entityId: `${tab.entityId}:${customerId}`,
    contentUrl: url,
    websiteUrl: url,
    removeUrl: url,
  };
}

/**
 * The account's three tabs; idempotent: tabs already present (same entity id) are left alone, so a
 * run interrupted half-way simply adds the rest next time. Returns the entity ids added now.
 */
export async function addAccountTabs(
  ctx: ProvisionContext & { tabBaseUrl: string },
  customerId: string,
  channelId: string,
): Promise<string[]> {
  const added: string[] = [];
  const existing = await ctx.directory.listTabs(ctx.teamId, channelId);
  const have = new Set(existing.map((t) => t.entityId));
  for (const tab of ACCOUNT_TABS) {
    const spec = { ...tabFor(tab, customerId, ctx.tabBaseUrl), teamsAppId: ctx.teamsAppId };
    if (have.has(spec.entityId)) continue;
    await ctx.directory.addTab(ctx.teamId, channelId, spec);
    added.push(tab.entityId);
  }
  return added;
}

/** The table-of-contents folders in the channel's files; existing ones are kept. Returns those created now. */
export async function ensureAccountFolders(ctx: ProvisionContext, channelId: string): Promise<string[]> {
  const root = await ctx.directory.getFilesFolder(ctx.teamId, channelId);
  const folders = await ctx.directory.ensureFolders(root.driveId, root.itemId, [...(ctx.folders ?? DEFAULT_TOC_FOLDERS)]);
  return folders.filter((f) => f.created).map((f) => f.name);
}
