import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { AppError } from '../src/errors/app-error';
import type { Logger } from '../src/ports/logger';

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphAuthOptions {
  /** e.g. https://login.microsoftonline.com or the local emulator's https://localhost:PORT */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  logger: Logger;
  /** Defaults to Graph's `.default`; the token's audience stays Graph even against an emulator. */
  scope?: string;
}

export interface GraphAuth {
  getAccessToken(): Promise<string>;
  /** Token requests that actually went to the authority (cache hits excluded). */
  tokenRequests(): number;
}

/**
 * Client-credentials auth with ONE MSAL app (its in-memory cache serves repeat calls).
 * The authority host goes into `knownAuthorities` so MSAL trusts a non-Microsoft host (a local
 * HTTPS emulator) instead of running instance discovery against login.microsoftonline.com.
 */
export function createGraphAuth(opts: GraphAuthOptions): GraphAuth {
  const host = new URL(opts.authorityHost);
  const authority = `${opts.authorityHost.replace(/\/+$/, '')}/${opts.tenantId}`;
  const log = opts.logger.child('graph-auth');
  const scope = opts.scope ?? GRAPH_DEFAULT_SCOPE;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      authority,
      knownAuthorities: [host.host],
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (level <= LogLevel.Error) log.warn({ msal: message }, 'msal');
          else log.debug({ msal: message }, 'msal');
        },
      },
    },
  });

  let networkRequests = 0;
  // Callers that start together share one acquisition, so a cold start costs one token request.
  let inFlight: Promise<string> | undefined;

  async function acquire(): Promise<string> {
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
      if (!result?.accessToken) throw new AppError('UPSTREAM', `The authority ${authority} returned no access token`);
      if (!result.fromCache) {
        networkRequests++;
        log.debug({ expiresOn: result.expiresOn?.toISOString() }, 'acquired Graph token');
      }
      return result.accessToken;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw authError(e, authority, opts.clientId);
    }
  }

  return {
    getAccessToken() {
      if (!inFlight)
        inFlight = acquire().finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    tokenRequests: () => networkRequests,
  };
}

function authError(e: unknown, authority: string, clientId: string): AppError {
  const err = e as { errorCode?: string; errorMessage?: string; subError?: string; message?: string };
  const errorCode = err?.errorCode ?? 'unknown';
  const detail = (err?.errorMessage || err?.message || String(e)).split('\n')[0]!.slice(0, 300);
  const rejected =
    ['invalid_client', 'unauthorized_client', 'invalid_request'].includes(errorCode) ||
    /AADSTS7000215|AADSTS700016|AADSTS90002/.test(detail);
  if (rejected) {
    return new AppError(
      'UNAUTHENTICATED',
      `Could not get a Microsoft Graph token from ${authority}: the authority rejected client id ${clientId} or its secret (${errorCode}: ${detail}). ` +
        'Check AAD_APP_TENANT_ID, AAD_APP_CLIENT_ID and SECRET_AAD_APP_CLIENT_SECRET.',
      { details: { authority, clientId, errorCode }, cause: e },
    );
  }
  return new AppError(
    'UPSTREAM',
    `Could not get a Microsoft Graph token from ${authority} (${errorCode}: ${detail}). Check AZURE_AUTHORITY_HOST and network/TLS trust.`,
    {
      details: { authority, clientId, errorCode },
      cause: e,
    },
  );
}
