/**
 * Tab benchmarks (prints figures, asserts nothing). Needs a fresh `tabs/dist` and the emulator CA:
 *   npx vite build --config tabs/vite.config.ts
 *   npx tsx emulator/ensure-ca.ts && NODE_EXTRA_CA_CERTS=$PWD/.emulator/ca.pem npx tsx bench/tabs.ts [--clients 50] [--requests 20] [--runs 5]
 * 1. JavaScript shipped per tab, gzipped (shared chunks counted once in the total). Target ≤ 300 kB per tab.
 * 2. Cold load of each tab on loopback in headless chromium inside the test Teams host, to first
 *    rendered content (teams-js handshake + SSO token + API call included). Target ≤ 1 s.
 * 3. Tab API latency at N concurrent clients (GET clock view, accounts list). Target p95 ≤ 50 ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { OWNER_A, DIRECTOR, startTabsHarness } from '../tests/tabs/harness';
import { launchBrowser, openTab, TABS_DIST } from '../tests/browser/browser-harness';

const arg = (name: string, def: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : def);
const CLIENTS = arg('--clients', 50);
const REQUESTS = arg('--requests', 20);
const RUNS = arg('--runs', 5);
const PAGES = ['annual-clock', 'quality-card', 'toc', 'accounts', 'config'];
const READY: Record<string, string> = { 'annual-clock': 'svg.wheel-svg g.marker', 'quality-card': 'tr[data-kpi]', toc: 'h1', accounts: '[data-account]', config: 'input[type="radio"]' };

function jsOfPage(page: string): string[] {
  const html = fs.readFileSync(path.join(TABS_DIST, `${page}.html`), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/tabs\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
}

function gz(file: string): number {
  return zlib.gzipSync(fs.readFileSync(path.join(TABS_DIST, file)), { level: 9 }).length;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main() {
  console.log('1. JavaScript per tab (gzip -9)');
  const all = new Set<string>();
  for (const p of PAGES) {
    const files = jsOfPage(p);
    files.forEach((f) => all.add(f));
    console.log(`   ${p.padEnd(13)} ${(files.reduce((n, f) => n + gz(f), 0) / 1024).toFixed(1).padStart(7)} kB in ${files.length} files`);
  }
  console.log(`   all tabs, shared chunks once: ${([...all].reduce((n, f) => n + gz(f), 0) / 1024).toFixed(1)} kB`);

  const h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
  const browser = await launchBrowser();
  try {
    console.log(`\n2. Cold load (new browser context, empty cache) to first rendered content, median / max of ${RUNS} runs, ms`);
    console.log('   "tab" = from the tab frame\'s navigation start (what a user waits for once Teams opens the tab);');
    console.log('   "with host" = also loading the test host page; the host answers getAuthToken from a cached token, as Teams does');
    const cachedToken = await h.token(DIRECTOR);
    for (const p of PAGES) {
      const inFrame: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = Date.now();
        const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: `/tabs/${p}.html${p === 'accounts' || p === 'config' ? '' : '?account=A'}`, token: () => h.token(DIRECTOR), extra: { token: cachedToken } });
        await frame.waitForSelector(READY[p], { state: 'attached', timeout: 15000 });
        total.push(Date.now() - started);
        inFrame.push(Math.round(await frame.evaluate(() => performance.now())));
        await page.context().close();
      }
      console.log(`   ${p.padEnd(13)} tab ${String(pct(inFrame, 50)).padStart(5)} / ${String(Math.max(...inFrame)).padStart(5)}    with host ${String(pct(total, 50)).padStart(5)} / ${Math.max(...total)}`);
    }

    console.log(`\n3. Tab API latency, ${CLIENTS} concurrent clients × ${REQUESTS} requests (ms)`);
    const token = await h.token(OWNER_A);
    for (const p of ['/api/v1/accounts/A/clock?year=2026', '/api/v1/accounts', '/api/v1/accounts/A/quality/2026-04']) {
      await fetch(h.url + p, { headers: { authorization: `Bearer ${token}` } }); // warm-up: JWKS, default event set
      const lat: number[] = [];
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < REQUESTS; i++) {
            const t0 = performance.now();
            const r = await fetch(h.url + p, { headers: { authorization: `Bearer ${token}` } });
            await r.arrayBuffer();
            if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
            lat.push(performance.now() - t0);
          }
        }),
      );
      const secs = (Date.now() - started) / 1000;
      console.log(`   ${p.padEnd(40)} p50 ${pct(lat, 50).toFixed(1).padStart(6)}  p95 ${pct(lat, 95).toFixed(1).padStart(6)}  max ${Math.max(...lat).toFixed(1).padStart(6)}  ${(lat.length / secs).toFixed(0)} req/s`);
    }
  } finally {
    await browser.close();
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
