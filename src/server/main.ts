import { loadConfig } from '../config/load-config';
import { stopOnFatal } from '../logging/fatal';
import { createLogger } from '../logging/logger';
import { AppError } from '../errors/app-error';
import { startApp } from './app';

/** Process entry point: config -> app; SIGTERM/SIGINT finish in-flight work before exiting. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({
    level: config.LOG_LEVEL,
    pretty: config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY === true),
  });
  // Handlers go in before start-up finishes: the server logs "listening" before the jobs have
  // started, and a SIGTERM in that window must still shut down cleanly rather than kill the process.
  const starting = startApp(config, { logger });
  // An unhandled rejection or exception: one redacted line, the server and store closed, exit 1.
  stopOnFatal({
    report: (kind, message) => logger.error({ kind }, `stopping: ${message}`),
    close: () => starting.then((app) => app.close(2_000)),
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    starting
      .then((app) => app.close())
      .then(
        () => process.exit(0),
        (err) => {
          logger.error({ err: AppError.from(err).message }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await starting;
}

main().catch((err) => {
  process.stderr.write(`start-up failed: ${AppError.from(err).message}\n`);
  process.exit(1);
});
