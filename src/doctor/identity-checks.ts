import { fail, guarded, pass, type CheckResult } from './check-result';
import type { DoctorDeps } from './deps';
import {
  DOCTOR_GRAPH_ROLES,
  DOCTOR_WRITE_GRAPH_ROLES,
  RUNTIME_GRAPH_ROLES,
  SSO_SCOPE,
  TEAMS_CLIENT_IDS,
  roleNames,
} from './graph-permissions';

const ROLES = { fi: 'Graph-sovellusoikeudet', en: 'Graph application permissions' };

/** Granted Graph roles against the least-privilege list: none missing, none beyond it. */
export function checkGraphRoles(d: DoctorDeps): Promise<CheckResult[]> {
  const todo = {
    fi: 'Myönnä oikeudet Entra-sovellukselle ja anna järjestelmänvalvojan suostumus (docs/go-live-runbook.md, kohta 2).',
    en: 'Grant the permissions to the Entra app and give admin consent (docs/go-live-runbook.md, step 2).',
  };
  return guarded('graph-roles', ROLES, todo, async () => {
    const granted = new Set(await d.inspector.grantedGraphRoles(d.settings.clientId));
    const needed = [...roleNames(RUNTIME_GRAPH_ROLES), ...roleNames(DOCTOR_GRAPH_ROLES)];
    const allowed = new Set([...needed, ...roleNames(DOCTOR_WRITE_GRAPH_ROLES)]);
    const missing = needed.filter((r) => !granted.has(r));
    const extra = [...granted].filter((r) => !allowed.has(r)).sort();
    if (missing.length === 0 && extra.length === 0)
      return pass('graph-roles', ROLES, `${needed.length} needed roles granted, none beyond the least-privilege list`);
    const parts = [
      missing.length ? `missing: ${missing.join(', ')}` : '',
      extra.length ? `more than needed: ${extra.join(', ')}` : '',
    ].filter(Boolean);
    return fail('graph-roles', ROLES, parts.join('; '), {
      fi: `${missing.length ? `Lisää puuttuvat sovellusoikeudet (${missing.join(', ')}) ja anna järjestelmänvalvojan suostumus. ` : ''}${extra.length ? `Poista ylimääräiset oikeudet (${extra.join(', ')}): sovellus ei tarvitse niitä.` : ''}`.trim(),
      en: `${missing.length ? `Add the missing application permissions (${missing.join(', ')}) and grant admin consent. ` : ''}${extra.length ? `Remove the extra permissions (${extra.join(', ')}): the app does not need them.` : ''}`.trim(),
    });
  });
}

const SSO = { fi: 'SSO-sovellusrekisteröinti', en: 'SSO app registration' };

/** Identifier URI on the tab host and accepted by the tab API, the access_as_user scope, Teams' clients pre-authorised. */
export function checkSsoRegistration(d: DoctorDeps): Promise<CheckResult[]> {
  const s = d.settings;
  const todo = {
    fi: 'Korjaa Entra-sovelluksen "Expose an API" -asetukset (docs/go-live-runbook.md, kohta 2).',
    en: 'Fix the Entra app\'s "Expose an API" settings (docs/go-live-runbook.md, step 2).',
  };
  return guarded('sso', SSO, todo, async () => {
    const app = await d.inspector.appRegistration(s.clientId);
    if (!app)
      return fail('sso', SSO, `no app registration with client id ${s.clientId}`, {
        fi: 'Tarkista AAD_APP_CLIENT_ID.',
        en: 'Check AAD_APP_CLIENT_ID.',
      });
    const problems: string[] = [];
    const host = s.publicBaseUrl ? new URL(s.publicBaseUrl).hostname : null;
    const accepted = new Set([s.clientId, ...s.ssoExtraAudiences]);
    const uri = app.identifierUris.find((u) => u.startsWith('api://') && accepted.has(u));
    if (!uri) problems.push(`no identifier URI is in SSO_EXTRA_AUDIENCES (URIs: ${app.identifierUris.join(', ') || 'none'})`);
    else if (host && new URL(uri.replace(/^api:/, 'https:')).hostname !== host)
      problems.push(`identifier URI ${uri} is not on the tab host ${host}`);
    const scope = app.scopes.find((x) => x.value === SSO_SCOPE && x.isEnabled);
    if (!scope) problems.push(`scope ${SSO_SCOPE} missing or disabled`);
    const missingClients = TEAMS_CLIENT_IDS.filter(
      (id) => !app.preAuthorized.some((p) => p.appId === id && (!scope || p.permissionIds.includes(scope.id))),
    );
    if (missingClients.length) problems.push(`Teams clients not pre-authorised for ${SSO_SCOPE}: ${missingClients.join(', ')}`);
    if (problems.length === 0) return pass('sso', SSO, `${uri}, scope ${SSO_SCOPE}, Teams clients pre-authorised`);
    return fail('sso', SSO, problems.join('; '), {
      fi: `Aseta Application ID URI muotoon api://<PUBLIC_BASE_URL:n isäntä>/botid-<BOT_ID> ja lisää se SSO_EXTRA_AUDIENCES-asetukseen, ota käyttöön scope ${SSO_SCOPE} ja esivaltuuta Teamsin asiakasohjelmat ${TEAMS_CLIENT_IDS.join(', ')}.`,
      en: `Set the Application ID URI to api://<PUBLIC_BASE_URL host>/botid-<BOT_ID> and add it to SSO_EXTRA_AUDIENCES, enable the ${SSO_SCOPE} scope and pre-authorise the Teams clients ${TEAMS_CLIENT_IDS.join(', ')}.`,
    });
  });
}

const BOT = { fi: 'Botin tunnukset', en: 'Bot credentials' };

/** A Bot Connector token fetched with BOT_ID / SECRET_BOT_PASSWORD. */
export function checkBotCredentials(d: DoctorDeps): Promise<CheckResult[]> {
  const todo = {
    fi: 'Tarkista BOT_ID ja SECRET_BOT_PASSWORD (Azure Bot -resurssin sovellus ja sen salaisuus, ei salaisuuden tunnus).',
    en: "Check BOT_ID and SECRET_BOT_PASSWORD (the Azure Bot resource's app and its secret value, not the secret id).",
  };
  return guarded('bot', BOT, todo, async () => {
    if (!d.settings.botId) return fail('bot', BOT, 'BOT_ID is not set', todo);
    await d.inspector.fetchBotToken();
    return pass('bot', BOT, `connector token issued for bot ${d.settings.botId}`);
  });
}
