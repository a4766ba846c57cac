import type { Browser, Frame } from 'playwright-core';
import { OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, resizeToPhone, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(90_000);

const sectionsShown = (frame: Frame) => frame.locator('main h2.toc-section:not(#contracts-h):not(#template-h)').allTextContents();
const titlesIn = (frame: Frame, section: string) =>
  frame.locator(`section[aria-label="${section}"] [data-item]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));

describe('TOC: a key account director reorders their account\u2019s version', () => {
  let h: TabsHarness;
  let browser: Browser;
  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('moves a section and an item with the keyboard at 1280 px and a button at 360 px; supervisors read the new order', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(OWNER_A) });
    await frame.locator('[data-item]').first().waitFor();
    const before = await sectionsShown(frame);
    expect(before.slice(0, 2)).toEqual(['Kanavan välilehdet', 'Kanavan tiedostot']);
    // No move buttons while reading.
    expect(await frame.getByRole('button', { name: 'Siirrä osio alas: Kanavan välilehdet' }).count()).toBe(0);
    await frame.getByRole('button', { name: 'Muokkaa', exact: true }).click();

    // Keyboard: the first section down, and focus stays on the button that was pressed.
    const down = frame.getByRole('button', { name: 'Siirrä osio alas: Kanavan välilehdet' });
    await down.focus();
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.querySelector('main h2.toc-section:not(#contracts-h)')?.textContent === 'Kanavan tiedostot');
    expect((await sectionsShown(frame)).slice(0, 2)).toEqual(['Kanavan tiedostot', 'Kanavan välilehdet']);
    await frame.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Siirrä osio alas: Kanavan välilehdet');
    // The first section cannot go further up.
    expect(await frame.getByRole('button', { name: 'Siirrä osio ylös: Kanavan tiedostot' }).getAttribute('aria-disabled')).toBe('true');

    const tabsBefore = await titlesIn(frame, 'Kanavan välilehdet');
    await frame.getByRole('button', { name: 'Siirrä ylös: Sisällysluettelo' }).focus();
    await page.keyboard.press('Space');
    await frame.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('section[aria-label="Kanavan välilehdet"] [data-item]')]
          .map((e) => e.getAttribute('data-item'))
          .join() === expected,
      [tabsBefore[0], tabsBefore[2], tabsBefore[1]].join(),
    );
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'toc-order-desktop');

    // On a phone: the buttons are there and work with a tap.
    await resizeToPhone(page, frame);
    await frame.getByRole('button', { name: 'Siirrä osio ylös: Kanavan välilehdet' }).click();
    await frame.waitForFunction(
      () => document.querySelector('main h2.toc-section:not(#contracts-h)')?.textContent === 'Kanavan välilehdet',
    );
    await frame.getByRole('button', { name: 'Siirrä osio alas: Kanavan välilehdet' }).click();
    await frame.waitForFunction(() => document.querySelector('main h2.toc-section:not(#contracts-h)')?.textContent === 'Kanavan tiedostot');
    await screenshot(page, 'toc-order-mobile');
    await page.close();

    // Stored for the account: what a supervisor sees.
    const stored = (await h.db.store.tableOfContents.getOrder('A'))!;
    expect(stored.length).toBeGreaterThan(3);
    const sup = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/toc.html?account=A',
      token: () => h.token(SUPERVISOR_A),
      width: 360,
      height: 740,
      theme: 'default',
    });
    await sup.frame.locator('[data-item]').first().waitFor();
    expect((await sectionsShown(sup.frame)).slice(0, 2)).toEqual(['Kanavan tiedostot', 'Kanavan välilehdet']);
    expect(await titlesIn(sup.frame, 'Kanavan välilehdet')).toEqual([tabsBefore[0], tabsBefore[2], tabsBefore[1]]);
    expect(await sup.frame.getByRole('button', { name: /Siirrä/ }).count()).toBe(0);
    await screenshot(sup.page, 'toc-order-supervisor-light-mobile');
    await sup.page.close();

    // Back to the template's order.
    const again = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(OWNER_A) });
    await again.frame.getByRole('button', { name: 'Muokkaa', exact: true }).click();
    await again.frame.getByRole('button', { name: 'Palauta mallin järjestys' }).click();
    await again.frame.waitForFunction(
      () => document.querySelector('main h2.toc-section:not(#contracts-h)')?.textContent === 'Kanavan välilehdet',
    );
    expect(await h.db.store.tableOfContents.getOrder('A')).toBeNull();
    await again.page.close();
  });
});
