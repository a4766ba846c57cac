import type { Browser } from 'playwright-core';
import { userIdForEmail } from '../../emulator/ids';
import { DIRECTOR, OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, resizeToPhone, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(120_000);

function addMonths(p: string, n: number): string {
  const i = Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

describe('the monthly quality-card loop and feedback in the quality-card tab', () => {
  let h: TabsHarness;
  let browser: Browser;
  // The tab opens on last month by the browser's clock.
  const month = addMonths(new Date().toISOString().slice(0, 7), -1);
  const yearLabel = Number(month.slice(5)) === 1 ? `1/${month.slice(0, 4)}` : `1–${Number(month.slice(5))}/${month.slice(0, 4)}`;

  beforeAll(async () => {
    assertTabsBuilt();
    h = await startTabsHarness('sqlite', { tabsDir: TABS_DIST });
    const s = h.db.store;
    await s.sites.replaceForAccount('A', [
      { siteId: 'A1', name: 'Pääkonttori', city: 'Helsinki', region: 'Uusimaa', supervisorEmail: SUPERVISOR_A },
      { siteId: 'A2', name: 'Tehdas', city: 'Tampere', region: 'Pirkanmaa', supervisorEmail: SUPERVISOR_A },
    ]);
    await s.qualityCard.saveKpis('A', month, [{ kpiKey: 'auditScore', value: 80, target: 90 }], OWNER_A);
    await s.qualityCard.saveKpis('B', month, [{ kpiKey: 'auditScore', value: 95, target: 90 }], OWNER_A);
    await s.feedback.add({
      customerId: 'A',
      userId: userIdForEmail(SUPERVISOR_A),
      userName: 'Sami Esimies',
      text: 'Avaimet <b>hukassa</b>',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('the owner sees the header, marks the month ready and answers feedback (1280 and 360 px)', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(OWNER_A),
    });
    const header = frame.getByTestId('card-header');
    await header.waitFor();
    expect(await header.textContent()).toBe(`Ääninen Oy · Helsinki, Tampere, Pirkanmaa, Uusimaa · ${yearLabel}`);
    await frame.getByRole('button', { name: 'Merkitse valmiiksi johtoryhmälle' }).click();
    await frame.locator('[data-testid="ready-state"][data-ready="yes"]').waitFor();
    expect((await h.db.store.qualityLoop.readyForPeriod(month)).get('A')?.readyBy).toBe(OWNER_A);

    const item = frame.locator('[data-testid="feedback-list"] li').first();
    expect(await item.textContent()).toContain('Avaimet <b>hukassa</b>');
    await item.getByRole('textbox', { name: 'Vastaus lähettäjälle' }).fill('Uudet avaimet maanantaina');
    await item.getByRole('button', { name: 'Lähetä vastaus' }).click();
    await frame.locator('[data-testid="feedback-list"] li[data-status="in-progress"]').waitFor();
    expect((await h.db.store.outbox.list({ kind: 'feedback-reply' })).map((i) => (i.target as { userId: string }).userId)).toEqual([
      userIdForEmail(SUPERVISOR_A),
    ]);
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'quality-loop-owner');
    await resizeToPhone(page, frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await frame.getByTestId('feedback-list').scrollIntoViewIfNeeded();
    await screenshot(page, 'quality-loop-owner-mobile');
    await page.close();
  });

  it('a director sees ready cards first and instructs the KAD from the summary (light theme, then phone)', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(DIRECTOR),
      theme: 'default',
    });
    await frame.getByRole('tab', { name: 'Johdon yhteenveto' }).click();
    const rows = frame.locator('[data-testid="management-summary"] tbody tr');
    await rows.first().waitFor();
    expect(
      await rows.evaluateAll((trs) => trs.map((r) => [r.getAttribute('data-account'), r.lastElementChild?.getAttribute('data-ready')])),
    ).toEqual([
      ['A', 'yes'],
      ['B', 'no'],
      ['Z', 'no'],
      ['O', 'no'],
    ]);
    expect(await frame.getByTestId('summary-counts').textContent()).toBe(`${yearLabel} · Valmiina 1, puuttuu 3`);
    await frame.getByRole('button', { name: 'Kommentoi tai anna ohje: Ääninen Oy' }).click();
    const form = frame.getByTestId('comment-form-A');
    await form.getByRole('textbox', { name: 'Kommentoi tai anna ohje' }).fill('Sovi laatukierros Tampereelle');
    await form.getByRole('button', { name: 'Lähetä' }).click();
    await rows.first().getByText('Ohje (Avoin): Sovi laatukierros Tampereelle').waitFor();
    expect((await h.db.store.outbox.list({ kind: 'quality-instruction' })).map((i) => (i.target as { userId: string }).userId)).toEqual([
      userIdForEmail(OWNER_A),
    ]);
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'quality-loop-management');
    await resizeToPhone(page, frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'quality-loop-management-mobile');
    await page.close();
  });

  it('in English, the owner marks the instruction done and sees the accounts side by side', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/quality-card.html?account=A',
      token: () => h.token(OWNER_A),
      locale: 'en-us',
    });
    const ins = frame.locator('[data-testid="quality-loop"] li[data-status="open"]');
    await ins.waitFor();
    expect(await ins.textContent()).toContain('Sovi laatukierros Tampereelle');
    await ins.getByRole('button', { name: 'Mark done' }).click();
    await frame.locator('[data-testid="quality-loop"] li[data-status="done"]').waitFor();
    await frame.getByRole('tab', { name: 'My accounts' }).click();
    const card = frame.locator('[data-testid="portfolio"] article[data-account="A"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('Ready');
    expect(await card.textContent()).toContain('125,000 €');
    expect(await frame.locator('[data-testid="portfolio"] article').count()).toBe(1);
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'quality-loop-portfolio');
    await resizeToPhone(page, frame);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'quality-loop-portfolio-mobile');
    await page.close();
  });
});
