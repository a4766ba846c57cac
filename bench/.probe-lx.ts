import fs from 'node:fs';
import { startTabsHarness, DIRECTOR } from '../tests/tabs/harness';
import { launchBrowser, openTab } from '../tests/browser/browser-harness';
(async () => {
  const h = await startTabsHarness('sqlite', { tabsDir: process.env.TABS_DIST });
  const b = await launchBrowser();
  const tok = await h.token(DIRECTOR);
  const tab = process.env.TAB ?? 'annual-clock.html?account=A';
  const sel = process.env.SEL ?? 'svg.wheel-svg g.marker';
  // warm server (seeding)
  await h.call('GET', '/api/v1/accounts/A/clock?yearStart=1', { as: DIRECTOR });
  for (let i = 0; i < Number(process.env.N ?? 2); i++) {
    const orig = b.newPage.bind(b);
    (b as any).newPage = async (o: any) => { const p = await orig(o); await b.startTracing(p, { path: `/tmp/lx-tabs/trace-${i}.json`, categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] }); return p; };
    const { page, frame } = await openTab(b, { baseUrl: h.url, tab: '/tabs/' + tab, token: () => h.token(DIRECTOR), extra: { token: tok } });
    await frame.waitForSelector(sel, { state: 'attached' });
    console.log('run', i, await frame.evaluate(() => Math.round(performance.now())));
    await b.stopTracing();
    (b as any).newPage = orig;
    await page.context().close();
  }
  await b.close(); await h.close();
})();
