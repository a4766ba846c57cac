import fs from 'node:fs';
import path from 'node:path';
import type { EmulatorState } from './types';

type Saved = EmulatorState & { groups?: Record<string, string[]> };

/** The saved tenant, or undefined when there is none (or it cannot be read: then the emulator starts afresh). */
export function readSavedState(file: string): Saved | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Saved;
    return Array.isArray(s.users) && Array.isArray(s.teams) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a tenant. */
export function writeSavedState(file: string, state: Saved): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}
