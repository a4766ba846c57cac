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
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, (locale === 'fi' ? e.messageFi : e.message) ?? e.message ?? res.statusText);
  }
  return data as T;
}

export const api = {
  get: <T>(p: string) => request<T>('GET', p),
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

export interface AccountSummary {
  id: string;
  name: string;
  national: boolean;
  ownerEmail: string | null;
  ownerName: string | null;
  siteCount: number;
  regions: string[];
  channelId: string | null;
  channelName: string | null;
  deepLink: string | null;
  isOwner: boolean;
}

export interface Me {
  oid: string;
  email: string;
  name: string;
  director: boolean;
  admin: boolean;
  today: string;
}

/** The account a channel tab shows: `?account=` from provisioning, else the channel the tab sits in. */
export async function resolveAccountId(channelId: string | undefined): Promise<string | null> {
  const fromUrl = new URLSearchParams(window.location.search).get('account');
  if (fromUrl) return fromUrl;
  if (!channelId) return null;
  const { accounts } = await api.get<{ accounts: AccountSummary[] }>('/accounts');
  return accounts.find((a) => a.channelId === channelId)?.id ?? null;
}
