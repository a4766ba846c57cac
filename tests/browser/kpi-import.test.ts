import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { DIRECTOR, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(90_000);

/** YYYY-MM plus n months. */
function addMonths(p: string, n: number): string {
  const i = Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

describe('KPI import in the quality-card tab', () => {
  let h: TabsHarness;
  let browser: Browser;
  // The tab opens on last month by the browser's clock.
  const month = addMonths(new Date().toISOString().slice(0, 7), -1);
  const fiMonth = `${Number(month.slice(5))}/${month.slice(0, 4)}`;

  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    for (const [n, value] of [
      [-3, 93],
      [-2, 92],
      [-1, 94],
    ] as const)
      await h.db.store.qualityCard.saveKpis('A', addMonths(month, n), [{ kpiKey: 'auditScore', value, target: 90 }], OWNER_A);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('a director imports a Finnish Excel CSV, sees the per-row report, and the value shows on the card and in the summary', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(DIRECTOR),
    });
    await frame.locator('tr[data-kpi="auditScore"]').waitFor();
    expect(await frame.locator('tr[data-kpi="auditScore"] td').first().textContent()).toBe('–');

    await frame.getByRole('button', { name: 'Tuo mittarit' }).click();
    const csv = [
      'Asiakasnro;Asiakas;Kausi;Mittari;Arvo;Tavoite;Kommentti',
      `A;Ääninen Oy;${fiMonth};Laatuauditointi;84,5 %;90;Kaksi kohdetta jäi alle tavoitteen <b>`,
      `NOPE;Tuntematon Oy;${fiMonth};NPS;20;;`,
      `A;Ääninen Oy;${fiMonth};NPS;41;30;`,
      `A;Ääninen Oy;${fiMonth};Reklamaatiot;kolme;;`,
    ].join('\r\n');
    await frame
      .getByTestId('kpi-file')
      .setInputFiles({ name: 'laatujarjestelma.csv', mimeType: 'text/csv', buffer: iconv.encode(`${csv}\r\n`, 'windows-1252') });
    await frame.getByRole('button', { name: 'Tuo', exact: true }).click();
    const report = frame.getByTestId('kpi-import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('Rivejä 4: uusia 2, päivitettyjä 0, ennallaan 0, virheellisiä 2');
    expect(
      await report
        .locator('tr[data-line]')
        .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-line'), r.getAttribute('data-status')])),
    ).toEqual([
      ['3', 'error'],
      ['5', 'error'],
      ['2', 'new'],
      ['4', 'new'],
    ]);
    expect(await report.locator('tr[data-line="3"]').textContent()).toContain('Asiakasta NOPE ei ole asiakkuuksien joukossa');
    expect(await report.locator('tr[data-line="5"]').textContent()).toContain('sarake Arvo (“kolme”)');
    expect(await report.locator('tr[data-line="2"]').textContent()).toContain('Laatuauditoinnin tulos');
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'quality-card-import');
    await frame.getByRole('button', { name: 'Sulje' }).click();

    // The card reloads: value, light, comment (as text, not markup) and who imported it.
    const row = frame.locator('tr[data-kpi="auditScore"]');
    await row.getByText('84,5 %').waitFor();
    expect(await row.locator('.light').textContent()).toBe('Punainen');
    expect(await row.textContent()).toContain('Kaksi kohdetta jäi alle tavoitteen <b>');
    expect(await frame.getByTestId('imported-auditScore').textContent()).toMatch(
      /^Tuotu: laatujarjestelma\.csv · \d{1,2}\.\d{1,2}\.\d{4} · johtaja@yritysx\.example$/,
    );
    // The sparkline joins the imported month to the three before it, and says the trend is worsening.
    expect(await row.locator('svg path').count()).toBe(1);
    expect(await row.locator('svg').getAttribute('aria-label')).toBe('Laatuauditoinnin tulos: Kehitys laskeva, heikkenevä');
    const stored = await h.db.store.qualityCard.listKpis('A', { from: month, to: month });
    expect(stored.map((k) => [k.kpiKey, k.value, k.updatedBy, k.source])).toEqual([
      ['auditScore', 84.5, DIRECTOR, 'import:laatujarjestelma.csv'],
      ['nps', 41, DIRECTOR, 'import:laatujarjestelma.csv'],
    ]);

    await frame.getByRole('tab', { name: 'Johdon yhteenveto' }).click();
    const sumRow = frame.locator('[data-testid="management-summary"] tbody tr[data-account="A"]');
    await sumRow.waitFor();
    expect(await sumRow.locator('td').first().textContent()).toBe('1'); // one red: the audit score
    expect(await sumRow.textContent()).toContain('Laatuauditoinnin tulos: Vihreä → Punainen');
    await page.close();
  });

  it('a supervisor gets no import button', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(SUPERVISOR_A),
      width: 360,
      height: 740,
    });
    await frame.locator('tr[data-kpi="auditScore"]').waitFor();
    expect(await frame.getByRole('button', { name: 'Tuo mittarit' }).count()).toBe(0);
    await page.close();
  });

  it('a structural problem is shown with line, column and what to do, and nothing is imported', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(DIRECTOR),
    });
    await frame.getByRole('button', { name: 'Tuo mittarit' }).click();
    await frame
      .getByTestId('kpi-file')
      .setInputFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(`Asiakasnro;Kausi;Mittari;Luku\nA;${fiMonth};NPS;5\n`) });
    await frame.getByRole('button', { name: 'Tuo', exact: true }).click();
    const alert = frame.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /Tiedostoa ei tuotuSarake "Arvo" puuttuu otsikkoriviltä.*\(tiedosto crm\.csv, rivi 1, sarake "Arvo"\)\. Korjaa sarakemäärittely/,
    );
    expect((await h.db.store.qualityCard.listKpis('A', { from: month, to: month })).find((k) => k.kpiKey === 'nps')?.value).toBe(41);
    await page.close();
  });
});
