import type { Browser, Frame } from 'playwright-core';
import { OUTSIDER, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, resizeToPhone, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(90_000);

// Any signed-in person can be an admin; the harness's role check decides.
const ADMIN = OUTSIDER;

const sectionsShown = (frame: Frame) => frame.locator('main h2.toc-section:not(#contracts-h):not(#template-h)').allTextContents();

describe('TOC template editor (admins) and its inheritance by accounts', () => {
  let h: TabsHarness;
  let browser: Browser;
  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST, admins: [ADMIN] });
    const s = h.db.store.tableOfContents;
    await s.saveItem(
      { id: 'contracts', section: 'Sopimukset', title: 'Sopimuskansio', linkKind: 'folder', linkTarget: '/Sopimukset', sortOrder: 0 },
      'admin',
    );
    await s.saveItem(
      {
        id: 'contacts',
        section: 'Yhteystiedot',
        title: 'Asiakkaan yhteyshenkilöt',
        linkKind: 'url',
        linkTarget: 'https://intra.yritysx.example/yhteystiedot',
        sortOrder: 1000,
      },
      'admin',
    );
    await s.saveItem({ id: 'manual', section: 'Työohjeet', title: 'Siivouksen työohjeet', sortOrder: 2000 }, 'admin');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  let newId = '';

  it('an admin adds an item with validation, reorders with the keyboard, and every account inherits it', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(ADMIN) });
    await frame.locator('[data-item="manual"]').waitFor();
    await frame.getByRole('button', { name: 'Muokkaa yhteistä pohjaa' }).click();
    const editor = frame.getByTestId('template-editor');
    await editor.locator('[data-template-item="manual"]').waitFor();

    await editor.getByRole('button', { name: 'Lisää kohta: Työohjeet' }).click();
    const form = editor.getByRole('form', { name: 'Lisää kohta: Työohjeet' });
    await form.getByLabel('Otsikko').fill('Perehdytysopas');
    await form.getByLabel('Kuvaus').fill('Uuden esimiehen ensimmäinen viikko');
    await form.getByLabel('Linkin tyyppi').selectOption('url');
    await form.getByLabel('Linkin kohde').fill('http://intra.yritysx.example/perehdytys');
    await form.getByRole('button', { name: 'Tallenna' }).click();
    // Refused before it is sent, with the reason next to the field, and the field focused.
    await form.getByText('Osoitteen pitää alkaa https://').waitFor();
    expect(await frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe(
      'http://intra.yritysx.example/perehdytys',
    );
    expect((await h.db.store.tableOfContents.listItems()).map((i) => i.title)).not.toContain('Perehdytysopas');
    await form.getByLabel('Linkin kohde').fill('https://intra.yritysx.example/perehdytys');
    await form.getByRole('button', { name: 'Tallenna' }).click();
    await editor.getByText('Pohja tallennettu', { exact: false }).waitFor();
    const added = (await h.db.store.tableOfContents.listItems()).find((i) => i.title === 'Perehdytysopas')!;
    expect(added).toMatchObject({
      section: 'Työohjeet',
      linkKind: 'url',
      linkTarget: 'https://intra.yritysx.example/perehdytys',
      description: 'Uuden esimiehen ensimmäinen viikko',
      updatedBy: ADMIN,
    });
    newId = added.id;
    // The account's own view below updates at once.
    await frame.locator(`[data-item="${newId}"]`).waitFor();

    // Keyboard only: move the new item above the older one, then its section to the top.
    await editor.getByRole('button', { name: 'Siirrä ylös: Perehdytysopas' }).focus();
    await page.keyboard.press('Enter');
    await editor.getByText('Järjestys tallennettu.').waitFor();
    const sectionAt = (i: number) =>
      frame.waitForFunction(
        (i) => document.querySelectorAll('[data-template-section]')[i]?.getAttribute('data-template-section') === 'Työohjeet',
        i,
      );
    await editor.getByRole('button', { name: 'Siirrä osio ylös: Työohjeet' }).focus();
    await page.keyboard.press('Enter');
    await sectionAt(1);
    // Focus stays on the button, so pressing again moves the section on.
    await page.keyboard.press('Enter');
    await sectionAt(0);
    expect(
      await editor
        .locator('[data-template-section="Työohjeet"] [data-template-item] .template-item-text > span:first-child')
        .allTextContents(),
    ).toEqual(['Perehdytysopas', 'Siivouksen työohjeet']);
    await frame.waitForFunction(
      () => document.querySelector('main h2.toc-section:not(#contracts-h):not(#template-h)')?.textContent === 'Työohjeet',
    );
    expect(await sectionsShown(frame)).toEqual(['Työohjeet', 'Sopimukset', 'Yhteystiedot']);

    expect(await seriousA11yViolations(frame)).toEqual([]);
    await frame.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'toc-template-desktop');
    await resizeToPhone(page, frame);
    await editor.getByRole('button', { name: 'Muokkaa kohtaa: Perehdytysopas' }).click();
    await editor.getByRole('form', { name: 'Muokkaa kohtaa: Perehdytysopas' }).scrollIntoViewIfNeeded();
    // Usable at 360 px: nothing wider than the phone screen.
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'toc-template-mobile');
    await editor.getByRole('button', { name: 'Peruuta' }).click();
    await page.close();

    // Account Z (Sami is a member there) inherits the item too.
    const z = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=Z', token: () => h.token(SUPERVISOR_A) });
    await z.frame.locator(`[data-item="${newId}"]`).getByText('Perehdytysopas').waitFor();
    await z.page.close();
  });

  it('an owner renames and hides the inherited item for their account only; the owner (a KAD) may open the shared editor, supervisors see none', async () => {
    const owner = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(OWNER_A) });
    const item = owner.frame.locator(`[data-item="${newId}"]`);
    await item.waitFor();
    expect(await owner.frame.getByRole('button', { name: 'Muokkaa yhteistä pohjaa' }).count()).toBe(1);
    await owner.frame.getByRole('button', { name: 'Muokkaa', exact: true }).click();
    await owner.frame.getByRole('button', { name: 'Nimeä uudelleen: Perehdytysopas' }).click();
    await owner.frame.getByLabel('Uusi nimi: Perehdytysopas').fill('Ääninen: perehdytys');
    await item.getByRole('button', { name: 'Tallenna' }).click();
    await item.getByText('Ääninen: perehdytys').waitFor();

    const sup = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/toc.html?account=A',
      token: () => h.token(SUPERVISOR_A),
      width: 360,
      height: 740,
    });
    await sup.frame.locator(`[data-item="${newId}"]`).getByText('Ääninen: perehdytys').waitFor();
    expect(await sup.frame.getByRole('button', { name: 'Muokkaa yhteistä pohjaa' }).count()).toBe(0);
    expect(await sup.frame.getByTestId('template-editor').count()).toBe(0);
    await sup.page.close();

    // Other accounts keep the template's title.
    const z = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=Z', token: () => h.token(SUPERVISOR_A) });
    await z.frame.locator(`[data-item="${newId}"]`).getByText('Perehdytysopas').waitFor();
    await z.page.close();

    await owner.frame.getByRole('button', { name: 'Piilota: Ääninen: perehdytys' }).click();
    await item.getByText('piilotettu tältä asiakkuudelta', { exact: false }).waitFor();
    await owner.page.close();
    const sup2 = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(SUPERVISOR_A) });
    await sup2.frame.locator('[data-item="manual"]').waitFor();
    expect(await sup2.frame.locator(`[data-item="${newId}"]`).count()).toBe(0);
    await sup2.page.close();
  });

  it('an admin renames a section and deletes an item after confirming', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=B', token: () => h.token(ADMIN) });
    await frame.getByRole('button', { name: 'Muokkaa yhteistä pohjaa' }).click();
    const editor = frame.getByTestId('template-editor');
    await editor.getByRole('button', { name: 'Nimeä osio uudelleen: Yhteystiedot' }).click();
    await editor.getByLabel('Osion nimi').fill('Sopimukset');
    await editor.getByText('Samanniminen osio on jo olemassa.').waitFor();
    await editor.getByLabel('Osion nimi').fill('Yhteyshenkilöt');
    await editor.getByLabel('Osion nimi').press('Enter');
    await editor.locator('[data-template-section="Yhteyshenkilöt"]').waitFor();
    expect((await h.db.store.tableOfContents.listItems()).find((i) => i.id === 'contacts')?.section).toBe('Yhteyshenkilöt');

    await editor.getByRole('button', { name: 'Poista kohta: Perehdytysopas' }).click();
    await editor.getByRole('button', { name: 'Vahvista poisto' }).click();
    await editor.getByText('Poistettu.').waitFor();
    expect((await h.db.store.tableOfContents.listItems()).map((i) => i.id)).not.toContain(newId);
    // The account's hide override went with it.
    expect((await h.db.store.tableOfContents.listOverrides('A')).map((o) => o.itemId)).not.toContain(newId);
    await page.close();
  });
});
