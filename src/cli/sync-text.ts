/** What `npm run sync` prints for a person, in Finnish or English. */
import path from 'node:path';
import { isBillingImportError } from '../billing';
import { mappingsFittingHeaders } from '../billing/suggest-mapping';
import type { AppError } from '../errors/app-error';
import type { SyncPlan } from '../sync/plan';
import type { SyncSummary } from '../sync/summary';
import type { CliSpec, Lang, Out } from './cli-kit';

export const SYNC_CLI = {
  name: 'sync',
  summary: {
    fi: 'Pitää asiakkuuskanavat ja niiden jäsenet laskutuksen mukaisina (laskutusviennistä).',
    en: 'Keeps the account channels and their members in step with billing (from a billing export).',
  },
  footer: {
    fi: 'Asetukset luetaan ympäristöstä tai tiedostosta .data/local.env, jonka npm start kirjoittaa.\nLisätietoa: docs/sync-behaviour.md',
    en: 'Configuration comes from the environment, or from .data/local.env that npm start writes.\nMore: docs/sync-behaviour.md',
  },
  options: {
    source: {
      type: 'string',
      value: 'PATH|URL',
      help: { fi: 'laskutusvienti (oletus BILLING_SOURCE)', en: 'billing export (default BILLING_SOURCE)' },
    },
    mapping: {
      type: 'string',
      value: 'PATH',
      help: { fi: 'sarakemäärittely, esim. mappings/fi-excel.json', en: 'column mapping, e.g. mappings/fi-excel.json' },
    },
    'dry-run': {
      type: 'boolean',
      default: false,
      help: { fi: 'näytä muutokset tekemättä niitä', en: 'show the changes without making them' },
    },
    approve: {
      type: 'string',
      value: 'RUN_ID',
      help: {
        fi: 'hyväksy pidätetyn ajon pidätetyt muutokset (ajon oma lähde ja määrittely)',
        en: "approve a held run's held changes (the run's own source and mapping)",
      },
    },
    account: {
      type: 'string',
      value: 'CUSTOMER_ID',
      help: {
        fi: 'valinnan --approve kanssa: hyväksy vain tämän asiakkuuden pidätetyt muutokset',
        en: "with --approve: approve only this account's held changes",
      },
    },
    'confirm-removals': {
      type: 'string',
      value: 'RUN_ID',
      help: { fi: 'vanha nimi valinnalle --approve (vaatii ajon tunnuksen)', en: 'old name of --approve (needs the run id)' },
    },
    json: { type: 'boolean', default: false, help: { fi: 'tulosta JSON', en: 'print JSON' } },
  },
} as const satisfies CliSpec<Record<string, import('./cli-kit').OptionSpec>>;

const STATUS: Record<SyncSummary['status'], { fi: string; en: string }> = {
  done: { fi: 'valmis', en: 'done' },
  held: { fi: 'pidätetty', en: 'held' },
  rejected: { fi: 'hylätty', en: 'rejected' },
  failed: { fi: 'epäonnistui', en: 'failed' },
  'dry-run': { fi: 'kuivaharjoitus', en: 'dry run' },
  partial: { fi: 'osittain tehty', en: 'partial' },
  refused: { fi: 'ei aloitettu (toinen ajo käynnissä)', en: 'refused (another run holds the lease)' },
};

