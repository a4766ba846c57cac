import { OWNER_A, startTabsHarness } from '../tabs/harness';
import { launchBrowser, openTab, TABS_DIST } from './browser-harness';
(async () => {
  const h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
  const b = await launchBrowser();
  const { page, frame } = await openTab(b, { baseUrl: h.url, tab: process.argv[2] ?? '/tabs/annual-clock.html?account=A', token: () => h.token(OWNER_A), width: Number(process.argv[3] ?? 1280) });
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  page.on('requestfailed', (r) => console.log('failed:', r.url()));
  page.on('response', (r) => { if (r.status() >= 400) console.log('http', r.status(), r.url()); });
  const t0 = Date.now(); await frame.waitForSelector(process.argv[4] ?? 'svg.wheel-svg g.marker', { state: 'attached', timeout: 15000 }).catch((e) => console.log('wait failed', e.message.slice(0, 200))); console.log('waited', Date.now() - t0);
  console.log('calls', await page.evaluate(() => (window as any).__host.calls));
  console.log((await frame.content()).slice(0, 1500));
  await page.screenshot({ path: '/tmp/debug.png' });
  await b.close();
  await h.close();
})();
