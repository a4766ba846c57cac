import type { SyncStatus } from './summary';

/**
 * What a scheduler can act on: 0 done; 1 failure (retry later, look at the log); 2 input rejected
 * (fix the export; nothing changed); 3 held by the guard (approve or fix); 4 partial (something
 * failed, the rest is done: run again); 5 refused, another run holds the lease (try later).
 */
export const EXIT_CODES = {
  done: 0,
  failed: 1,
  rejected: 2,
  held: 3,
  partial: 4,
  refused: 5,
} as const;

export type SyncExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export function exitCodeFor(status: SyncStatus, held = false): SyncExitCode {
  if (status === 'dry-run') return held ? EXIT_CODES.held : EXIT_CODES.done;
  return EXIT_CODES[status];
}
