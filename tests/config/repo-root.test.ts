import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findRepoRoot, REPO_ROOT, repoPath } from '../../src/config/repo-root';

describe('repo root', () => {
  it('is the folder with package.json, also when the code runs from dist/src/server', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-root-'));
    const built = path.join(root, 'dist', 'src', 'server');
    fs.mkdirSync(built, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    expect(findRepoRoot(built)).toBe(root);
    expect(findRepoRoot(path.join(root, 'src', 'config'))).toBe(root);
    fs.rmSync(root, { recursive: true });
  });

  it('finds the shipped files the server serves', () => {
    expect(REPO_ROOT).toBe(path.resolve(__dirname, '../..'));
    for (const file of [['legal', 'privacy.html'], ['standin'], ['mappings', 'canonical.json'], ['samples', 'billing']]) {
      expect(fs.existsSync(repoPath(...file))).toBe(true);
    }
  });
});
