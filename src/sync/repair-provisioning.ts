import type { Repositories } from '../store';
import type { Logger } from '../ports/logger';
import type { TeamsDirectory } from '../ports/teams-directory';
import type { ChannelProvisioning } from '../store/repositories/channel-provisioning';
import { AppError } from '../errors/app-error';
import { addAccountTabs, ensureAccountFolders } from './provisioning';
import { mapPool } from './pool';
import type { SyncSettings } from './run-sync';
import type { SyncPlan } from './plan';
import type { SyncSummary } from './summary';

/*
 * Provisioning of an account channel has three parts that can each be refused on their own: the app
 * enabled in the (private or shared) channel, the three tabs, the folders. Each attempt is recorded
 * (channel_provisioning), and every sync completes what an earlier one could not, so a refusal (a
 * missing permission, a tenant without apps in private channels, a content URL Graph does not take)
 * is reported per channel with what to do and is not forgotten once fixed.
 */

const CONCURRENCY = 6;

export interface ProvisionDeps {
  directory: TeamsDirectory;
  store: Pick<Repositories, 'accounts' | 'channelProvisioning' | 'outbox'>;
  logger: Logger;
  settings: Pick<SyncSettings, 'teamId' | 'teamsAppId' | 'channelType' | 'tabBaseUrl'>;
}

export interface ProvisionOutcome {
  tabsAdded: string[];
  foldersCreated: string[];
  /** One line per refused part: what happened and what to do, in Finnish and English. */
  problems: string[];
  appEnabled: boolean;
  complete: boolean;
}

type Part = 'app' | 'tabs' | 'folders';

/**
 * Enables the app in the channel, then adds the tabs (they need the app there) and the folders, and
 * records which parts are done. Refusals are reported, never thrown: the channel and its members
 * matter more than a tab, and the next sync tries again.
 */
export async function provisionAccountChannel(
  deps: ProvisionDeps,
  customerId: string,
  channelId: string,
  teamId: string = deps.settings.teamId,
): Promise<ProvisionOutcome> {
  const { directory, settings } = deps;
  const out: ProvisionOutcome = { tabsAdded: [], foldersCreated: [], problems: [], appEnabled: false, complete: false };
  const ctx = { directory, logger: deps.logger, teamId, teamsAppId: settings.teamsAppId, tabBaseUrl: settings.tabBaseUrl };
  const refused = (part: Part, err: unknown) => out.problems.push(problemLine(part, AppError.from(err)));

  let appEnabled = false;
  try {
    await directory.enableAppInChannel(teamId, { id: channelId, membershipType: settings.channelType }, settings.teamsAppId);
    appEnabled = true;
  } catch (err) {
    refused('app', err);
  }
  let tabs = settings.tabBaseUrl === null; // tabs turned off: nothing to add
  if (!tabs && appEnabled) {
    try {
      out.tabsAdded = await addAccountTabs({ ...ctx, tabBaseUrl: settings.tabBaseUrl! }, customerId, channelId);
      tabs = true;
    } catch (err) {
      refused('tabs', err);
    }
  }
  let folders = false;
  try {
    out.foldersCreated = await ensureAccountFolders(ctx, channelId);
    folders = true;
  } catch (err) {
    refused('folders', err);
  }
  out.appEnabled = appEnabled;
  out.complete = appEnabled && tabs && folders;
  await deps.store.channelProvisioning.record(customerId, channelId, {
    appEnabled,
    tabs,
    folders,
    problem: out.problems.join('\n') || null,
  });
  if (!out.complete) deps.logger.warn({ customerId, channelId, appEnabled, tabs, folders }, 'channel provisioning incomplete');
  return out;
}

/** Whether a recorded channel still lacks a part (tabs count only while tabs are on). */
function isIncomplete(rec: ChannelProvisioning | undefined, channelId: string, tabsOn: boolean): boolean {
  if (!rec || rec.channelId !== channelId) return true;
  return !rec.appEnabledAt || !rec.foldersDoneAt || (tabsOn && !rec.tabsDoneAt);
}

/**
 * The repair pass, after apply: every active account channel not provisioned in this run whose record
 * is missing or incomplete gets the missing parts. A channel never recorded (made before this pass
 * existed) is checked once; afterwards a no-change run costs no Graph request here.
 * Fills summary.provisioning: channels completed now, those still incomplete, and the accounts whose
 * channel this run could not create (e.g. a team at its private-channel limit).
 */
