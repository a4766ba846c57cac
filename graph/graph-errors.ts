import { AppError, type ErrorCode } from '../src/errors/app-error';

/** Statuses worth sending again: throttling and transient gateway trouble (graph "throttling", "best practices"). */
export const RETRYABLE_STATUS = new Set([429, 503, 504]);

export interface GraphErrorInfo {
  status: number;
  graphCode: string | null;
  message: string;
}

/** Reads Graph's `{ error: { code, message } }` body, tolerating anything else. */
function readGraphError(status: number, body: unknown): GraphErrorInfo {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  const graphCode = typeof err?.code === 'string' ? err.code : null;
  const message = typeof err?.message === 'string' ? err.message : typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${status}`;
  return { status, graphCode, message };
}

function codeFor(status: number): ErrorCode {
  if (status === 429) return 'THROTTLED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409 || status === 412) return 'CONFLICT';
  if (status === 400 || status === 422) return 'BAD_INPUT';
  return 'UPSTREAM';
}

/** Turns a Graph answer into the app's error type; the operation names what we tried. */
export function graphError(operation: string, status: number, body: unknown, extra: Record<string, unknown> = {}): AppError {
  const info = readGraphError(status, body);
  return new AppError(
    codeFor(status),
    `Graph ${operation} failed: ${status} ${info.graphCode ?? ''} ${info.message}`.replace(/\s+/g, ' ').trim(),
    {
      details: { operation, status, graphCode: info.graphCode, graphMessage: info.message, ...extra },
    },
  );
}
