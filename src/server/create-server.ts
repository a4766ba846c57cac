import restify, { type Request, type Response, type Server } from 'restify';
import fs from 'node:fs';
import { staticFiles } from './static-files';
import { tabContentSecurityPolicy } from './tab-csp';
import type { Logger } from '../ports/logger';
import { AppError } from '../errors/app-error';
import type { ApiRoutes } from '../http/api-routes';

export interface BotEndpoint {
  /** Processes one inbound Bot Framework request (JWT validation included). */
  process(req: Request, res: Response): Promise<void>;
}

export interface ServerDependencies {
  logger: Logger;
  /** Resolves when storage answers; readiness fails otherwise. */
  ping(): Promise<void>;
  bot?: BotEndpoint;
  api?: ApiRoutes;
  /** Folder with the built tab apps (tabs/dist); served under /tabs/. */
  tabsDir?: string;
  /** Content-Security-Policy for the tab pages (tabContentSecurityPolicy); the default has no extras. */
  tabsCsp?: string;
  version?: string;
}

/** Sends an AppError (or anything thrown) as JSON with a code; internal details stay in the log. */
function sendError(res: Response, err: unknown, logger: Logger): void {
  const e = AppError.from(err);
  if (e.status >= 500) logger.error({ code: e.code, err: e.message }, 'request failed');
  else logger.debug({ code: e.code, err: e.message }, 'request refused');
  res.status(e.status);
  res.json({ error: { code: e.code, message: e.userMessage('en'), messageFi: e.userMessage('fi') } });
}

export function createServer(deps: ServerDependencies): Server {
  const log = deps.logger.child('http');
  const server = restify.createServer({ name: 'account-channels', handleUncaughtExceptions: false });
  // Flat query parameters only (all the API takes). restify's queryParser runs qs, with nesting and
  // arrays, on every request: 6 % of a cached tab view's CPU. A repeated key becomes a list, which the
  // routes' schemas reject, as before.
  server.use((req, _res, next) => {
    const query: Record<string, string | string[]> = Object.create(null);
    for (const [k, v] of new URLSearchParams(req.getQuery())) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    req.query = query;
    next();
  });
  // No global body parser: each route reads its own body (see src/http/read-body.ts), after the caller
  // is authenticated, in memory and capped; multipart and form bodies are refused with 415 unread.

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok', version: deps.version ?? 'dev' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    try {
      await deps.ping();
      res.json({ status: 'ready' });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'readiness check failed');
      res.status(503);
      res.json({ status: 'not-ready', error: { code: 'STORE_UNAVAILABLE' } });
    }
  });

  if (deps.bot) {
    const bot = deps.bot;
    server.post('/api/messages', async (req, res) => {
      try {
        await bot.process(req, res);
      } catch (err) {
        if (!res.headersSent) sendError(res, err, log);
      }
    });
  }

  deps.api?.register(server);

  if (deps.tabsDir && fs.existsSync(deps.tabsDir)) {
    const serve = staticFiles(deps.tabsDir, '/tabs/', { csp: deps.tabsCsp ?? tabContentSecurityPolicy() });
    // Resolves when the file has been streamed, so restify does not finish the response early.
    server.get('/tabs/*', async (req, res) => {
      await new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
        serve(req, res);
      });
    });
  }

  server.on('restifyError', (req: Request, res: Response, err: Error, cb: () => void) => {
    log.debug({ path: req.path(), err: err.message }, 'restify error');
    return cb();
  });
  return server;
}
