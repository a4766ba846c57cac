import { app, authentication } from '@microsoft/teams-js';

export type Locale = 'fi' | 'en';
export type ThemeName = 'default' | 'dark' | 'contrast';

export interface TeamsEnv {
  context: app.Context;
  locale: Locale;
  theme: ThemeName;
}

/** Teams hosts the tab in an iframe; initialize never answers anywhere else, so we stop waiting. */
const INIT_TIMEOUT_MS = 5000;

function localeOf(tag: string | undefined): Locale {
  return (tag ?? '').toLowerCase().startsWith('en') ? 'en' : 'fi';
}

function themeOf(name: string | undefined): ThemeName {
  return name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'default';
}

/** Named timing points (`tab:*`) that bench/tabs.ts reads to show where a cold load spends its time. */
export function mark(name: string): void {
  performance.mark?.(`tab:${name}`);
}

// getAuthToken throws before initialize has been answered; an early request (prefetch) waits for it.
let markInitialized: () => void = () => undefined;
const initialized = new Promise<void>((resolve) => (markInitialized = resolve));

let connecting: Promise<TeamsEnv | null> | undefined;

/** Resolves null outside Teams (no parent frame, or the host does not answer in time). Connects once per page. */
export function connectToTeams(timeoutMs = INIT_TIMEOUT_MS): Promise<TeamsEnv | null> {
  connecting ??= connect(timeoutMs);
  return connecting;
}

async function connect(timeoutMs: number): Promise<TeamsEnv | null> {
  if (window.parent === window) return null;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  const connect = (async () => {
    // Our own origin is trusted anyway; listing it lets a same-origin test host talk to the tab.
    await app.initialize([window.location.origin]);
    mark('teams-init');
    markInitialized();
    // Ask for the SSO token while the context comes back: the first API call needs it anyway.
    void ssoToken().catch(() => undefined);
    const context = await app.getContext();
    mark('teams-context');
    return { context, locale: localeOf(context.app.locale), theme: themeOf(context.app.theme) };
  })().catch(() => null);
  return Promise.race([connect, timeout]);
}

export function onThemeChange(handler: (theme: ThemeName) => void): void {
  app.registerOnThemeChangeHandler((t) => handler(themeOf(t)));
}

export function notifyLoaded(): void {
  void app.notifySuccess().catch(() => undefined);
}

/** Cached until shortly before expiry, so a busy tab does not ask Teams for each call. */
let cached: { token: string; exp: number } | undefined;
let inFlight: Promise<string> | undefined;
export function ssoToken(): Promise<string> {
  if (cached && cached.exp - 120 > Date.now() / 1000) return Promise.resolve(cached.token);
  inFlight ??= fetchToken().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function fetchToken(): Promise<string> {
  await initialized;
  const token = await authentication.getAuthToken();
  mark('sso-token');
  let exp = Date.now() / 1000 + 300;
  try {
    exp = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp ?? exp;
  } catch {
    /* opaque token: keep the short default */
  }
  cached = { token, exp };
  return token;
}

export function openExternal(url: string): void {
  void app.openLink(url).catch(() => window.open(url, '_blank', 'noopener'));
}
