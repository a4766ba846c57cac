import fs from 'node:fs';
import path from 'node:path';
import { createServer } from '../../src/server/create-server';
import { legalPages } from '../../src/server/legal-pages';
import { silentLogger } from '../../src/logging/logger';

const ROOT = path.resolve(__dirname, '../..');

describe('privacy statement and terms of use', () => {
  it('are served at the paths the manifest names, in Finnish and English', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest/manifest.json'), 'utf8'));
    const paths = [manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl].map((u: string) =>
      u.replace(/^https:\/\/\$\{\{TAB_DOMAIN\}\}/, ''),
    );
    expect(paths).toEqual(['/privacy.html', '/terms.html']);
    const server = createServer({ logger: silentLogger, ping: async () => undefined, api: legalPages() });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      for (const [p, fi, en] of [
        [paths[0], 'Tietosuojaseloste', 'Privacy statement'],
        [paths[1], 'Käyttöehdot', 'Terms of use'],
      ] as const) {
        const r = await fetch(`${base}${p}`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toContain('text/html');
        const html = await r.text();
        expect(html).toContain(fi);
        expect(html).toContain(en);
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
