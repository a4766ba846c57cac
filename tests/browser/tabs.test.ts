import type { Browser } from 'playwright-core';
import { DIRECTOR, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(60_000);

// tabs/src/shared/teams.ts INIT_TIMEOUT_MS (not imported: teams-js expects a browser).
const INIT_TIMEOUT_MS = 5000;

describe('quality card, table of contents, accounts A–Ö and config tabs in a Teams-like host', () => {
  let h: TabsHarness;
  let browser: Browser;
  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    const s = h.db.store;
    // A year of history so the sparklines have something to draw.
    for (let m = 5; m <= 12; m++) {
      const p = `2025-${String(m).padStart(2, '0')}`;
      await s.qualityCard.saveKpis(
        'A',
        p,
        [
          { kpiKey: 'auditScore', value: 84 + m, target: 90 },
          { kpiKey: 'customerSatisfaction', value: 3.6 + m / 30, target: 4 },
          { kpiKey: 'nps', value: 10 + m * 2, target: 30 },
          { kpiKey: 'complaints', value: m % 3, target: 0 },
        ],
        OWNER_A,
      );
    }
    await s.tableOfContents.saveItem(
      {
        id: 'contracts',
        section: 'Sopimukset',
        title: 'Sopimuskansio',
        description: 'Allekirjoitetut sopimukset ja liitteet',
        linkKind: 'folder',
        linkTarget: '/Sopimukset',
        sortOrder: 1,
      },
      'admin',
    );
    await s.tableOfContents.saveItem(
      {
        id: 'contacts',
        section: 'Yhteystiedot',
        title: 'Asiakkaan yhteyshenkilöt',
        linkKind: 'url',
        linkTarget: 'https://intra.yritysx.example/yhteystiedot',
        sortOrder: 1,
      },
      'admin',
    );
    await s.tableOfContents.saveItem({ id: 'manual', section: 'Työohjeet', title: 'Siivouksen työohjeet', sortOrder: 1 }, 'admin');
    await s.tableOfContents.saveContract(
      'A',
      { title: 'Palvelusopimus 2018–2021', validFrom: '2018-01-01', validTo: '2021-08-31' },
      OWNER_A,
    );
    await s.tableOfContents.saveContract(
      'A',
      { title: 'Palvelusopimus 2021–2027', validFrom: '2021-09-01', validTo: '2027-08-31', link: 'https://docs.yritysx.example/sopimus' },
      OWNER_A,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('quality card: the owner edits a KPI and the summary; the value and light are stored', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(OWNER_A),
    });
    // The tab opens on last month; step back to December 2025, which has history.
    await frame.locator('tr[data-kpi="auditScore"]').waitFor();
    while (!(await frame.getByText('joulukuu 2025').count()))
      await frame.getByRole('button', { name: 'Edellinen kuukausi' }).first().click();
    await frame.locator('tr[data-kpi="auditScore"] svg path').first().waitFor();
    await frame.getByRole('button', { name: 'Muokkaa' }).click();
    await frame.getByLabel('Laatuauditoinnin tulos: Arvo').fill('82,5');
    await frame.getByLabel('Laatuauditoinnin tulos: Kommentti').fill('Kaksi kohdetta jäi alle tavoitteen');
    await frame.getByRole('textbox', { name: 'Yhteenveto' }).fill('Joulukuu oli kiireinen, laatu heikkeni hieman.');
    await frame.getByRole('button', { name: 'Tallenna' }).click();
    await frame.getByText('Kaksi kohdetta jäi alle tavoitteen').waitFor();
    expect(await frame.locator('tr[data-kpi="auditScore"] .light').textContent()).toBe('Punainen');
    const kpis = await h.db.store.qualityCard.listKpis('A', { from: '2025-12', to: '2025-12' });
    expect(kpis.find((k) => k.kpiKey === 'auditScore')).toMatchObject({
      value: 82.5,
      comment: 'Kaksi kohdetta jäi alle tavoitteen',
      updatedBy: OWNER_A,
    });
    expect((await h.db.store.qualityCard.getSummary('A', '2025-12'))?.summary).toBe('Joulukuu oli kiireinen, laatu heikkeni hieman.');
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'quality-card-desktop');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, 'quality-card-mobile');
    await page.close();
  });

  it('quality card: directors get the management summary, reds first', async () => {
    await h.db.store.qualityCard.saveKpis('A', '2025-12', [{ kpiKey: 'auditScore', value: 80, target: 90 }], OWNER_A);
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(DIRECTOR),
    });
    await frame.getByRole('tab', { name: 'Johdon yhteenveto' }).click();
    await frame.locator('[data-testid="management-summary"]').waitFor();
    while (!(await frame.getByText('joulukuu 2025').count()))
      await frame.getByRole('button', { name: 'Edellinen kuukausi' }).first().click();
    const first = frame.locator('[data-testid="management-summary"] tbody tr').first();
    await first.getByText('Laatuauditoinnin tulos').waitFor();
    expect(await first.getAttribute('data-account')).toBe('A');
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'quality-card-management');
    await page.close();
  });

  it('table of contents: the owner adds a contract and hides an item; the supervisor searches', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/toc.html?account=A', token: () => h.token(OWNER_A) });
    await frame.locator('[data-contract]').first().waitFor();
    expect(await frame.locator('.contract.current').textContent()).toContain('Palvelusopimus 2021–2027');
    // Reading first: editing controls appear in edit mode.
    expect(await frame.getByLabel('Sopimuksen nimi').count()).toBe(0);
    await frame.getByRole('button', { name: 'Muokkaa', exact: true }).click();
    await frame.getByLabel('Sopimuksen nimi').fill('Lisäsopimus: ikkunanpesu');
    await frame.getByLabel('Alkaa').fill('2026-01-01');
    await frame.getByLabel('Päättyy').fill('2026-12-31');
    await frame.getByRole('button', { name: 'Lisää sopimus' }).click();
    await frame.getByText('Lisäsopimus: ikkunanpesu').waitFor();
    // A contract is edited, ended and removed from its own card.
    await frame.getByRole('button', { name: 'Muokkaa sopimusta: Lisäsopimus: ikkunanpesu' }).click();
    await frame
      .getByRole('form', { name: 'Muokkaa sopimusta: Lisäsopimus: ikkunanpesu' })
      .getByLabel('Sopimuksen nimi')
      .fill('Lisäsopimus: ikkunat ja julkisivu');
    await frame
      .getByRole('form', { name: 'Muokkaa sopimusta: Lisäsopimus: ikkunanpesu' })
      .getByRole('button', { name: 'Tallenna' })
      .click();
    await frame.getByText('Lisäsopimus: ikkunat ja julkisivu').waitFor();
    const expiredBefore = Number(
      /\((\d+)\)/.exec(
        (await frame
          // The onboarding panel has a details block of its own.
          .locator('details summary', { hasText: 'Päättyneet sopimukset' })
          .textContent()
          .catch(() => null)) ?? '(0)',
      )?.[1] ?? 0,
    );
    await frame.getByRole('button', { name: 'Päätä nyt: Lisäsopimus: ikkunat ja julkisivu' }).click();
    await frame.getByText(`Päättyneet sopimukset (${expiredBefore + 1})`).waitFor();
    await frame.getByText(`Päättyneet sopimukset (${expiredBefore + 1})`).click();
    await frame.getByRole('button', { name: 'Poista: Lisäsopimus: ikkunat ja julkisivu' }).click();
    await frame.getByRole('button', { name: 'Vahvista poisto: Lisäsopimus: ikkunat ja julkisivu' }).click();
    await frame.getByText('Lisäsopimus: ikkunat ja julkisivu').waitFor({ state: 'detached' });
    await frame.getByRole('button', { name: 'Piilota: Siivouksen työohjeet' }).click();
    await frame.getByText('piilotettu tältä asiakkuudelta', { exact: false }).waitFor();
    const contracts = await h.db.store.tableOfContents.listContracts('A');
    expect(contracts.map((c) => c.title)).not.toContain('Lisäsopimus: ikkunat ja julkisivu');
    expect(contracts.map((c) => c.title)).toContain('Palvelusopimus 2021–2027');
    expect((await h.db.store.tableOfContents.listOverrides('A')).map((o) => [o.kind, o.itemId])).toEqual([['hide', 'manual']]);
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'toc-desktop');
    await page.close();

    const sup = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/toc.html?account=A',
      token: () => h.token(SUPERVISOR_A),
      width: 360,
      height: 740,
    });
    await sup.frame.locator('[data-contract]').first().waitFor();
    expect(await sup.frame.getByText('Siivouksen työohjeet').count()).toBe(0);
    expect(await sup.frame.getByLabel('Sopimuksen nimi').count()).toBe(0);
    await sup.frame.getByLabel('Hae sisällysluettelosta ja sopimuksista').fill('yhteys');
    await sup.frame.locator('[data-item="contacts"]').waitFor();
    expect(await sup.frame.locator('[data-item]').count()).toBe(1);
    await sup.frame.getByLabel('Hae sisällysluettelosta ja sopimuksista').fill('');
    await screenshot(sup.page, 'toc-mobile');
    await sup.page.close();
  });

  it('accounts A–Ö: Finnish order, filter, and the deep link opens the channel through Teams', async () => {
    const { page, frame } = await openTab(browser, { baseUrl: h.url, tab: '/tabs/accounts.html', token: () => h.token(DIRECTOR) });
    await frame.locator('[data-account]').first().waitFor();
    const names = await frame.locator('[data-account] .name').allTextContents();
    expect(names.map((n) => n.replace(/Sinun$/, '').trim())).toEqual(['Bravo Ab', 'Zeta Oyj', 'Ääninen Oy', 'Örkki Oy']);
    expect(await frame.locator('h2.letter').allTextContents()).toEqual(['B', 'Z', 'Ä', 'Ö']);
    await frame.getByRole('link', { name: 'Avaa kanava: Ääninen Oy' }).click();
    await page.waitForFunction(() => Boolean((window as unknown as { __host: { openedLink?: string } }).__host.openedLink));
    expect(await page.evaluate(() => (window as unknown as { __host: { openedLink: string } }).__host.openedLink)).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/channel\//,
    );
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'accounts-desktop');
    // Teams switches theme: the tab follows without a reload.
    expect(await frame.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
    await page.evaluate(() => (window as unknown as { __setTheme(t: string): void }).__setTheme('contrast'));
    await frame.locator('[data-theme="contrast"]').first().waitFor();
    await frame.getByLabel('Suodata nimellä, vastuuhenkilöllä tai alueella').fill('pirkanmaa');
    await frame.locator('[data-account]').first().waitFor();
    expect(await frame.locator('[data-account]').count()).toBe(1);
    await page.setViewportSize({ width: 360, height: 740 });
    await frame.getByLabel('Suodata nimellä, vastuuhenkilöllä tai alueella').fill('');
    await screenshot(page, 'accounts-mobile');
    await page.close();
  });

  it('config page: choosing a tab saves its content URL with Teams', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/config.html',
      token: () => h.token(OWNER_A),
      extra: { frameContext: 'settings', channelId: '19:aaaa@thread.tacv2' },
    });
    await frame.getByRole('radio', { name: 'Laatukortti' }).check();
    await page.waitForFunction(() => (window as unknown as { __host: { validity: boolean } }).__host.validity === true);
    // Teams asks the page to save when the user presses Save.
    await page.evaluate(() =>
      document.querySelector('iframe')!.contentWindow!.postMessage({ func: 'settings.save', args: [{}] }, location.origin),
    );
    await page.waitForFunction(() => Boolean((window as unknown as { __host: { config: unknown } }).__host.config));
    const config = await page.evaluate(
      () => (window as unknown as { __host: { config: { contentUrl: string; entityId: string } } }).__host.config,
    );
    expect(config.contentUrl).toBe(`${h.url}/tabs/quality-card.html`);
    expect(config.entityId).toBe('quality-card:19:aaaa@thread.tacv2');
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await page.close();
  });

  it('outside Teams the tab says so plainly instead of hanging', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, locale: 'fi-FI' });
    const started = Date.now();
    await page.goto(`${h.url}/tabs/annual-clock.html?account=A`);
    // Not framed: the tab must answer at once, not after the 5 s it gives a Teams host to reply
    // (the margin below that is for a loaded CI machine).
    await page.getByText('Avaa tämä välilehti Teamsissa.').waitFor({ timeout: INIT_TIMEOUT_MS });
    expect(Date.now() - started).toBeLessThan(INIT_TIMEOUT_MS);
    expect(await page.getByText('Open this tab in Teams.', { exact: false }).count()).toBe(1);
    await page.close();
  });
});
