import fs from 'node:fs';
import path from 'node:path';
import { configurationDoc } from '../../src/config/config-doc';
import { configSchema } from '../../src/config/schema';

describe('docs/configuration.md', () => {
  it('matches the configuration schema (run `npm run docs:config` after changing a key)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../docs/configuration.md'), 'utf8');
    expect(committed).toBe(configurationDoc());
  });

  it('lists every key once, with what it means', () => {
    const doc = configurationDoc();
    for (const key of Object.keys(configSchema.shape)) {
      const rows = doc.split('\n').filter((l) => l.startsWith(`| \`${key}\``));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.split(' | ')[3]!.replace(/ \|$/, '').trim()).not.toBe('');
    }
    expect(doc).toMatch(/\| `AAD_APP_TENANT_ID` \| \*\*required\*\* \|/);
    expect(doc).toMatch(/\| `PORT` \| `3978` \| whole number 0–65535 \|/);
  });
});
