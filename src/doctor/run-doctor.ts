import type { CheckResult } from './check-result';
import type { DoctorDeps } from './deps';
import { checkBotCredentials, checkGraphRoles, checkSsoRegistration } from './identity-checks';
import { checkBilling, checkPublicBaseUrl } from './runtime-checks';
import { checkCatalogAndInstall, checkGroups, checkServiceAccount, checkTeamAndChannels, privateChannelAppsSkipped } from './team-checks';
import { runWriteChecks } from './write-checks';

export interface DoctorReport {
  ok: boolean;
  results: CheckResult[];
}

/** Runs every check (each independent: one failure never hides the others); --write adds the test channel round trip. */
export async function runDoctor(d: DoctorDeps, opts: { write?: boolean } = {}): Promise<DoctorReport> {
  const results: CheckResult[] = [];
  results.push(...(await checkGraphRoles(d)));
  results.push(...(await checkSsoRegistration(d)));
  results.push(...(await checkBotCredentials(d)));
  results.push(...(await checkPublicBaseUrl(d)));
  const billing = await checkBilling(d);
  // Each configured team (TEAM_IDS) is checked on its own; the org catalog once.
  const teams = d.settings.teamIds?.length ? d.settings.teamIds : [d.settings.teamId];
  for (const [i, teamId] of teams.entries()) {
    const dt: DoctorDeps = { ...d, settings: { ...d.settings, teamId } };
    const team = await checkTeamAndChannels(dt, billing.nationalAccounts, { count: teams.length, last: i === teams.length - 1 });
    results.push(...team.results);
    results.push(...(await checkCatalogAndInstall(dt)).filter((r) => i === 0 || r.id !== 'catalog'));
    results.push(...(await checkServiceAccount(dt, team.channels)));
  }
  results.push(...(await checkGroups(d)));
  results.push(...billing.results);
  if (opts.write) results.push(...(await runWriteChecks(d)));
  else results.push(privateChannelAppsSkipped());
  return { ok: results.every((r) => r.status !== 'fail'), results };
}
