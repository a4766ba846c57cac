/*
 * A tab's first, small script: it starts the Teams handshake, the SSO token and the tab's declared
 * first API requests (meta api-prefetch) while the tab's own code (React, Fluent UI) still downloads.
 * The tab HTML then imports its main module, whose mountTab reuses this connection.
 */
import { connectToTeams, ssoToken } from './teams';
import './api';

/** Longest wait for the token before the tab's modules are evaluated anyway (a slow or absent host). */
const FIRST_REQUESTS_WAIT_MS = 400;

void connectToTeams();

/**
 * Resolves when the SSO token is in (so the prefetched API requests have been sent), or after
 * FIRST_REQUESTS_WAIT_MS, or at once outside Teams. Evaluating React and Fluent UI takes the page's
 * only thread for hundreds of ms on a slow device; the few short messages of the Teams handshake and
 * the token go first, so the first API request runs while those modules evaluate instead of after.
 */
export function firstRequestsStarted(): Promise<void> {
  if (window.parent === window) return Promise.resolve();
  return Promise.race([
    ssoToken().then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_REQUESTS_WAIT_MS)),
  ]);
}
