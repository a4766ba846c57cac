import path from 'node:path';
import { z } from 'zod';
import { KPI_DEFINITIONS, KPI_KEYS } from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';
import type { CallerRoles } from './access';
import type { HttpHandler, HttpRequest, HttpResponse, RouteServer } from './http';
import { importKpiTable, kpiImportErrorOf, kpiImportText, loadKpiMapping, readKpiBytes, DEFAULT_KPI_MAPPING } from './kpi-import-service';
import type { Caller } from './sso-auth';
import type { BodyRule } from '../http/read-body';

const KPI_IMPORT_PATH = '/api/v1/quality/import';

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

export interface KpiImportRouteDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The tab API's wrapper: SSO check, roles, JSON errors. */
  wrap(
    h: (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>,
    rule?: BodyRule,
    guard?: (roles: CallerRoles) => void,
  ): HttpHandler;
  /** The tab API's input parser: zod issues become one BAD_INPUT error. */
  parse<T>(schema: z.ZodType<T>, input: unknown): T;
}

const jsonBody = z
  .object({
    csv: z.string().min(1),
    fileName: z.string().max(200).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();
const query = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
  fileName: z.string().max(200).optional(),
  /** One of the shipped mappings/kpi-*.json, by name. */
  mapping: z
    .string()
    .regex(/^kpi-[a-z0-9-]{1,60}$/, 'must name a mappings/kpi-*.json file, e.g. kpi-quality-system')
    .optional(),
});

/** A display name only: no folders, no control characters. */
function cleanFileName(name: string | undefined): string {
  const base = path
    .basename((name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are stripped from a shown file name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return base.slice(0, 100) || 'upload.csv';
}

/** The upload as raw bytes (CSV in any encoding, or XLSX) or JSON {csv}; nothing else, e.g. no multipart. */
export const KPI_UPLOAD_BODY: BodyRule = {
  json: true,
  raw: [
    'text/csv',
    'text/plain',
    'application/octet-stream',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-excel',
  ],
  maxBytes: 5 * 1024 * 1024,
};

/** Directors and admins only; checked before the upload is read. */
function mayImport(roles: CallerRoles): void {
  if (!roles.director && !roles.admin) throw new AppError('FORBIDDEN', 'only directors and admins import KPI values');
}

/** POST /api/v1/quality/import: directors and admins upload a KPI export (text/csv bytes, or JSON {csv}). */
export function registerKpiImportRoutes(server: RouteServer, deps: KpiImportRouteDeps): void {
  const log = deps.logger.child('kpi-import');
  const mappings = new Map<string, ReturnType<typeof loadKpiMapping>>();

  server.post(
    KPI_IMPORT_PATH,
    deps.wrap(
      async (ctx, req, res) => {
        mayImport(ctx.roles);
        const q = deps.parse(query, req.query ?? {});
        let bytes: Buffer;
        let fileName = q.fileName;
        let dryRun = q.dryRun === 'true' || q.dryRun === '1';
        if (Buffer.isBuffer(req.body) && req.body.length > 0) bytes = req.body;
        else if (req.body && typeof req.body === 'object') {
          const b = deps.parse(jsonBody, req.body);
          bytes = Buffer.from(b.csv, 'utf8');
          fileName = b.fileName ?? fileName;
          dryRun = b.dryRun ?? dryRun;
        } else if (typeof req.body === 'string' && req.body !== '') bytes = Buffer.from(req.body, 'utf8');
        else
          throw new AppError('BAD_INPUT', 'no file', {
            userMessage: 'Lähetä CSV-tiedosto (text/csv) tai JSON {"csv": "..."}. / Send a CSV file (text/csv) or JSON {"csv": "..."}.',
          });

        const mappingName = q.mapping ?? path.basename(DEFAULT_KPI_MAPPING, '.json');
        try {
          if (!mappings.has(mappingName))
            mappings.set(mappingName, loadKpiMapping(path.join(path.dirname(DEFAULT_KPI_MAPPING), `${mappingName}.json`)));
          const table = await readKpiBytes(bytes, cleanFileName(fileName));
          const report = await importKpiTable({ store: deps.store, clock: deps.clock }, table, {
            mapping: mappings.get(mappingName)!,
            mappingName,
            by: ctx.caller.email,
            dryRun,
          });
          log.info({ by: ctx.caller.email, file: report.file, dryRun, counts: report.counts }, 'KPI import');
          return { ...report, labels: Object.fromEntries(KPI_KEYS.map((k) => [k, KPI_DEFINITIONS[k].label])) };
        } catch (err) {
          const found = err instanceof AppError ? kpiImportErrorOf(err) : undefined;
          if (!found) throw err;
          // The file's name only: a server path (the mapping's, say) is nobody's business in a tab.
          const problem = { ...found, file: cleanFileName(found.file) };
          // Where and what to do, as data too, so the tab can point at the line and column.
          res.status(400);
          res.json({
            error: {
              code: 'BAD_INPUT',
              message: kpiImportText(problem, 'en'),
              messageFi: kpiImportText(problem, 'fi'),
              reason: problem.reason,
              file: problem.file,
              line: problem.line ?? null,
              column: problem.column ?? null,
              columnIndex: problem.columnIndex ?? null,
              hint: problem.hint,
            },
          });
          return undefined;
        }
      },
      KPI_UPLOAD_BODY,
      mayImport,
    ),
  );
}