export function printSummary(s: SyncSummary, lang: Lang, out: Out): void {
  const fi = lang === 'fi';
  const people = (list: { email: string }[]) =>
    list.length
      ? ` (${list
          .slice(0, 5)
          .map((u) => u.email)
          .join(', ')}${list.length > 5 ? ', …' : ''})`
      : '';
  // The first line says how many accounts are complete, so a partial run is obvious at a glance.
  out.write(
    fi
      ? `Synkronointi ${STATUS[s.status][lang]}: ${s.accounts.complete}/${s.accounts.desired} asiakkuutta valmiina${s.runId ? ` (ajo ${s.runId})` : ''}\n  lähde: ${s.source}\n`
      : `Sync ${STATUS[s.status][lang]}: ${s.accounts.complete} of ${s.accounts.desired} accounts complete${s.runId ? ` (run ${s.runId})` : ''}\n  source: ${s.source}\n`,
  );
  if (s.interrupted.length)
    out.write(
      fi
        ? `  otettiin ohi keskeytyneestä ajosta ${s.interrupted.join(', ')} (merkitty keskeytyneeksi)\n`
        : `  took over from interrupted run(s) ${s.interrupted.join(', ')}: closed as interrupted\n`,
    );
  out.write(
    fi
      ? `  rivit: ${s.rows.total} (${s.rows.valid} käytetty, ${s.rowErrors.length} ongelmallista)\n`
      : `  rows: ${s.rows.total} (${s.rows.valid} used, ${s.rowErrors.length} with problems)\n`,
  );
  const a = s.accounts;
  out.write(
    fi
      ? `  asiakkuudet: ${a.desired} valtakunnallista; luotu ${a.created}, nimetty uudelleen ${a.renamed}, arkistoitu ${a.archived}, palautettu ${a.revived}\n`
      : `  accounts: ${a.desired} national; created ${a.created}, renamed ${a.renamed}, archived ${a.archived}, revived ${a.revived}\n`,
  );
  const m = s.members;
  out.write(
    fi
      ? `  jäsenet: lisätty ${m.added}, poistettu ${m.removed}, epäonnistui ${m.failed}; omistajat: +${s.roles.promoted} -${s.roles.demoted}; tiimi: +${s.team.added} -${s.team.removed}\n`
      : `  members: added ${m.added}, removed ${m.removed}, failed ${m.failed}; owners: +${s.roles.promoted} -${s.roles.demoted}; team: +${s.team.added} -${s.team.removed}\n`,
  );
  const prov = s.provisioning;
  const some = (ids: readonly string[]) => (ids.length ? ` (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})` : '');
  out.write(
    fi
      ? `  keskeneräiset kanavat (sovellus, välilehdet tai kansiot puuttuvat): ${prov.incomplete}${some(prov.incompleteAccounts)}; täydennetty nyt: ${prov.repaired}${prov.notCreated.length ? `; asiakkuuksia ilman kanavaa: ${prov.notCreated.length}` : ''}\n`
      : `  channels incomplete (app, tabs or folders missing): ${prov.incomplete}${some(prov.incompleteAccounts)}; completed now: ${prov.repaired}${prov.notCreated.length ? `; accounts left without a channel: ${prov.notCreated.length}` : ''}\n`,
  );
  out.write(`  ${fi ? 'tuntemattomat henkilöt' : 'unknown people'}: ${s.unknownPeople.length}${people(s.unknownPeople)}\n`);
  if (s.approval) out.write(`  ${approvalLine(s.approval, lang)}\n`);
  if (s.held) {
    const h = s.held;
    const adds = h.additions?.length ?? 0;
    out.write(
      fi
        ? `  PIDÄTETTY: ${h.removals.length} poistoa${h.demotions.length ? `, ${h.demotions.length} omistajuuden poistoa` : ''}${adds ? ` ja ${adds} lisäystä` : ''} odottaa hyväksyntää: ${h.reasons.map((r) => r.fi).join('; ')}\n`
        : `  HELD: ${h.removals.length} removals${h.demotions.length ? `, ${h.demotions.length} owner demotions` : ''}${adds ? ` and ${adds} additions` : ''} wait for approval: ${h.reasons.map((r) => r.message).join('; ')}\n`,
    );
    // Exactly the command that approves this run (a dry run has nothing to approve).
    if (s.runId) out.write(fi ? `  Hyväksy: ${approveCommand(s.runId)}\n` : `  Approve with: ${approveCommand(s.runId)}\n`);
  }
  for (const e of s.rowErrors.slice(0, 10))
    out.write(`  ${fi ? 'rivi' : 'line'} ${e.line}${e.column ? `, ${fi ? 'sarake' : 'column'} ${e.column}` : ''}: ${e.message}\n`);
  for (const p of s.problems.slice(0, 20)) out.write(`  ${fi ? 'ongelma' : 'problem'}: ${p}\n`);
  const r = s.requests;
  out.write(
    fi
      ? `  Graph: ${r.httpRequests} HTTP-pyyntöä, ${r.graphOperations} operaatiota, ${r.retries} uusintaa; ${s.durationMs} ms\n`
      : `  Graph: ${r.httpRequests} HTTP requests, ${r.graphOperations} operations, ${r.retries} retries; ${s.durationMs} ms\n`,
  );
}

/** The command that approves a held run. */
export const approveCommand = (runId: string) => `npm run sync -- --approve ${runId}`;

function approvalLine(a: NonNullable<SyncSummary['approval']>, lang: Lang): string {
  const fi = lang === 'fi';
  if (a.outcome === 'applied')
    return fi
      ? `hyväksytty ajo ${a.heldRunId}: sen pidätetty osa tehtiin sellaisenaan (Teams ja laskutus ennallaan)`
      : `approved run ${a.heldRunId}: its held part was applied as planned (Teams and billing unchanged)`;
  const what = a.changed.map((c) => (c === 'billing' ? (fi ? 'laskutus' : 'billing') : 'Teams')).join(fi ? ' ja ' : ' and ');
  return fi
    ? `hyväksytty ajo ${a.heldRunId}, mutta ${what} oli muuttunut sen jälkeen: suunniteltiin uudelleen samasta lähteestä ja määrittelystä`
    : `approved run ${a.heldRunId}, but ${what} changed since: re-planned from the same source and mapping`;
}

