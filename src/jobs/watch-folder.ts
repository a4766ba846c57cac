import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../ports/logger';

export interface FolderWatchOptions {
  dir: string;
  logger: Logger;
  /** Called once per new, fully written export file. */
  onFile(file: string): Promise<unknown>;
  /** How long a file's size must stay the same before it counts as written (ms). */
  settleMs?: number;
  pollMs?: number;
}

const EXPORT = /\.(csv|txt|xlsx|json)$/i;

/**
 * Triggers a sync when a new billing export lands in a folder (e.g. an SFTP drop). Polls instead of
 * fs.watch so it also works on network shares; a file is taken once its size has settled, so a
 * half-copied export is never read. Files present at start are treated as already seen.
 */
export function watchFolder(o: FolderWatchOptions): { stop(): void } {
  const log = o.logger.child('watch-folder');
  const settleMs = o.settleMs ?? 5_000;
  const seen = new Set<string>();
  const pending = new Map<string, { size: number; since: number }>();
  const list = () => (fs.existsSync(o.dir) ? fs.readdirSync(o.dir).filter((f) => EXPORT.test(f)) : []);
  for (const f of list()) seen.add(f);
  let busy = false;

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = Date.now();
      for (const f of list()) {
        if (seen.has(f)) continue;
        const size = fs.statSync(path.join(o.dir, f)).size;
        const p = pending.get(f);
        if (!p || p.size !== size) {
          pending.set(f, { size, since: now });
          continue;
        }
        if (now - p.since < settleMs) continue;
        seen.add(f);
        pending.delete(f);
        log.info({ file: f }, 'new billing export found');
        await o
          .onFile(path.join(o.dir, f))
          .catch((err) => log.error({ file: f, err: (err as Error).message }, 'sync of dropped file failed'));
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), o.pollMs ?? 2_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
