import { AppError } from '../errors/app-error';
import { fail, pass, type CheckResult } from './check-result';
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
  const s = d.settings;
  const out: CheckResult[] = [];
  const now = (d.now ?? (() => new Date()))();
  // Unique per run: a deleted channel's name may stay taken for a while.
  const name = `doctor-test-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 6)}`;
  const owner = s.serviceAccountUpn
    ? (await d.directory.resolveUsers([s.serviceAccountUpn]).catch(() => new Map())).get(s.serviceAccountUpn)
    : undefined;
  if (!owner) {
    out.push(
      fail('write-create', CREATE, 'no service account to own the test channel', {
        fi: 'Aseta SERVICE_ACCOUNT_UPN: yksityisellä kanavalla on oltava omistaja.',
        en: 'Set SERVICE_ACCOUNT_UPN: a private channel needs an owner.',
      }),
    );
    return out;
  }
  let channelId: string;
  try {
    const ch = await d.directory.createChannel(s.teamId, {
      displayName: name,
      description: 'Account Channels doctor test channel (deleted by the doctor).',
      membershipType: s.channelType,
      members: [{ userId: owner.id, owner: true }],
    });
    channelId = ch.id;
    out.push(pass('write-create', CREATE, `${s.channelType} channel ${name}`));
  } catch (e) {
    out.push(
      fail('write-create', CREATE, msg(e), {
        fi: 'Tarkista oikeus Channel.Create ja tiimin kanavarajat.',
        en: "Check the Channel.Create permission and the team's channel limits.",
      }),
    );
    return out;
  }
  try {
    await d.inspector.enableAppInChannel(s.teamId, channelId, s.teamsAppId, s.channelType);
    out.push(pass('private-channel-apps', PRIVATE_APPS, `app enabled in ${name}`));
  } catch (e) {
    out.push(
      fail('private-channel-apps', PRIVATE_APPS, msg(e), {
        fi: 'Sovelluksia ei voi ottaa käyttöön tämän tyyppisissä kanavissa: tarkista oikeus TeamsAppInstallation.ManageSelectedForTeam.All ja Teams-hallintakeskuksen sovelluskäytännöt (yksityisten kanavien sovellukset, MC1197145).',
        en: 'Apps cannot be enabled in channels of this type: check the TeamsAppInstallation.ManageSelectedForTeam.All permission and the Teams admin center app policies (apps in private channels, MC1197145).',
      }),
    );
  }
  if (d.messenger) {
    try {
      const card = {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'Asiakkuuskanavat: testiviesti / test message', wrap: true }],
      };
      await d.messenger.postToChannel(
        { channelId, teamId: s.teamId },
        { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] },
      );
      out.push(pass('write-post', POST, 'card posted'));
    } catch (e) {
      out.push(
        fail('write-post', POST, msg(e), {
          fi: 'Tarkista botin tunnukset, että sovellus on asennettu tiimiin ja otettu käyttöön kanavassa.',
          en: 'Check the bot credentials, that the app is installed in the team and enabled in the channel.',
        }),
      );
    }
  } else {
    out.push(
      fail('write-post', POST, 'BOT_ID is not set: no bot to post with', {
        fi: 'Aseta BOT_ID ja SECRET_BOT_PASSWORD.',
        en: 'Set BOT_ID and SECRET_BOT_PASSWORD.',
      }),
    );
  }
  try {
    await d.inspector.deleteChannel(s.teamId, channelId);
    out.push(pass('write-delete', DELETE, `${name} deleted (it counts against the team's channel limit for 30 days)`));
  } catch (e) {
    out.push(
      fail('write-delete', DELETE, msg(e), {
        fi: `Poista kanava ${name} käsin Teamsissa ja tarkista oikeus Channel.Delete.All.`,
        en: `Delete channel ${name} by hand in Teams and check the Channel.Delete.All permission.`,
      }),
    );
  }
  return out;
}
