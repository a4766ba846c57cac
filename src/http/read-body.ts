import { AppError } from '../errors/app-error';

/*
 * Request bodies are read here, per route and only after the caller is authenticated: no global body
 * parser. The content type is checked before a single byte is read, the size cap while reading, and
 * everything stays in memory (nothing is written to disk, unlike a multipart parser's temp files).
 */

/** What a route accepts: JSON (parsed) and/or raw bytes of the listed media types. */
export interface BodyRule {
  json?: boolean;
  /** Media types taken as raw bytes, lower-case, without parameters (e.g. "text/csv"). */
  raw?: readonly string[];
  maxBytes: number;
}

export type ReadBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; bytes: Buffer; mediaType: string };

/** The Node request members needed (restify's and node:http's requests have them). */
export interface BodySource extends AsyncIterable<Buffer> {
  headers: Record<string, string | string[] | undefined>;
  readableEnded?: boolean;
}

export const JSON_BODY: BodyRule = { json: true, maxBytes: 256 * 1024 };

function header(req: BodySource, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** "application/json; charset=utf-8" -> "application/json". */
function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

const isJsonType = (t: string) => t === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(t);

/** True when the request carries a body at all (a length above 0, or chunked). */
function hasBody(req: BodySource): boolean {
  const length = header(req, 'content-length');
  if (length !== '') return Number(length) > 0;
  return header(req, 'transfer-encoding') !== '';
}

/**
 * Checks the type and the declared size first (415/413 before anything is read), then reads with
 * the cap enforced chunk by chunk. JSON that does not parse is a 400.
 */
export async function readBody(req: BodySource, rule: BodyRule): Promise<ReadBody> {
  if (!hasBody(req) || req.readableEnded) return { kind: 'none' };
  const type = mediaTypeOf(header(req, 'content-type'));
  const asJson = rule.json === true && isJsonType(type);
  if (!asJson && !(rule.raw ?? []).includes(type)) {
    const accepted = [...(rule.json ? ['application/json'] : []), ...(rule.raw ?? [])].join(', ');
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `content type ${type || '(none)'} refused`, {
      userMessage: `Sisältötyyppiä ${type || '(ei mitään)'} ei hyväksytä; sallitut: ${accepted}. / Content type ${type || '(none)'} is not accepted; use: ${accepted}.`,
    });
  }
  const declared = Number(header(req, 'content-length') || '0');
  if (declared > rule.maxBytes) throw tooLarge(rule.maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += chunk.length;
    if (total > rule.maxBytes) throw tooLarge(rule.maxBytes);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks, total);
  if (!asJson) return { kind: 'raw', bytes, mediaType: type };
  try {
    return { kind: 'json', value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    throw new AppError('BAD_INPUT', 'body is not valid JSON', {
      userMessage: 'Pyynnön JSON ei ole kelvollinen. / The request body is not valid JSON.',
    });
  }
}

function tooLarge(max: number): AppError {
  const size = max >= 1024 * 1024 ? `${max / 1024 / 1024} MB` : `${Math.round(max / 1024)} kB`;
  return new AppError('TOO_LARGE', `body over ${max} bytes`, {
    userMessage: `Lähetys on yli ${size}. / The request is larger than ${size}.`,
  });
}

/**
 * After a refusal with the body (partly) unread: ask the client to close the connection, so the
 * rest is not read into a reused keep-alive socket and the next request on it is not confused.
 */
export function closeIfUnread(req: BodySource, res: { setHeader?(name: string, value: string): unknown }): void {
  if (hasBody(req) && !req.readableEnded) res.setHeader?.('connection', 'close');
}
