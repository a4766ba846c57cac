import pino from 'pino';
import type { Logger } from '../ports/logger';

// Anything that can carry a credential is redacted, wherever it sits in the logged object.
const REDACT_PATHS = [
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

/**
 * Children are made from the root logger with every binding so far in one object: pino writes a key
 * once per child level, so a child of a child would repeat `component`. It nests as "messaging.outbox".
 */
function wrap(p: pino.Logger, root: pino.Logger = p, bindings: Record<string, unknown> = {}): Logger {
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
    child: (name, more = {}) => {
      const next = { ...bindings, ...more, component: typeof bindings.component === 'string' ? `${bindings.component}.${name}` : name };
      return wrap(root.child(next), root, next);
    },
  };
}

export interface LoggerOptions {
  level?: string;
  /** Destination stream; defaults to stdout. Tests pass a memory stream. */
  destination?: pino.DestinationStream;
  /** Readable lines (pino-pretty, a development dependency) instead of JSON; ignored when it is not installed. */
  pretty?: boolean;
}

/** pino-pretty as a synchronous stream: one coloured line per entry, with its fields after the message. */
function prettyStream(destination: pino.DestinationStream | undefined): pino.DestinationStream | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (o: Record<string, unknown>) => pino.DestinationStream;
    return pretty({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,app',
      singleLine: true,
      sync: true,
      destination: destination ?? 1,
    });
  } catch {
    return undefined;
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const p = pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { app: 'account-channels' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    (options.pretty && prettyStream(options.destination)) || options.destination,
  );
  return wrap(p);
}

/** A logger that drops everything; handy default for tests. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
