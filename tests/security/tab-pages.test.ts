/**
 * Issue 10: the tab pages carry a Content-Security-Policy: framing only by the documented Teams and
 * Microsoft 365 hosts (plus TAB_FRAME_ANCESTORS), scripts only from files on the app's origin, and
 * no page has an inline script. Served by the real server from the real tabs build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../src/logging/logger';
import { createServer } from '../../src/server/create-server';
import { TEAMS_FRAME_ANCESTORS } from '../../src/server/tab-csp';
import { ROOT, startTabsHarness, type TabsHarness } from '../tabs/harness';

const DIST = path.join(ROOT, 'tabs/dist');
const PAGES = ['accounts', 'annual-clock', 'config', 'quality-card', 'toc'];
const inlineScripts = (html: string) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs, body]) => !/\bsrc=/.test(attrs!) || body!.trim() !== '');

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

describe('tab pages and their Content-Security-Policy', () => {
  it('the tabs’ source HTML has no inline script and no inline event handler', () => {
    for (const p of PAGES) {
      const html = fs.readFileSync(path.join(ROOT, 'tabs', `${p}.html`), 'utf8');
      expect([p, inlineScripts(html).length]).toEqual([p, 0]);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  const built = fs.existsSync(path.join(DIST, 'toc.html'));
  (built ? describe : describe.skip)('served pages (needs the tabs build)', () => {
    let h: TabsHarness;
    beforeAll(async () => {
      h = await startTabsHarness('sqlite', { tabsDir: DIST, env: { TAB_FRAME_ANCESTORS: "'self' https://intra.yritysx.example" } });
    });
    afterAll(async () => {
      await h?.close();
    });

    it.each(PAGES)('%s.html: CSP with the Teams/M365 frame ancestors and configured extras, no inline script', async (p) => {
      const res = await fetch(`${h.url}/tabs/${p}.html`);
      expect(res.status).toBe(200);
      const d = directives(res.headers.get('content-security-policy') ?? '');
      expect(d['frame-ancestors']).toEqual([...TEAMS_FRAME_ANCESTORS, "'self'", 'https://intra.yritysx.example']);
      expect(d['script-src']).toEqual(["'self'"]);
      expect(d['object-src']).toEqual(["'none'"]);
      expect(d['default-src']).toEqual(["'self'"]);
      expect(inlineScripts(await res.text())).toEqual([]);
    });

    it('without configured extras only the documented hosts may frame the tabs', async () => {
      const server = createServer({ logger: silentLogger, ping: async () => undefined, tabsDir: DIST });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/tabs/toc.html`);
        expect(directives(res.headers.get('content-security-policy') ?? '')['frame-ancestors']).toEqual([...TEAMS_FRAME_ANCESTORS]);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});
