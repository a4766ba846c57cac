import type { ChannelInfo } from '../ports/teams-directory';
import { fail, guarded, pass, skip, type CheckResult } from './check-result';
import { DEFAULT_LIMITS, type DoctorDeps } from './deps';

const TEAM = { fi: 'Tiimi', en: 'Team' };
const CHANNELS = { fi: 'Kanavien määrä', en: 'Channel count' };

/** The team exists and its channels leave room under the tenant's limits for the accounts to come. */
export async function checkTeamAndChannels(
  d: DoctorDeps,
  accountsNeeded: number | null,
  /** Teams configured (TEAM_IDS): channels spread over them; only the last one being full stops new channels. */
  teams: { count: number; last: boolean } = { count: 1, last: true },
): Promise<{ results: CheckResult[]; channels: ChannelInfo[] | null }> {
  const limits = d.limits ?? DEFAULT_LIMITS;
  let channels: ChannelInfo[] | null = null;
  const results = await guarded(
    'team',
    TEAM,
    {
      fi: 'Tarkista TEAM_ID (tiimin ryhmän tunnus) ja että sovelluksella on oikeus Team.ReadBasic.All.',
      en: "Check TEAM_ID (the team's group id) and that the app has Team.ReadBasic.All.",
    },
    async () => {
      const team = await d.directory.getTeam(d.settings.teamId);
      channels = await d.directory.listChannels(d.settings.teamId);
      return pass('team', TEAM, `"${team.displayName}" (${team.id})`);
    },
  );
  if (!channels) return { results, channels };
  const list: ChannelInfo[] = channels;
  const kind = d.settings.channelType;
  const same = list.filter((c) => c.membershipType === kind).length;
  const kindLimit = kind === 'private' ? limits.privateChannelsPerTeam : limits.channelsPerTeam;
  const teamCount = teams.count;
  const room = kindLimit * teamCount;
  const detail = `${teamCount > 1 ? `team ${d.settings.teamId}: ` : ''}${list.length} of ${limits.channelsPerTeam} channels, ${same} ${kind} of ${kindLimit}${accountsNeeded !== null ? `; billing needs ${accountsNeeded} account channels${teamCount > 1 ? ` in ${teamCount} teams` : ''}` : ''} (deleted channels also count for 30 days and Graph does not list them)`;
  const full = list.length >= limits.channelsPerTeam || same >= kindLimit;
  const over = (full && teams.last) || (accountsNeeded !== null && accountsNeeded > room);
  results.push(
    over
      ? fail('channels', CHANNELS, detail, {
          fi: `Tiimiin mahtuu ${limits.channelsPerTeam} kanavaa (poistetut mukaan lukien 30 päivän ajan) ja ${kindLimit} ${kind === 'private' ? 'yksityistä' : 'jaettua'} kanavaa. Vuosien 2025–26 muutosta (MC1134737) odottavassa vuokraajassa raja on 30 yksityistä kanavaa ja 250 jäsentä: odota muutosta tai lisää uusi tiimi TEAM_IDS-asetukseen (uudet kanavat menevät seuraavaan tiimiin, kun edellinen on täynnä).`,
          en: `A team holds ${limits.channelsPerTeam} channels (deleted ones included for 30 days) and ${kindLimit} ${kind} channels. A tenant not yet on the 2025–26 limits (MC1134737) has 30 private channels and 250 members: wait for the change or add another team to TEAM_IDS (new channels go to the next team when one is full).`,
        })
      : pass('channels', CHANNELS, detail),
  );
  return { results, channels };
}

const CATALOG = { fi: 'Sovellus organisaation katalogissa', en: 'App in the org catalog' };
const INSTALLED = { fi: 'Sovellus asennettu tiimiin', en: 'App installed in the team' };

/** TEAMS_APP_ID names the org-catalog app (its catalog id), and that app is installed in the team. */
export async function checkCatalogAndInstall(d: DoctorDeps): Promise<CheckResult[]> {
  const id = d.settings.teamsAppId;
  const catalog = await guarded(
    'catalog',
    CATALOG,
    {
      fi: 'Julkaise sovelluspaketti Teams-hallintakeskuksessa (Manage apps → Upload new app).',
      en: 'Publish the app package in the Teams admin center (Manage apps → Upload new app).',
    },
    async () => {
      const apps = await d.inspector.findCatalogApps(id);
      const exact = apps.find((a) => a.id === id);
      if (exact) return pass('catalog', CATALOG, `"${exact.displayName}" (${exact.distributionMethod}, catalog id ${exact.id})`);
      const byManifest = apps.find((a) => a.externalId === id);
      if (byManifest) {
        return fail('catalog', CATALOG, `TEAMS_APP_ID ${id} is the manifest id; the catalog id is ${byManifest.id}`, {
          fi: `Aseta TEAMS_APP_ID=${byManifest.id} (katalogin tunnus, ei manifestin tunnus).`,
          en: `Set TEAMS_APP_ID=${byManifest.id} (the catalog id, not the manifest id).`,
        });
      }
      return fail('catalog', CATALOG, `no org-catalog app with id or manifest id ${id}`, {
        fi: 'Julkaise paketti (npm run package) organisaation katalogiin ja aseta TEAMS_APP_ID katalogin tunnukseksi.',
        en: 'Publish the package (npm run package) to the org catalog and set TEAMS_APP_ID to its catalog id.',
      });
    },
  );
  const installed = await guarded(
    'installed',
    INSTALLED,
    {
      fi: 'Lisää sovellus tiimiin Teamsissa (Tiimi → Sovellukset) tai aja ensimmäinen synkronointi.',
      en: 'Add the app to the team in Teams (team → Apps) or run the first sync.',
    },
    async () => {
      const apps = await d.directory.listInstalledApps(d.settings.teamId);
      return apps.some((a) => a.teamsAppId === id)
        ? pass('installed', INSTALLED, `installed (${apps.length} apps in the team)`)
        : fail('installed', INSTALLED, `not among the team's ${apps.length} installed apps`, {
            fi: 'Lisää sovellus tiimiin Teamsissa (Tiimi → Sovellukset) tai aja ensimmäinen synkronointi, joka asentaa sen.',
            en: 'Add the app to the team in Teams (team → Apps) or run the first sync, which installs it.',
          });
    },
  );
  return [...catalog, ...installed];
}

