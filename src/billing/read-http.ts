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
export function authHeaders(authHeader: string | undefined): Record<string, string> {
  if (!authHeader) return {};
  const m = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(authHeader);
  return m ? { [m[1]!]: m[2]! } : { Authorization: authHeader };
}

/** Fetches with a timeout and a size cap enforced while the body streams in. */
export async function fetchCapped(url: string, authHeader: string | undefined, limits: BillingLimits): Promise<HttpFetchResult> {
  const file = safeSourceName(url);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), limits.httpTimeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { headers: { Accept: 'text/csv, application/json;q=0.9, */*;q=0.5', ...authHeaders(authHeader) }, signal: ctrl.signal, redirect: 'follow' });
    } catch (cause) {
      throw timeoutOr(cause, file, 'The billing source could not be reached');
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      throw new BillingImportError(
        `The billing source refused the credentials (HTTP ${res.status})`,
        {
          reason: 'HTTP_AUTH',
          file,
          status: res.status,
          hint: {
            fi: 'Tarkista SECRET_BILLING_AUTH_HEADER-asetus (tunnus voi olla vanhentunut).',
            en: 'Check the SECRET_BILLING_AUTH_HEADER setting (the credential may have expired).',
          },
        },
        { code: 'UPSTREAM' },
      );
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new BillingImportError(
        `The billing source answered HTTP ${res.status}`,
        { reason: 'HTTP_STATUS', file, status: res.status, hint: { fi: 'Tarkista osoite ja yritä myöhemmin uudelleen.', en: 'Check the URL and try again later.' } },
        { code: 'UPSTREAM' },
      );
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > limits.maxFileBytes) throw tooLarge(file, limits);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > limits.maxFileBytes) {
            ctrl.abort();
            throw tooLarge(file, limits);
          }
          chunks.push(Buffer.from(chunk));
        }
      }
    } catch (cause) {
      if (cause instanceof BillingImportError) throw cause;
      throw timeoutOr(cause, file, 'Reading the billing source failed');
    }
    return { body: Buffer.concat(chunks), contentType: res.headers.get('content-type') ?? '' };
  } finally {
    clearTimeout(timer);
  }
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
