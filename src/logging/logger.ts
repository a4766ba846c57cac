import pino from 'pino';
import type { Logger } from '../ports/logger';

// Anything that can carry a credential is redacted, wherever it sits in the logged object.
export const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'access_token',
  '*.access_token',
  'token',
  '*.token',
  'client_secret',
  '*.client_secret',
  'password',
  '*.password',
  'secret',
  '*.secret',
];

const SECRET_LIKE = /(Bearer\s+)[A-Za-z0-9\-_.~+/=]+|(eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)/g;

/** Masks bearer tokens and JWTs that slip into free-text messages. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_LIKE, (_m, bearer) => (bearer ? `${bearer}[REDACTED]` : '[REDACTED-JWT]'));
}

function wrap(p: pino.Logger): Logger {
  const call = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (obj: object | string, msg?: string) => {
    if (typeof obj === 'string') p[level](scrubSecrets(obj));
    else p[level](obj, msg === undefined ? undefined : scrubSecrets(msg));
  };
  return {
    trace: call('trace'),
    debug: call('debug'),
    info: call('info'),
    warn: call('warn'),
    error: call('error'),
    child: (name, bindings = {}) => wrap(p.child({ component: name, ...bindings })),
  };
}

export interface LoggerOptions {
  level?: string;
  /** Destination stream; defaults to stdout. Tests pass a memory stream. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const p = pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { app: 'account-channels' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
  return wrap(p);
}

/** A logger that drops everything; handy default for tests. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
