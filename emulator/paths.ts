import path from 'node:path';

/** `<repo>/.emulator`, independent of the current directory, so every process trusts the same CA. */
export function defaultStateDir(): string {
  return path.resolve(__dirname, '..', '.emulator');
}
