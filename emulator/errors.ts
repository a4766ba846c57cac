/** Thrown by handlers; turned into Graph's error body by the pipeline. */
export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new EmulatorHttpError(400, code, message);
export const notFound = (message: string, code = 'NotFound') => new EmulatorHttpError(404, code, message);
export const conflict = (message: string, code = 'Conflict') => new EmulatorHttpError(409, code, message);

/**
 * Graph's error resource: { error: { code, message, innerError: { date, request-id, client-request-id } } }
 * (Microsoft Graph docs, "Microsoft Graph error responses and resource types").
 */
export function graphErrorBody(code: string, message: string, requestId: string, clientRequestId: string | undefined, date: Date) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: date.toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId,
      },
    },
  };
}
