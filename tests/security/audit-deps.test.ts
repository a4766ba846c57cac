/** The offline half of `npm run audit:deps`: version ranges and the lock-file scan. */
import fs from 'node:fs';
import path from 'node:path';
import { lockFindings, satisfies, type Advisory } from '../../scripts/audit-deps';

const ROOT = path.resolve(__dirname, '../..');

describe('dependency advisory check', () => {
  it.each([
    ['4.0.3', '<2.5.4 || >=3.0.0 <3.0.4 || >=4.0.0 <4.0.4', true],
    ['4.0.4', '<2.5.4 || >=3.0.0 <3.0.4 || >=4.0.0 <4.0.4', false],
    ['2.5.3', '<2.5.4 || >=3.0.0 <3.0.4', true],
    ['7.5.9', '>=7.0.0 <7.5.10', true],
    ['7.5.10', '>=7.0.0 <7.5.10', false],
    ['4.4.2', '=4.4.2', true],
    ['4.4.3', '=4.4.2', false],
    ['1.0.0-beta.1', '<1.0.1', true],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('finds vulnerable entries in a lock, production only unless asked', () => {
    const advisories: Advisory[] = [{ package: 'ws', vulnerable: '>=7.0.0 <7.5.10', severity: 'high', title: 't' }];
    const lock = {
      packages: {
        '': {},
        'node_modules/ws': { version: '7.5.9' },
        'node_modules/a/node_modules/ws': { version: '7.5.1', dev: true },
        'node_modules/wss': { version: '7.0.0' },
      },
    };
    expect(lockFindings(lock, advisories, { dev: false }).map((f) => f.where)).toEqual(['node_modules/ws']);
    expect(lockFindings(lock, advisories, { dev: true }).map((f) => f.where)).toEqual([
      'node_modules/ws',
      'node_modules/a/node_modules/ws',
    ]);
  });

  it('this repository’s lock has no entry of the reviewed list (development dependencies included)', () => {
    const list = JSON.parse(fs.readFileSync(path.join(ROOT, 'security/known-advisories.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lockFindings(lock, list.advisories, { dev: true })).toEqual([]);
  });
});
