import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder that holds package.json, found by walking up from this file. The code runs from src/
 * (tsx, jest) and from dist/src/ (`npm run build`, then `node dist/src/server/main.js`): a fixed
 * `../..` would point inside dist/ in the built app, where samples/, standin/, legal/, mappings/ and
 * tabs/dist/ are not copied.
 */
export function findRepoRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '../..');
  }
}

export const REPO_ROOT = findRepoRoot();

/** A path under the repository root, for the files the app ships beside its code. */
export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}
