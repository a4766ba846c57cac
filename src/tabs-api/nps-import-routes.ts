import path from 'node:path';
import { z } from 'zod';
import { countNpsAnswers, overallNps, periodSchema, type NpsAnswerProblem } from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';
import type { BodyRule } from '../http/read-body';
import type { CallerRoles } from './access';
import type { HttpHandler, HttpRequest, HttpResponse, RouteServer } from './http';
import type { NpsImportReport } from './contracts/quality-loop';
import { kpiImportErrorOf, kpiImportText, readKpiBytes } from './kpi-import-service';
import { KPI_UPLOAD_BODY } from './kpi-import-routes';
import type { Caller } from './sso-auth';

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

export interface NpsImportRouteDeps {
  store: Store;
  logger: Logger;
  wrap(
    h: (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>,
    rule?: BodyRule,
    guard?: (roles: CallerRoles) => void,
  ): HttpHandler;
  parse<T>(schema: z.ZodType<T>, input: unknown): T;
}

const NPS_IMPORT_PATH = '/api/v1/quality/nps-import';

const query = z.object({
  /** The survey month the answers belong to; the NPS lands on that month's quality card. */
  period: periodSchema,
  fileName: z.string().max(200).optional(),
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
});

function mayImport(roles: CallerRoles): void {
  if (!roles.director && !roles.admin) throw new AppError('FORBIDDEN', 'only directors and admins import survey answers');
}

const cleanName = (name: string | undefined) =>
  path
    .basename((name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are stripped from a shown file name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 100) || 'survey.csv';

const problemText = (p: NpsAnswerProblem, l: 'fi' | 'en') =>
  l === 'fi'
    ? `${p.message.fi} (tiedosto ${p.file}, rivi ${p.line}${p.column ? `, sarake ${p.column}` : ''}${p.value ? ` “${p.value}”` : ''})`
    : `${p.message.en} (file ${p.file}, line ${p.line}${p.column ? `, column ${p.column}` : ''}${p.value ? ` “${p.value}”` : ''})`;

/**
 * Imports a user survey's 0–10 answers (one row per answer: customer id and score) and stores each
 * account's NPS = % promoters (9–10) − % detractors (0–6) for the survey month. Shared by the tab
 * upload and the CLI (`npm run nps-import`).
 */
async function importNpsAnswers(
  store: Store,
  bytes: Buffer,
  o: { file: string; period: string; by: string; dryRun: boolean },
): Promise<NpsImportReport | { ok: false; problems: NpsAnswerProblem[] }> {
  let table;
  try {
    table = await readKpiBytes(bytes, o.file);
  } catch (err) {
    const found = err instanceof AppError ? kpiImportErrorOf(err) : undefined;
    if (!found) throw err;
    return {
      ok: false,
      problems: [
        {
          file: o.file,
          line: found.line ?? 1,
          column: found.column ?? '',
          columnIndex: found.columnIndex ?? 0,
          value: '',
          message: { fi: kpiImportText(found, 'fi'), en: kpiImportText(found, 'en') },
        },
      ],
    };
  }
  const accounts = new Map((await store.accounts.list()).map((a) => [a.customerId, a.name]));
  const r = countNpsAnswers({ file: o.file, headers: table.headers, records: table.records }, (id) => accounts.has(id));
  if (!r.ok) return r;
  if (!o.dryRun) {
    await store.transaction(async (tx) => {
      await tx.qualityLoop.saveNps(
        r.accounts.map((a) => ({ ...a, period: o.period })),
        o.by,
        `import:${o.file}`,
      );
      for (const a of r.accounts)
        await tx.qualityCard.saveKpis(a.customerId, o.period, [{ kpiKey: 'nps', value: a.nps, target: 30 }], o.by, `import:${o.file}`);
    });
  }
  return {
    ok: true,
    file: o.file,
    period: o.period,
    dryRun: o.dryRun,
    accounts: r.accounts.map((a) => ({ ...a, name: accounts.get(a.customerId) ?? a.customerId })),
    overall: overallNps(r.accounts),
  };
}

/** POST /api/v1/quality/nps-import?period=YYYY-MM: directors and admins upload the survey's answers (CSV). */
export function registerNpsImportRoutes(server: RouteServer, deps: NpsImportRouteDeps): void {
  const log = deps.logger.child('nps-import');
  server.post(
    NPS_IMPORT_PATH,
    deps.wrap(
      async (ctx, req, res) => {
        mayImport(ctx.roles);
        const q = deps.parse(query, req.query ?? {});
        const bytes = Buffer.isBuffer(req.body) ? req.body : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.alloc(0);
        if (bytes.length === 0) throw new AppError('BAD_INPUT', 'no file', { userMessage: 'Lähetä CSV-tiedosto. / Send a CSV file.' });
        const file = cleanName(q.fileName);
        const r = await importNpsAnswers(deps.store, bytes, {
          file,
          period: q.period,
          by: ctx.caller.email,
          dryRun: q.dryRun === 'true' || q.dryRun === '1',
        });
        if (!r.ok) {
          res.status(400);
          res.json({
            error: {
              code: 'BAD_INPUT',
              message: r.problems.map((p) => problemText(p, 'en')).join('\n'),
              messageFi: r.problems.map((p) => problemText(p, 'fi')).join('\n'),
              problems: r.problems,
            },
          });
          return undefined;
        }
        log.info({ by: ctx.caller.email, file, period: q.period, answers: r.overall.answers, dryRun: r.dryRun }, 'NPS import');
        return r;
      },
      { ...KPI_UPLOAD_BODY, json: false },
      mayImport,
    ),
  );
}
