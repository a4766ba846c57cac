import type { Browser } from 'playwright-core';
import { OUTSIDER, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, resizeToPhone, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(90_000);

describe('accounts A–Ö: members view with the owner’s manual additions and exclusions', () => {
  let h: TabsHarness;
  let browser: Browser;
  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    await h.db.store.desiredMemberships.replaceForAccount('A', [
      { email: OWNER_A, role: 'owner', reasons: [{ kind: 'key_account_director', line: 2 }] },
      {
        email: SUPERVISOR_A,
        role: 'member',
        reasons: [
          { kind: 'site', siteId: 'A1', siteName: 'Pääkonttori', role: 'supervisor', line: 2 },
          { kind: 'site', siteId: 'A2', siteName: 'Tehdas', role: 'supervisor', line: 3 },
        ],
      },
    ]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('the owner sees why people have access, adds and excludes; the change waits for the next sync', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/accounts.html', token: () => h.token(OWNER_A) });
    await frame.getByRole('button', { name: 'Jäsenet: Ääninen Oy' }).click();
    const view = frame.getByTestId('members-view');
    const sami = view.locator(`[data-member="${SUPERVISOR_A}"]`);
    await sami.getByText('Esimies: Pääkonttori (Uusimaa)').waitFor();
    await sami.getByText('Esimies: Tehdas (Pirkanmaa)').waitFor();
    // SYNC_CRON 02:00 Helsinki; "now" is 14 May 2026.
    expect(await view.getByTestId('next-sync').textContent()).toBe(
      'Muutokset tulevat voimaan seuraavassa synkronoinnissa: 15.5.2026 klo 2.00.',
    );

    await view.getByRole('textbox', { name: 'Sähköposti', exact: true }).fill('ulla.ulkopuolinen@');
    await view.getByRole('button', { name: 'Lisää jäsen' }).click();
    await view.getByText('Anna kelvollinen sähköpostiosoite.').waitFor();
    await view.getByText('Kerro peruste.').waitFor();
    expect(await h.db.store.overrides.listForAccount('A')).toEqual([]);
    await view.getByRole('textbox', { name: 'Sähköposti', exact: true }).fill(OUTSIDER);
    await view.getByLabel('Peruste (näkyy auditoinnissa)').fill('Perehdyttää uudet esimiehet');
    await view.getByRole('button', { name: 'Lisää jäsen' }).click();
    const added = view.locator(`[data-override="${OUTSIDER}"]`);
    await added.getByText('Odottaa synkronointia').waitFor();
    await view.getByText('Tallennettu. Muutos tulee voimaan seuraavassa synkronoinnissa 15.5.2026 klo 2.00.').waitFor();

    await sami.getByRole('button', { name: 'Rajaa pois: Sami Esimies' }).click();
    await sami.getByLabel('Peruste (vapaaehtoinen)').fill('Siirtyi toiseen tehtävään');
    await sami.getByRole('button', { name: 'Vahvista poisrajaus' }).click();
    await sami.getByText('Poistuu seuraavassa synkronoinnissa').waitFor();
    expect((await h.db.store.overrides.listForAccount('A')).map((o) => [o.email, o.kind, o.setBy])).toEqual([
      [SUPERVISOR_A, 'exclude', OWNER_A],
      [OUTSIDER, 'add', OWNER_A],
    ]);

    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'members-desktop');
    await resizeToPhone(page, frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'members-mobile');

    // Undo the addition; back returns to the list with focus on the button that opened the view.
    await added.getByRole('button', { name: /^Peru: Lisätty/ }).click();
    await view.getByText('Muutos peruttu.', { exact: false }).waitFor();
    expect((await h.db.store.overrides.listForAccount('A')).map((o) => o.kind)).toEqual(['exclude']);
    await view.getByRole('button', { name: /Takaisin asiakkuuksiin/ }).click();
    await frame.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Jäsenet: Ääninen Oy');
    await page.close();
  });

  it('a supervisor sees the members and reasons but no controls', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/accounts.html',
      token: () => h.token(SUPERVISOR_A),
      width: 360,
      height: 740,
    });
    await frame.getByRole('button', { name: 'Jäsenet: Ääninen Oy' }).click();
    const view = frame.getByTestId('members-view');
    await view.locator(`[data-member="${SUPERVISOR_A}"]`).getByText('Poistuu seuraavassa synkronoinnissa').waitFor();
    expect(await view.getByRole('button', { name: /Rajaa pois|Peru/ }).count()).toBe(0);
    expect(await view.getByRole('textbox', { name: 'Sähköposti', exact: true }).count()).toBe(0);
    await page.close();
  });
});
