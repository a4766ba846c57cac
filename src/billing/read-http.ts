import http from 'node:http';
import https from 'node:https';
import { BillingImportError, safeSourceName } from './import-error';
import type { BillingLimits, RawRecord, RawTable } from './raw-table';

export interface HttpFetchResult {
  body: Buffer;
  contentType: string;
}

/**
 * `authHeader` is either a bare Authorization value ("Bearer x", "Basic y") or "Header-Name: value"
 * for APIs using another header (e.g. "X-Api-Key: k").
 */
function authHeaders(authHeader: string | undefined): Record<string, string> {
  if (!authHeader) return {};
  const m = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(authHeader);
  return m ? { [m[1]!]: m[2]! } : { Authorization: authHeader };
}

/** Most redirects followed; a source needing more is misconfigured. */
const MAX_REDIRECTS = 5;

/**
 * Fetches with a timeout and a size cap enforced while the body streams in. Uses node:http(s) with a
 * fresh connection (no shared keep-alive pool): one export a run needs no pooling, and a pooled socket
 * to a server that went away must never stall a sync. Redirects: at most MAX_REDIRECTS; https never
 * goes down to http; the credential is sent only to the origin the configured URL names (once a hop
 * leaves that origin, no later hop gets it either).
 */
export async function fetchCapped(url: string, authHeader: string | undefined, limits: BillingLimits): Promise<HttpFetchResult> {
  const file = safeSourceName(url);
  const origin = new URL(url).origin;
  let target = new URL(url);
  let credential = authHeader;
  for (let hop = 0; ; hop++) {
    const res = await request(target, credential, limits, file);
    const status = res.statusCode ?? 0;
    if (status < 300 || status >= 400 || status === 304 || !res.headers.location) return readResponse(res, status, file, limits);
    res.resume();
    const from = safeSourceName(target.toString());
    let next: URL;
    try {
      next = new URL(res.headers.location, target);
    } catch {
      throw redirectError(`${from} redirected to an invalid location`, file);
    }
    const to = safeSourceName(next.toString());
    if (hop >= MAX_REDIRECTS) throw redirectError(`Too many redirects (more than ${MAX_REDIRECTS}); the last was ${from} -> ${to}`, file);
    if (next.protocol !== 'https:' && next.protocol !== 'http:')
      throw redirectError(`${from} redirected to ${next.protocol} URL, which is not allowed`, file);
    if (target.protocol === 'https:' && next.protocol === 'http:')
      throw redirectError(`${from} redirected to plain http (${to}); refused`, file);
    if (next.origin !== origin) credential = undefined;
    target = next;
  }
}

function request(target: URL, authHeader: string | undefined, limits: BillingLimits, file: string): Promise<http.IncomingMessage> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'GET',
        agent: false,
        headers: { Accept: 'text/csv, application/json;q=0.9, */*;q=0.5', ...authHeaders(authHeader) },
        timeout: limits.httpTimeoutMs,
      },
      resolve,
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'AbortError' })));
    req.on('error', (cause) => reject(timeoutOr(cause, file, 'The billing source could not be reached')));
    req.end();
  });
}

function redirectError(message: string, file: string): BillingImportError {
  return new BillingImportError(
    message,
    {
      reason: 'HTTP_REDIRECT',
      file,
      hint: {
        fi: 'Aseta BILLING_SOURCE suoraan lopulliseen https-osoitteeseen (ohjaukset: enintään 5, ei https→http, tunniste vain samaan osoitteeseen).',
        en: 'Set BILLING_SOURCE to the final https URL (redirects: at most 5, never https→http, the credential only to the same origin).',
      },
    },
    { code: 'UPSTREAM' },
  );
}