const SERVICE = { fi: 'Palvelutili', en: 'Service account' };

/** SERVICE_ACCOUNT_UPN exists, owns the team and every private/shared channel (an ownerless private channel is soft-deleted). */
export function checkServiceAccount(d: DoctorDeps, channels: ChannelInfo[] | null): Promise<CheckResult[]> {
  const todo = {
    fi: 'Lisää palvelutili tiimin ja jokaisen asiakkuuskanavan omistajaksi; tyhjät ja vain vieraista koostuvat yksityiset kanavat poistetaan.',
    en: 'Make the service account an owner of the team and of every account channel; empty and guest-only private channels are deleted.',
  };
  return guarded('service-account', SERVICE, todo, async () => {
    const upn = d.settings.serviceAccountUpn;
    if (!upn)
      return fail('service-account', SERVICE, 'SERVICE_ACCOUNT_UPN is not set', {
        fi: 'Aseta SERVICE_ACCOUNT_UPN (tili, joka omistaa jokaisen kanavan).',
        en: 'Set SERVICE_ACCOUNT_UPN (the account that owns every channel).',
      });
    const user = (await d.directory.resolveUsers([upn])).get(upn);
    if (!user)
      return fail('service-account', SERVICE, `${upn} is not in the directory`, {
        fi: 'Luo palvelutili Entraan ja anna sille Teams-lisenssi.',
        en: 'Create the service account in Entra and give it a Teams licence.',
      });
    const teamOwner = (await d.directory.listTeamMembers(d.settings.teamId)).some((m) => m.userId === user.id && m.isOwner);
    const closed = (channels ?? []).filter((c) => c.membershipType !== 'standard');
    const members = await d.directory.listChannelMembersMany(
      d.settings.teamId,
      closed.map((c) => c.id),
    );
    const notOwner = closed.filter((c) => {
      const o = members.get(c.id);
      return !o || !o.ok || !o.value.some((m) => m.userId === user.id && m.isOwner);
    });
    if (teamOwner && notOwner.length === 0)
      return pass('service-account', SERVICE, `${upn} owns the team and all ${closed.length} private/shared channels`);
    const parts = [
      teamOwner ? '' : 'not a team owner',
      notOwner.length
        ? `not an owner of ${notOwner.length} channel(s): ${notOwner
            .slice(0, 5)
            .map((c) => c.displayName)
            .join(', ')}${notOwner.length > 5 ? ', …' : ''}`
        : '',
    ].filter(Boolean);
    return fail('service-account', SERVICE, `${upn}: ${parts.join('; ')}`, todo);
  });
}

const GROUPS = { fi: 'Johtaja- ja ylläpitäjäryhmät', en: 'Director and admin groups' };

/** DIRECTOR_GROUP_ID and ADMIN_GROUP_ID are set and name existing Entra groups. */
export function checkGroups(d: DoctorDeps): Promise<CheckResult[]> {
  const todo = {
    fi: 'Aseta DIRECTOR_GROUP_ID ja ADMIN_GROUP_ID olemassa olevien Entra-ryhmien tunnuksiksi (Object ID).',
    en: 'Set DIRECTOR_GROUP_ID and ADMIN_GROUP_ID to the object ids of existing Entra groups.',
  };
  return guarded('groups', GROUPS, todo, async () => {
    const want: [string, string | undefined][] = [
      ['DIRECTOR_GROUP_ID', d.settings.directorGroupId],
      ['ADMIN_GROUP_ID', d.settings.adminGroupId],
    ];
    const problems: string[] = [];
    const found: string[] = [];
    for (const [key, id] of want) {
      if (!id) {
        problems.push(`${key} is not set`);
        continue;
      }
      const g = await d.inspector.getGroup(id);
      if (g) found.push(`${key} "${g.displayName}"`);
      else problems.push(`${key} ${id} is not a group in this tenant`);
    }
    return problems.length ? fail('groups', GROUPS, problems.join('; '), todo) : pass('groups', GROUPS, found.join(', '));
  });
}

const PRIVATE_APPS = { fi: 'Sovellukset yksityisissä kanavissa', en: 'Apps in private channels' };

/** Read-only mode cannot prove it (only enabling the app in a channel can); --write does. */
export function privateChannelAppsSkipped(): CheckResult {
  return skip('private-channel-apps', PRIVATE_APPS, 'not verifiable read-only', {
    fi: 'Aja npm run doctor -- --write: se luo testikanavan, ottaa sovelluksen siinä käyttöön ja poistaa kanavan.',
    en: 'Run npm run doctor -- --write: it creates a test channel, enables the app in it and deletes the channel.',
  });
}
export { PRIVATE_APPS };
