import fs from 'node:fs';
import path from 'node:path';
import { importBilling, isUrlSource, safeSourceName } from '../billing';
import { AppError } from '../errors/app-error';
import { fail, guarded, pass, skip, type CheckResult } from './check-result';
import type { DoctorDeps } from './deps';

const URL_TITLE = { fi: 'Julkinen osoite (PUBLIC_BASE_URL)', en: 'Public address (PUBLIC_BASE_URL)' };

/** Tabs need an https PUBLIC_BASE_URL that answers; /healthz is the app's own liveness answer. */
export function checkPublicBaseUrl(d: DoctorDeps): Promise<CheckResult[]> {
  const todo = {
    fi: 'Aseta PUBLIC_BASE_URL sovelluksen https-osoitteeksi (App Service) ja varmista, että sovellus on käynnissä.',
    en: "Set PUBLIC_BASE_URL to the app's https address (App Service) and make sure the app is running.",
  };
  return guarded('public-url', URL_TITLE, todo, async () => {
    const base = d.settings.publicBaseUrl;
    if (!base && d.settings.tabsEnabled === false) return skip('public-url', URL_TITLE, 'not set; tabs are off (TABS_ENABLED=false)', todo);
    if (!base) return fail('public-url', URL_TITLE, 'PUBLIC_BASE_URL is not set', todo);
    if (new URL(base).protocol !== 'https:')
      return fail('public-url', URL_TITLE, `${base} is not https (Teams loads tabs only over https)`, todo);
    const url = `${base.replace(/\/+$/, '')}/healthz`;
    let status: number;
    try {
      status = await d.probe(url);
    } catch (e) {
      return fail('public-url', URL_TITLE, `${url} did not answer: ${AppError.from(e).message.slice(0, 200)}`, todo);
    }
    return status === 200
      ? pass('public-url', URL_TITLE, `${url} answered 200`)
      : fail('public-url', URL_TITLE, `${url} answered ${status}`, todo);
  });
}

const BILLING = { fi: 'Laskutusvienti', en: 'Billing export' };

/** BILLING_SOURCE is readable and maps with the configured mapping; answers the national account count. */
export async function checkBilling(d: DoctorDeps): Promise<{ results: CheckResult[]; nationalAccounts: number | null }> {
  let nationalAccounts: number | null = null;
  const s = d.settings;
  const todo = {
    fi: 'Tarkista BILLING_SOURCE (tiedosto, valvottu kansio tai https-osoite), SECRET_BILLING_AUTH_HEADER ja BILLING_MAPPING.',
    en: 'Check BILLING_SOURCE (a file, watched folder or https URL), SECRET_BILLING_AUTH_HEADER and BILLING_MAPPING.',
  };
  const results = await guarded('billing', BILLING, todo, async () => {
    const source = s.billingSource ?? (s.billingWatchDir ? newestExport(s.billingWatchDir) : undefined);
    if (!source)
      return fail(
        'billing',
        BILLING,
        s.billingWatchDir ? `BILLING_SOURCE is not set and ${s.billingWatchDir} holds no export` : 'BILLING_SOURCE is not set',
        todo,
      );
    if (!s.mapping || 'error' in s.mapping)
      return fail('billing', BILLING, `mapping: ${s.mapping && 'error' in s.mapping ? s.mapping.error : 'not loaded'}`, todo);
    if (isUrlSource(source) && !/^https:/i.test(source)) return fail('billing', BILLING, 'BILLING_SOURCE is http, not https', todo);
    const imp = await importBilling(source, s.mapping.mapping, { authHeader: s.billingAuthHeader });
    nationalAccounts = imp.stats.nationalAccounts;
    const detail = `${safeSourceName(source)}: ${imp.stats.rows} rows (${imp.stats.rowsWithErrors} with errors), ${imp.stats.nationalAccounts} national accounts, mapping ${s.mapping.name.split(/[\\/]/).pop()}`;
    if (imp.stats.acceptedRows === 0 || imp.stats.nationalAccounts === 0)
      return fail('billing', BILLING, detail, {
        fi: 'Vienti luettiin, mutta siinä ei ole käyttökelpoisia rivejä tai kansallisia asiakkuuksia: tarkista sarakemäppäys.',
        en: 'The export was read but has no usable rows or national accounts: check the column mapping.',
      });
    return pass('billing', BILLING, detail);
  });
  return { results, nationalAccounts };
}

/** The most recently changed export in the watched folder (what its next sync would read). */
function newestExport(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(csv|txt|xlsx|json)$/i.test(f))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}