async function readResponse(res: http.IncomingMessage, status: number, file: string, limits: BillingLimits): Promise<HttpFetchResult> {
  if (status === 401 || status === 403) {
    res.resume();
    throw new BillingImportError(
      `The billing source refused the credentials (HTTP ${status})`,
      {
        reason: 'HTTP_AUTH',
        file,
        status,
        hint: {
          fi: 'Tarkista SECRET_BILLING_AUTH_HEADER-asetus (tunnus voi olla vanhentunut).',
          en: 'Check the SECRET_BILLING_AUTH_HEADER setting (the credential may have expired).',
        },
      },
      { code: 'UPSTREAM' },
    );
  }
  if (status < 200 || status >= 300) {
    res.resume();
    throw new BillingImportError(
      `The billing source answered HTTP ${status}`,
      {
        reason: 'HTTP_STATUS',
        file,
        status,
        hint: { fi: 'Tarkista osoite ja yritä myöhemmin uudelleen.', en: 'Check the URL and try again later.' },
      },
      { code: 'UPSTREAM' },
    );
  }
  const declared = Number(res.headers['content-length'] ?? '0');
  if (declared > limits.maxFileBytes) {
    res.destroy();
    throw tooLarge(file, limits);
  }
  // The whole body must arrive within the timeout too, not just the headers.
  const deadline = setTimeout(() => res.destroy(Object.assign(new Error('timeout'), { name: 'AbortError' })), limits.httpTimeoutMs);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > limits.maxFileBytes) {
        res.destroy();
        throw tooLarge(file, limits);
      }
      chunks.push(chunk);
    }
  } catch (cause) {
    if (cause instanceof BillingImportError) throw cause;
    throw timeoutOr(cause, file, 'Reading the billing source failed');
  } finally {
    clearTimeout(deadline);
  }
  const contentType = res.headers['content-type'];
  return { body: Buffer.concat(chunks), contentType: Array.isArray(contentType) ? contentType.join(',') : (contentType ?? '') };
}

function tooLarge(file: string, limits: BillingLimits): BillingImportError {
  return new BillingImportError(`The response is larger than ${limits.maxFileBytes} bytes`, {
    reason: 'TOO_LARGE',
    file,
    hint: { fi: 'Vastaus on liian suuri laskutusvienniksi.', en: 'The response is too large for a billing export.' },
  });
}

function timeoutOr(cause: unknown, file: string, message: string): BillingImportError {
  const aborted = (cause as { name?: string })?.name === 'AbortError';
  return new BillingImportError(
    aborted ? 'The billing source did not answer in time' : `${message}: ${(cause as Error)?.message ?? String(cause)}`,
    {
      reason: aborted ? 'HTTP_TIMEOUT' : 'HTTP_FAILED',
      file,
      hint: { fi: 'Tarkista verkkoyhteys ja osoite ja yritä uudelleen.', en: 'Check the network and the URL and try again.' },
    },
    { code: 'UPSTREAM', cause },
  );
}

/** JSON array of flat objects -> table. Header = keys in order of first appearance; "line" = record number + 1. */
export function parseJsonRecords(text: string, file: string, limits: BillingLimits): RawTable {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new BillingImportError('The response is not valid JSON', { reason: 'BAD_JSON', file, hint: hintJson }, { cause });
  }
  if (!Array.isArray(data)) {
    throw new BillingImportError('The JSON response is not an array of rows', { reason: 'BAD_JSON', file, hint: hintJson });
  }
  if (data.length > limits.maxRows) {
    throw new BillingImportError(`The response has more than ${limits.maxRows} rows`, { reason: 'TOO_MANY_ROWS', file, hint: hintJson });
  }
  const headers: string[] = [];
  const index = new Map<string, number>();
  data.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new BillingImportError('A JSON row is not an object', { reason: 'BAD_JSON', file, line: i + 2, hint: hintJson });
    }
    for (const k of Object.keys(item)) {
      if (!index.has(k)) {
        index.set(k, headers.length);
        headers.push(k);
      }
    }
  });
  const records: RawRecord[] = data.map((item: Record<string, unknown>, i) => {
    const values = headers.map(() => '');
    for (const [k, v] of Object.entries(item)) values[index.get(k)!] = jsonCell(v);
    return { line: i + 2, values };
  });
  return { file, format: 'json', headers: headers.map((h) => h.trim()), headerLine: 1, records };
}

const hintJson = {
  fi: 'Laskutusrajapinnan pitää palauttaa JSON-taulukko rivi-olioita tai CSV-tiedosto.',
  en: 'The billing API must return a JSON array of row objects, or a CSV file.',
};

function jsonCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