export async function repairProvisioning(deps: ProvisionDeps, summary: SyncSummary, plan: SyncPlan): Promise<void> {
  const provisionedNow = new Set(plan.channels.filter((c) => c.kind === 'create' || c.kind === 'adopt').map((c) => c.customerId));
  const tabsOn = deps.settings.tabBaseUrl !== null;
  const records = new Map((await deps.store.channelProvisioning.listAll()).map((r) => [r.customerId, r]));
  const active = (await deps.store.accounts.list()).filter((a) => a.channelId && a.channelState === 'active');
  const todo = active.filter((a) => !provisionedNow.has(a.customerId) && isIncomplete(records.get(a.customerId), a.channelId!, tabsOn));

  // Each account's channel is in its own team (TEAM_IDS); the app is installed in each team used.
  const teamOf = (a: { teamId: string | null }) => a.teamId ?? deps.settings.teamId;
  for (const teamId of new Set(todo.map(teamOf))) {
    const apps = await deps.directory.listInstalledApps(teamId);
    if (!apps.some((a) => a.teamsAppId === deps.settings.teamsAppId)) await deps.directory.installApp(teamId, deps.settings.teamsAppId);
  }
  let repaired = 0;
  await mapPool(todo, CONCURRENCY, async (a) => {
    const r = await provisionAccountChannel(deps, a.customerId, a.channelId!, teamOf(a));
    if (r.complete) repaired++;
    summary.problems.push(...r.problems.map((p) => `${a.customerId}: ${p}`));
    await welcomeAgain(deps, a.customerId, a.channelId!, a.name, r.appEnabled, teamOf(a));
  });

  const after = new Map((await deps.store.channelProvisioning.listAll()).map((r) => [r.customerId, r]));
  const incomplete = active
    .filter((a) => isIncomplete(after.get(a.customerId), a.channelId!, tabsOn))
    .map((a) => a.customerId)
    .sort();
  const withChannel = new Set(active.map((a) => a.customerId));
  const notCreated = plan.channels
    .filter((c) => c.kind === 'create' && !withChannel.has(c.customerId))
    .map((c) => c.customerId)
    .sort();
  summary.provisioning = { repaired, incomplete: incomplete.length, incompleteAccounts: incomplete, notCreated };
}

/**
 * The welcome thread is queued when the channel is created; while the app was not enabled there the
 * Bot Connector refused it for good. Once the app is in, it is queued once more (its own key, so a
 * welcome that did go out is never repeated).
 */
async function welcomeAgain(
  deps: ProvisionDeps,
  customerId: string,
  channelId: string,
  accountName: string,
  appEnabled: boolean,
  teamId: string,
): Promise<void> {
  if (!appEnabled) return;
  const first = await deps.store.outbox.getByKey(`welcome:${customerId}:${channelId}`);
  if (first?.status !== 'failed') return;
  await deps.store.outbox.enqueue({
    idempotencyKey: `welcome:${customerId}:${channelId}:app-enabled`,
    kind: 'welcome',
    customerId,
    target: { teamId, channelId },
    payload: { customerId, accountName },
  });
}

const PART_NAME: Record<Part, string> = {
  app: 'enabling the app in the channel',
  tabs: 'adding the tabs',
  folders: 'creating the folders',
};

/** "<part> refused: <Graph's answer>. Mitä tehdä: … What to do: …" */
function problemLine(part: Part, e: AppError): string {
  const { fi, en } = adviceFor(part, e);
  return `${PART_NAME[part]} refused: ${e.message}. Mitä tehdä: ${fi} What to do: ${en}`;
}

function adviceFor(part: Part, e: AppError): { fi: string; en: string } {
  const status = Number((e.details as { status?: unknown } | undefined)?.status ?? 0);
  const again = { fi: 'Seuraava synkronointi yrittää uudelleen.', en: 'The next sync tries again.' };
  if (part === 'app') {
    if (status === 401 || status === 403) {
      return {
        fi: `Myönnä sovellukselle Graph-sovellusoikeus TeamsAppInstallation.ManageSelectedForTeam.All (ylläpitäjän suostumus) ja tarkista, että Teamsin hallinta sallii sovellukset yksityisillä kanavilla (MC1197145). ${again.fi}`,
        en: `Grant the app the Graph application permission TeamsAppInstallation.ManageSelectedForTeam.All (admin consent) and check that Teams admin allows apps in private channels (MC1197145). ${again.en}`,
      };
    }
    if (status === 404) {
      return {
        fi: `Julkaise sovellus organisaation sovelluskatalogiin (TEAMS_APP_ID) ja asenna se tiimiin. ${again.fi}`,
        en: `Publish the app to the org catalog (TEAMS_APP_ID) and install it in the team. ${again.en}`,
      };
    }
    if (status === 400) {
      return {
        fi: `Graph ei ota sovellusta tälle kanavalle: yksityisille kanaville se onnistuu vain beta-rajapinnassa samalla isännällä kuin GRAPH_BASE_URL, ja vuokraajassa on oltava sovellukset yksityisillä kanavilla käytössä. ${again.fi}`,
        en: `Graph does not take the app in this channel: for private channels only the beta endpoint on GRAPH_BASE_URL's host allows it, and the tenant must have apps in private channels. ${again.en}`,
      };
    }
  }
  if (part === 'tabs' && /contentUrl|https/i.test(e.message)) {
    return {
      fi: `Aseta PUBLIC_BASE_URL sovelluksen julkiseksi https-osoitteeksi, joka on manifestin validDomains-listassa. ${again.fi}`,
      en: `Set PUBLIC_BASE_URL to the app's public https address, listed in the manifest's validDomains. ${again.en}`,
    };
  }
  if (part === 'tabs' && /needs to be installed|unblocked/i.test(e.message)) {
    return {
      fi: `Sovellus ei ole käytössä kanavalla: lisää se kanavalle (tai korjaa yllä oleva virhe), niin välilehdet lisätään. ${again.fi}`,
      en: `The app is not enabled in the channel: add it there (or fix the error above) and the tabs follow. ${again.en}`,
    };
  }
  if (part === 'folders') {
    return {
      fi: `Uuden kanavan SharePoint-kansio voi olla vielä valmisteilla; jos virhe toistuu, tarkista sovelluksen Files-oikeus. ${again.fi}`,
      en: `A new channel's SharePoint folder may still be on its way; if this repeats, check the app's Files permission. ${again.en}`,
    };
  }
  return { fi: `Tarkista virhe. ${again.fi}`, en: `Check the error. ${again.en}` };
}
