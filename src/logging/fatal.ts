import { AppError } from '../errors/app-error';
import { scrubSecrets } from './logger';

export type FatalKind = 'unhandledRejection' | 'uncaughtException';

export interface FatalOptions {
  /** Writes the one line about the failure (the server logs it; a CLI prints it to stderr). */
  report(kind: FatalKind, message: string): void;
  /** Closes what is open (the server, the store); bounded by `closeTimeoutMs`. */
  close?: () => Promise<void>;
  closeTimeoutMs?: number;
}

/** The failure's message on one line, with tokens masked: it may quote a header or a URL. */
function fatalMessage(err: unknown): string {
  const e = AppError.from(err);
  return scrubSecrets(`${e.code}: ${e.message}`).replace(/\s*\n\s*/g, ' ');
}

/**
 * A promise nobody awaited rejected, or an exception escaped every handler: what the process holds is
 * no longer known to be sound. Report one redacted line, close what is open and exit 1, so the host
 * (App Service, a scheduler) starts a clean process. A second failure while closing changes nothing.
 */
export function stopOnFatal(options: FatalOptions): void {
  let stopping = false;
  const stop = (kind: FatalKind) => (err: unknown) => {
    if (stopping) return;
    stopping = true;
    options.report(kind, fatalMessage(err));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.closeTimeoutMs ?? 10_000).unref());
    const closed = options.close ? options.close().catch(() => undefined) : Promise.resolve();
    void Promise.race([closed, timeout]).then(() => exitWhenFlushed(1));
  };
  process.on('unhandledRejection', stop('unhandledRejection'));
  process.on('uncaughtException', stop('uncaughtException'));
}

/** Exits once stdout and stderr have taken what was written (a report, a long plan piped on), so nothing is cut off. */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
