import type { Browser } from 'playwright-core';
import { OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, resizeToPhone, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(90_000);

describe('TOC tab: the owner’s onboarding view', () => {
  let h: TabsHarness;
  let browser: Browser;
  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    const s = h.db.store;
    await s.desiredMemberships.replaceForAccount('A', [
      { email: OWNER_A, role: 'owner', reasons: [{ kind: 'key_account_director' }] },
      { email: SUPERVISOR_A, role: 'member', reasons: [{ kind: 'site', siteId: 'A1', siteName: 'Kohde', role: 'supervisor', line: 2 }] },
    ]);
    await s.tableOfContents.saveItem({ id: 'rules', section: 'Asiakas', title: 'Asiakkaan säännöt', sortOrder: 1 }, 'admin');
    await s.tableOfContents.saveItem({ id: 'keys', section: 'Asiakas', title: 'Avaimet ja hälytykset', sortOrder: 2 }, 'admin');
    await s.onboarding.setMustRead('A', 'keys', ['everyone'], OWNER_A);
    await s.onboarding.ack({ customerId: 'A', itemId: 'keys', userId: (await s.people.get(OWNER_A))!.objectId!, version: 1 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows who has completed, marks an item must-read and asks for a re-read', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/toc.html?account=A',
      token: () => h.token(OWNER_A),
      theme: 'default',
    });
    const panel = frame.getByTestId('onboarding-panel');
    await panel.getByText('1/2 henkilöä on lukenut kaiken').waitFor();
    const sami = panel.locator(`[data-member="${SUPERVISOR_A}"]`);
    await sami.getByText('0/1 luettu').waitFor();
    await sami.getByText('Kesken').waitFor();
    await panel.locator(`[data-member="${OWNER_A}"]`).getByText('Valmis').waitFor();

    await panel.getByText(/^Pakolliset luettavat/).click();
    const rules = panel.locator('[data-must-read="rules"]');
    // The box follows the saved state: it turns on once the server has it.
    await rules.getByRole('checkbox', { name: 'Esimiehet' }).click();
    await sami.getByText('0/2 luettu').waitFor();
    expect(await rules.getByRole('checkbox', { name: 'Esimiehet' }).isChecked()).toBe(true);
    expect((await h.db.store.onboarding.listMustRead(['A'])).map((r) => [r.itemId, r.roles])).toEqual([
      ['keys', ['everyone']],
      ['rules', ['supervisor']],
    ]);
    await rules.getByRole('button', { name: 'Pyydä lukemaan uudelleen: Asiakkaan säännöt' }).click();
    await panel.getByText('Pyydetty 1 henkilöä lukemaan uudelleen.').waitFor();
    await rules.getByText('versio 2').waitFor();

    expect(await seriousA11yViolations(frame)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'onboarding-desktop-default');
    await resizeToPhone(page, frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'onboarding-mobile-default');
    await page.close();
  });

  it('reads well in the dark theme, at 1280 and 360 px', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/toc.html?account=A',
      token: () => h.token(OWNER_A),
      theme: 'dark',
    });
    const panel = frame.getByTestId('onboarding-panel');
    await panel.getByText('0/2 luettu').waitFor();
    await panel.getByText(/^Pakolliset luettavat/).click();
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'onboarding-desktop-dark');
    await resizeToPhone(page, frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await panel.locator('[data-must-read="rules"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'onboarding-mobile-dark');
    await page.close();
  });

  it('a supervisor sees the table of contents without the onboarding view', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(SUPERVISOR_A) });
    await frame.locator('[data-item="rules"]').waitFor();
    expect(await frame.getByTestId('onboarding-panel').count()).toBe(0);
    await page.close();
  });
});