export function planLines(plan: SyncPlan, lang: Lang): string[] {
  const fi = lang === 'fi';
  const lines: string[] = [];
  for (const c of plan.channels) {
    if (c.kind === 'create')
      lines.push(
        fi
          ? `luo kanava "${c.displayName}" asiakkuudelle ${c.customerId}, ${c.initialMembers.length} jäsentä`
          : `create channel "${c.displayName}" for ${c.customerId} with ${c.initialMembers.length} initial members`,
      );
    else if (c.kind === 'rename')
      lines.push(fi ? `nimeä ${c.customerId}: "${c.from}" -> "${c.to}"` : `rename channel of ${c.customerId}: "${c.from}" -> "${c.to}"`);
    else if (c.kind === 'archive')
      lines.push(
        fi
          ? `arkistoi ${c.customerId}: "${c.from}" -> "${c.to}" (${c.since} alkaen)`
          : `archive ${c.customerId}: "${c.from}" -> "${c.to}" (since ${c.since})`,
      );
    else if (c.kind === 'revive')
      lines.push(fi ? `palauta ${c.customerId}: "${c.from}" -> "${c.to}"` : `revive ${c.customerId}: "${c.from}" -> "${c.to}"`);
    else if (c.kind === 'adopt')
      lines.push(
        fi
          ? `ota käyttöön olemassa oleva kanava "${c.displayName}" asiakkuudelle ${c.customerId}`
          : `adopt existing channel "${c.displayName}" for ${c.customerId}`,
      );
    else
      lines.push(
        fi ? `${c.customerId} puuttunut laskutuksesta ${c.since} alkaen` : `${c.customerId} missing from billing since ${c.since}`,
      );
  }
  for (const t of plan.teamAdds) lines.push(`${fi ? 'lisää tiimiin' : 'add to team'}: ${t.email}`);
  for (const a of plan.adds)
    lines.push(
      fi
        ? `lisää ${a.email} kanavaan ${a.customerId}${a.owner ? ' omistajaksi' : ''}`
        : `add ${a.email} to ${a.customerId}${a.owner ? ' as owner' : ''}`,
    );
  for (const c of plan.roleChanges)
    lines.push(
      c.owner
        ? fi
          ? `${c.email} omistajaksi kanavaan ${c.customerId}`
          : `make ${c.email} an owner of ${c.customerId}`
        : fi
          ? `${c.email} tavalliseksi jäseneksi kanavaan ${c.customerId} (ei enää omistaja laskutuksessa)`
          : `make ${c.email} a plain member of ${c.customerId} (no longer an owner in billing)`,
    );
  for (const r of plan.removes)
    lines.push(
      fi
        ? `poista ${r.email ?? r.userId} kanavasta ${r.customerId} (${r.reason})`
        : `remove ${r.email ?? r.userId} from ${r.customerId} (${r.reason})`,
    );
  for (const t of plan.teamRemoves) lines.push(`${fi ? 'poista tiimistä' : 'remove from team'}: ${t.email ?? t.userId}`);
  for (const u of plan.unknownPeople)
    lines.push(`${fi ? 'ei hakemistossa' : 'unknown in directory'}: ${u.email} (${u.accounts.join(', ')})`);
  return lines;
}

/**
 * One message for a rejected export: what, where, what to do; for missing columns also the headers
 * found and, when a shipped mapping fits them, the `--mapping` to use.
 */
export function rejectionText(error: AppError, lang: Lang, mappingsDir: string, mappingInUse?: string): string {
  const fi = lang === 'fi';
  const head = fi ? 'Laskutusvienti hylättiin, mitään ei muutettu.' : 'The billing export was rejected; nothing was changed.';
  if (!isBillingImportError(error)) return `${head}\n  ${error.message}\n`;
  const d = error.details;
  const lines = [head, `  ${error.message}`, `  ${d.hint[lang]}`];
  if (d.reason === 'MISSING_COLUMN' && Array.isArray(d.foundHeaders)) {
    const found = (d.foundHeaders as string[]).slice(0, 30);
    lines.push(`  ${fi ? 'Tiedoston sarakkeet' : 'Columns in the file'}: ${found.map((h) => `"${h}"`).join(', ')}`);
    const fits = mappingsFittingHeaders(d.foundHeaders as string[], mappingsDir, mappingInUse);
    const rel = (f: string) => path.relative(process.cwd(), f) || f;
    if (fits.length > 0) lines.push(`  ${fi ? 'Sopiva määrittely' : 'A mapping that fits'}: --mapping ${rel(fits[0]!)}`);
  }
  return `${lines.join('\n')}\n`;
}
