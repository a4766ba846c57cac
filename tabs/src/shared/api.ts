import { lastMonth } from './period';
import { ssoToken } from './teams';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown, locale: 'fi' | 'en' = 'fi'): Promise<T> {
  const token = await ssoToken();
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(
      res.status,
      e.code ?? 'HTTP_' + res.status,
      (locale === 'fi' ? e.messageFi : e.message) ?? e.message ?? res.statusText,
    );
  }
  return data as T;
}

/** GETs started before the tab asked for them (see prefetch); the first matching api.get takes one. */
const prefetched = new Map<string, Promise<unknown>>();

/**
 * Starts a GET now, so that it runs while the tab is still rendering; the tab's own api.get of the
 * same path within 15 s gets this response instead of sending another request.
 */
function prefetch(path: string): void {
  if (prefetched.has(path)) return;
  const p = request('GET', path);
  p.catch(() => undefined); // the error reaches whoever consumes it
  prefetched.set(path, p);
  setTimeout(() => {
    if (prefetched.get(path) === p) prefetched.delete(path);
  }, 15_000);
}

function takePrefetched<T>(path: string): Promise<T> | undefined {
  const p = prefetched.get(path);
  if (p) prefetched.delete(path);
  return p as Promise<T> | undefined;
}

export const api = {
  get: <T>(p: string) => takePrefetched<T>(p) ?? request<T>('GET', p),
  post: <T>(p: string, b: unknown) => request<T>('POST', p, b),
  put: <T>(p: string, b: unknown) => request<T>('PUT', p, b),
  patch: <T>(p: string, b: unknown) => request<T>('PATCH', p, b),
  del: (p: string) => request<void>('DELETE', p),
  /** Authenticated download (an <a href> cannot carry the SSO token). */
  async download(p: string, fileName: string): Promise<void> {
    const token = await ssoToken();
    const res = await fetch(`/api/v1${p}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new ApiError(res.status, 'DOWNLOAD_FAILED', res.statusText);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

// The API's shapes come from the server's contract (type-only: no server code or zod in the bundle).
import type { AccountSummary } from '../../../src/tabs-api/contracts/accounts';
export type { AccountSummary, Me } from '../../../src/tabs-api/contracts/accounts';

/** The account a channel tab shows: `?account=` from provisioning, else the channel the tab sits in. */
export async function resolveCustomerId(channelId: string | undefined): Promise<string | null> {
  const fromUrl = new URLSearchParams(window.location.search).get('account');
  if (fromUrl) return fromUrl;
  if (!channelId) return null;
  const { accounts } = await api.get<{ accounts: AccountSummary[] }>('/accounts');
  return accounts.find((a) => a.channelId === channelId)?.id ?? null;
}

/**
 * A tab's HTML names its first data request(s): `<meta name="api-prefetch" content="/accounts/{account}/toc">`.
 * `{account}` comes from `?account=`; without it the tab finds its account in the account list, so that
 * list is fetched instead. `{lastMonth}` is the quality card's opening month (YYYY-MM). Only inside Teams
 * (outside, the tab shows a notice and fetches nothing).
 */
function prefetchDeclared(): void {
  if (window.parent === window) return;
  const account = new URLSearchParams(window.location.search).get('account');
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="api-prefetch"]')) {
    const t = meta.content.replaceAll('{lastMonth}', lastMonth());
    if (!t.includes('{account}')) prefetch(t);
    else prefetch(account ? t.replaceAll('{account}', encodeURIComponent(account)) : '/accounts');
  }
}
prefetchDeclared();
