import { AppError } from '../errors/app-error';
import type { Logger } from '../ports/logger';

/*
 * The few request/response members the tab API uses. restify's objects satisfy them structurally,
 * so this folder stays free of the HTTP framework (see tests/architecture).
 */
export interface HttpRequest {
  header(name: string): string | undefined;
  params?: Record<string, string | undefined>;
  query?: unknown;
  body?: unknown;
}

export interface HttpResponse {
  readonly headersSent: boolean;
  status(code: number): unknown;
  json(body: unknown): unknown;
  send(code: number): unknown;
  writeHead(code: number, headers: Record<string, string>): unknown;
  end(body?: string | Buffer): unknown;
  setHeader?(name: string, value: string): unknown;
}

export type HttpHandler = (req: HttpRequest, res: HttpResponse) => Promise<void>;

export interface RouteServer {
  get(path: string, handler: HttpHandler): unknown;
  post(path: string, handler: HttpHandler): unknown;
  put(path: string, handler: HttpHandler): unknown;
  patch(path: string, handler: HttpHandler): unknown;
  del(path: string, handler: HttpHandler): unknown;
}

/** Same JSON shape as the server's sendError: `{ error: { code, message, messageFi } }`; details stay in the log. */
export function writeError(res: HttpResponse, err: unknown, logger: Logger): void {
  const e = AppError.from(err);
  if (e.status >= 500) logger.error({ code: e.code, err: e.message }, 'tab API request failed');
  else logger.debug({ code: e.code, err: e.message }, 'tab API request refused');
  res.status(e.status);
  res.json({ error: { code: e.code, message: e.userMessage('en'), messageFi: e.userMessage('fi') } });
}
