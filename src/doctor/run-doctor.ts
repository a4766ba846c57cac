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
  const team = await checkTeamAndChannels(d, billing.nationalAccounts);
  results.push(...team.results);
  results.push(...(await checkCatalogAndInstall(d)));
  results.push(...(await checkServiceAccount(d, team.channels)));
  results.push(...(await checkGroups(d)));
  results.push(...billing.results);
  if (opts.write) results.push(...(await runWriteChecks(d)));
  else results.push(privateChannelAppsSkipped());
  return { ok: results.every((r) => r.status !== 'fail'), results };
}
