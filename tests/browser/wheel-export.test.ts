import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Frame } from 'playwright-core';
import { OWNER_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, screenshot, SCREENSHOT_DIR, TABS_DIST } from './browser-harness';

jest.setTimeout(90_000);

/** Width and height from the PNG's IHDR chunk, after checking the signature. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const visible = (frame: Frame, name: string) => frame.getByRole('button', { name, exact: true }).isVisible();

describe('annual clock: PNG download and print layout', () => {
  let h: TabsHarness;
  let browser: Browser;
  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    browser = await launchBrowser();
    // The first view seeds the default events; then an event that lasts six weeks: an arc on the management ring, on screen, in the PNG and in print.
    await h.call('GET', '/api/v1/accounts/A/clock', { as: OWNER_A });
    const budget = await h.call('POST', '/api/v1/accounts/A/clock/events', {
      as: OWNER_A,
      body: { title: 'Budjettikierros', ring: 'management', start: '2026-09-01', recurrence: { kind: 'yearly' }, durationDays: 42 },
    });
    expect(budget.status).toBe(201);
    budgetId = budget.body.id;
  });
  let budgetId: string;
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('downloads the wheel as a PNG named after the account and year, with the wheel actually drawn', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
    });
    await frame.waitForSelector('svg.wheel-svg g.marker');
    const arc = frame.getByTestId(`arc-${budgetId}-2026-09-01`);
    expect(await arc.isVisible()).toBe(true);
    // The arc spans September 1st to October 12th: about 41° of the wheel.
    const box = (await arc.boundingBox())!;
    expect(box.height).toBeGreaterThan(60);
    const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name: 'Lataa kuva (PNG)' }).click()]);
    expect(download.suggestedFilename()).toBe('vuosikello-aaninen-oy-2026.png');
    const file = path.join(SCREENSHOT_DIR, 'annual-clock-export.png');
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await download.saveAs(file);
    const png = fs.readFileSync(file);
    const { width, height } = pngSize(png);
    // A 720 px wheel with margins, title and legend, at twice the CSS pixels.
    expect(width).toBe((720 + 48) * 2);
    expect(height).toBeGreaterThan(width);
    expect(height).toBeLessThan(width * 1.3);

    // Decode it in the browser: many colours, the ring colour of the markers, the month band, and no blank area.
    const stats = await page.evaluate(
      async (dataUrl) => {
        const img = new Image();
        img.src = dataUrl;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        const colours = new Set<number>();
        const bg = [data[0], data[1], data[2]];
        let differs = 0;
        let ring = 0;
        let opaque = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
          colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
          if (a === 255) opaque++;
          if (Math.abs(r - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(b - bg[2]!) > 30) differs++;
          if (Math.abs(r - 0x0f) + Math.abs(g - 0x6c) + Math.abs(b - 0xbd) < 30) ring++;
        }
        const px = data.length / 4;
        return { colours: colours.size, differs: differs / px, ring, opaque: opaque / px, bg };
      },
      `data:image/png;base64,${png.toString('base64')}`,
    );
    expect(stats.opaque).toBe(1);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.differs).toBeGreaterThan(0.08);
    expect(stats.ring).toBeGreaterThan(200);
    // Dark theme in the host: the picture keeps the theme's background, so its light text stays readable.
    expect(stats.bg.reduce((s, v) => s + v!, 0)).toBeLessThan(3 * 80);
    await page.close();
  });

  it('prints the wheel and the whole year’s agenda on white, without buttons or toggles', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
      height: 1400,
    });
    await frame.waitForSelector('svg.wheel-svg g.marker');
    expect(await frame.getByTestId('print-agenda').isVisible()).toBe(false);
    expect(await visible(frame, 'Tulosta / PDF')).toBe(true);

    await page.emulateMedia({ media: 'print' });
    for (const name of ['Tulosta / PDF', 'Lataa kuva (PNG)', 'Lataa kalenteri (.ics)', 'Lisää tapahtuma', 'Edellinen vuosi'])
      expect([name, await visible(frame, name)]).toEqual([name, false]);
    expect(await frame.getByRole('tab', { name: 'Kello' }).isVisible()).toBe(false);
    expect(await frame.locator('.details').isVisible()).toBe(false);
    expect(await frame.locator('svg.wheel-svg').first().isVisible()).toBe(true);
    expect(await frame.getByTestId(`arc-${budgetId}-2026-09-01`).first().isVisible()).toBe(true);
    expect(await frame.getByTestId('print-agenda').textContent()).toContain('1.9.–12.10.');
    expect(await frame.locator('h1').textContent()).toBe('Vuosikello – Ääninen Oy 2026');
    const agenda = frame.getByTestId('print-agenda');
    expect(await agenda.isVisible()).toBe(true);
    // Every month of the year, past ones too, with status words instead of checkboxes.
    expect(await agenda.locator('h2').count()).toBe(12);
    expect(await agenda.locator('input[type="checkbox"]').count()).toBe(0);
    expect(await agenda.textContent()).toMatch(/Myöhässä/);
    const paper = await frame.evaluate(() => getComputedStyle(document.querySelector('[data-theme]')!).backgroundColor);
    expect(paper).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'annual-clock-print');

    // The list view prints the same way: the wheel comes back, the interactive list goes.
    await page.emulateMedia({ media: 'screen' });
    await frame.getByRole('tab', { name: 'Lista' }).click();
    await frame.locator('li.agenda-item').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await frame.locator('li.agenda-item').first().isVisible()).toBe(false);
    expect(await frame.locator('.print-only svg.wheel-svg').isVisible()).toBe(true);
    expect(await agenda.isVisible()).toBe(true);
    await page.close();
  });
});
