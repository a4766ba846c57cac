import { AppError } from '../errors/app-error';
import { fail, pass, type CheckResult } from './check-result';
import type { DirectoryUser } from '../ports/teams-directory';
import type { DoctorDeps } from './deps';
import { PRIVATE_APPS } from './team-checks';

const CREATE = { fi: 'Testikanavan luonti', en: 'Test channel created' };
const POST = { fi: 'Kortin lähetys testikanavaan', en: 'Card posted to the test channel' };
const DELETE = { fi: 'Testikanavan poisto', en: 'Test channel deleted' };

const msg = (e: unknown) => AppError.from(e).message.split('\n')[0]!.slice(0, 300);

/**
 * --write: create a throw-away channel of CHANNEL_TYPE (owned by the service account), enable the app
 * in it, post a card, delete it. The channel is deleted whatever failed in between.
 */
export async function runWriteChecks(d: DoctorDeps): Promise<CheckResult[]> {
  const name = testChannelName(d);
  const owner = await serviceOwner(d);
  if (!owner) {
    return [
      fail('write-create', CREATE, 'no service account to own the test channel', {
        fi: 'Aseta SERVICE_ACCOUNT_UPN: yksityisellä kanavalla on oltava omistaja.',
        en: 'Set SERVICE_ACCOUNT_UPN: a private channel needs an owner.',
      }),
    ];
  }
  const created = await createTestChannel(d, name, owner);
  if (created.channelId === undefined) return [created.result];
  const { channelId } = created;
  // Each step reports its own failure and never throws, so the channel is always deleted.
  const enabled = await enableAppInTestChannel(d, channelId, name);
  const posted = await postTestCard(d, channelId);
  const deleted = await deleteTestChannel(d, channelId, name);
  return [created.result, enabled, posted, deleted];
}

function testChannelName(d: DoctorDeps): string {
  const now = (d.now ?? (() => new Date()))();
  // Unique per run: a deleted channel's name may stay taken for a while.
  return `doctor-test-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 6)}`;
}

async function serviceOwner(d: DoctorDeps): Promise<DirectoryUser | null | undefined> {
  const upn = d.settings.serviceAccountUpn;
  if (!upn) return undefined;
  return (await d.directory.resolveUsers([upn]).catch(() => new Map<string, DirectoryUser | null>())).get(upn);
}

async function createTestChannel(d: DoctorDeps, name: string, owner: DirectoryUser): Promise<{ channelId?: string; result: CheckResult }> {
  const s = d.settings;
  try {
    const ch = await d.directory.createChannel(s.teamId, {
      displayName: name,
      description: 'Account Channels doctor test channel (deleted by the doctor).',
      membershipType: s.channelType,
      members: [{ userId: owner.id, owner: true }],
    });
    return { channelId: ch.id, result: pass('write-create', CREATE, `${s.channelType} channel ${name}`) };
  } catch (e) {
    const result = fail('write-create', CREATE, msg(e), {
      fi: 'Tarkista oikeus Channel.Create ja tiimin kanavarajat.',
      en: "Check the Channel.Create permission and the team's channel limits.",
    });
    return { result };
  }
}

async function enableAppInTestChannel(d: DoctorDeps, channelId: string, name: string): Promise<CheckResult> {
  const s = d.settings;
  try {
    await d.inspector.enableAppInChannel(s.teamId, channelId, s.teamsAppId, s.channelType);
    return pass('private-channel-apps', PRIVATE_APPS, `app enabled in ${name}`);
  } catch (e) {
    return fail('private-channel-apps', PRIVATE_APPS, msg(e), {
      fi: 'Sovelluksia ei voi ottaa käyttöön tämän tyyppisissä kanavissa: tarkista oikeus TeamsAppInstallation.ManageSelectedForTeam.All ja Teams-hallintakeskuksen sovelluskäytännöt (yksityisten kanavien sovellukset, MC1197145).',
      en: 'Apps cannot be enabled in channels of this type: check the TeamsAppInstallation.ManageSelectedForTeam.All permission and the Teams admin center app policies (apps in private channels, MC1197145).',
    });
  }
}

async function postTestCard(d: DoctorDeps, channelId: string): Promise<CheckResult> {
  if (!d.messenger) {
    return fail('write-post', POST, 'BOT_ID is not set: no bot to post with', {
      fi: 'Aseta BOT_ID ja SECRET_BOT_PASSWORD.',
      en: 'Set BOT_ID and SECRET_BOT_PASSWORD.',
    });
  }
  try {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Asiakkuuskanavat: testiviesti / test message', wrap: true }],
    };
    await d.messenger.postToChannel(
      { channelId, teamId: d.settings.teamId },
      { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] },
    );
    return pass('write-post', POST, 'card posted');
  } catch (e) {
    return fail('write-post', POST, msg(e), {
      fi: 'Tarkista botin tunnukset, että sovellus on asennettu tiimiin ja otettu käyttöön kanavassa.',
      en: 'Check the bot credentials, that the app is installed in the team and enabled in the channel.',
    });
  }
}

async function deleteTestChannel(d: DoctorDeps, channelId: string, name: string): Promise<CheckResult> {
  try {
    await d.inspector.deleteChannel(d.settings.teamId, channelId);
    return pass('write-delete', DELETE, `${name} deleted (it counts against the team's channel limit for 30 days)`);
  } catch (e) {
    return fail('write-delete', DELETE, msg(e), {
      fi: `Poista kanava ${name} käsin Teamsissa ja tarkista oikeus Channel.Delete.All.`,
      en: `Delete channel ${name} by hand in Teams and check the Channel.Delete.All permission.`,
    });
  }
}
