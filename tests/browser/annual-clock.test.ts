import type { Browser } from 'playwright-core';
import { OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from '../tabs/harness';
import { assertTabsBuilt, launchBrowser, openTab, screenshot, seriousA11yViolations, TABS_DIST } from './browser-harness';

jest.setTimeout(60_000);

describe('annual clock tab in a Teams-like host', () => {
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

  it('draws the wheel, ticks a site of a site visit from the details, and the tick is stored', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
    });
    await frame.waitForSelector('svg.wheel-svg g.marker');
    expect(await frame.locator('[data-testid="today-marker"]').count()).toBe(1);
    expect(await frame.locator('h1').textContent()).toContain('Vuosikello – Ääninen Oy');

    // Keyboard: focus an April quality visit on the wheel, open it with Enter, tick it.
    const marker = frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-04-10"]');
    await marker.focus();
    await page.keyboard.press('Enter');
    await frame.getByText('Myöhässä').first().waitFor();
    // The visit is made at each site by its supervisor; the owner sees every site and ticks one.
    await frame.getByTestId('sites-done-A:quality-visit-2026-04-10').getByText('Kohteita tehty 0/2').waitFor();
    await frame.getByTestId('tick-A:quality-visit-2026-04-10-A1').check();
    await frame.getByTestId('sites-done-A:quality-visit-2026-04-10').getByText('Kohteita tehty 1/2').waitFor();
    await page.waitForLoadState('networkidle');
    const stored = await h.db.store.annualClock.listCompletions('A');
    expect(stored.map((c) => [c.eventId, c.occurrence, c.doneBy])).toEqual([['A:quality-visit', '2026-04-10#A1', OWNER_A]]);

    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'annual-clock-desktop');
    await page.close();
  });

  it('shows the agenda on a phone, adds an event through the form, and lets a supervisor read but not edit', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
      width: 360,
      height: 740,
    });
    await frame.waitForSelector('li.agenda-item');
    // A compact one-line heading on a phone (Teams shows the channel and tab above it), and titles that wrap between words.
    expect((await frame.locator('h1').boundingBox())!.height).toBeLessThanOrEqual(26);
    expect(
      await frame
        .locator('li.agenda-item .title')
        .first()
        .evaluate((e) => getComputedStyle(e).hyphens),
    ).toBe('manual');
    await frame.getByRole('button', { name: 'Lisää tapahtuma' }).click();
    await frame.locator('input[name="title"]').fill('Kehityspäivä <script>alert(1)</script>');
    await frame.getByLabel('Ensimmäinen kerta').fill('2026-06-12');
    await frame.getByRole('button', { name: 'Tallenna' }).click();
    await frame.locator('li.agenda-item[data-date="2026-06-12"]').waitFor();
    const events = await h.db.store.annualClock.listForAccounts(['A']);
    expect(events.filter((e) => e.title.startsWith('Kehityspäivä')).map((e) => [e.startsOn, e.ownerEmail])).toEqual([
      ['2026-06-12', OWNER_A],
    ]);
    expect(await frame.locator('li.agenda-item[data-date="2026-06-12"]').textContent()).toContain('<script>');
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await screenshot(page, 'annual-clock-mobile');
    await page.close();

    const sup = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(SUPERVISOR_A),
      width: 360,
      height: 740,
    });
    await sup.frame.waitForSelector('li.agenda-item');
    expect(await sup.frame.getByRole('button', { name: 'Lisää tapahtuma' }).count()).toBe(0);
    await sup.page.close();
  });

  it('moves and renames one occurrence of a series at 1280 px, and cancels and restores one on a phone', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
      width: 1280,
      height: 800,
    });
    await frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-07-10"]').focus();
    await page.keyboard.press('Enter');
    await frame.getByRole('button', { name: 'Muokkaa tapahtumaa' }).click();
    // This occurrence alone is the default.
    expect(await frame.getByRole('radio', { name: /Vain tämä kerta/ }).isChecked()).toBe(true);
    await frame.getByLabel('Tämän kerran päivä').fill('2026-07-14');
    await frame.locator('input[name="occurrenceTitle"]').fill('Laatukäynti – kesäkierros');
    await screenshot(page, 'annual-clock-occurrence-desktop');
    await frame.getByRole('button', { name: 'Tallenna' }).click();
    const moved = frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-07-14"]');
    await moved.waitFor();
    expect(await frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-07-10"]').count()).toBe(0);
    expect(await moved.getAttribute('aria-label')).toContain('Laatukäynti – kesäkierros');
    expect(await frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-08-10"]').count()).toBe(1);
    await moved.focus();
    await page.keyboard.press('Enter');
    await frame.getByText('Siirretty päivästä 10.7.2026').waitFor();
    expect(
      (await h.db.store.annualClock.listExceptions(['A'])).map((x) => [x.eventId, x.seriesDate, x.movedTo, x.title, x.cancelled]),
    ).toEqual([['A:quality-visit', '2026-07-10', '2026-07-14', 'Laatukäynti – kesäkierros', false]]);
    await page.close();

    // The phone in the light theme (the other screenshots are dark).
    const phone = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
      width: 360,
      height: 740,
      theme: 'default',
    });
    const aug = phone.frame.locator('li.agenda-item[data-event="A:quality-visit"][data-date="2026-08-10"]');
    await aug.getByRole('button', { name: 'Muokkaa tapahtumaa' }).click();
    await phone.frame.getByLabel('Peru tämä kerta').check();
    await phone.frame.getByRole('button', { name: 'Tallenna' }).click();
    await aug.getByText('Peruttu').waitFor();
    expect(await aug.getByRole('checkbox').count()).toBe(0);
    expect(await seriousA11yViolations(phone.frame)).toEqual([]);
    await screenshot(phone.page, 'annual-clock-cancelled-mobile');
    await aug.getByRole('button', { name: 'Muokkaa tapahtumaa' }).click();
    await phone.frame.getByRole('button', { name: 'Palauta sarjan mukaiseksi' }).click();
    await aug.getByText('Peruttu').waitFor({ state: 'detached' });
    expect((await h.db.store.annualClock.listExceptions(['A'])).map((x) => x.seriesDate)).toEqual(['2026-07-10']);
    await phone.page.close();
  });

  it('names every ring on the wheel at 1280 and 360 px, grouping what does not fit; a group lists its events', async () => {
    // The first view seeds the default events; then a winter season that began last December: its arc shows from the year's start.
    await h.call('GET', '/api/v1/accounts/A/clock', { as: OWNER_A });
    const winter = await h.call('POST', '/api/v1/accounts/A/clock/events', {
      as: OWNER_A,
      body: { title: 'Talvikausi', ring: 'customer', start: '2025-12-01', recurrence: { kind: 'once' }, durationDays: 60 },
    });
    expect(winter.status).toBe(201);
    const winterId = winter.body.id as string;
    for (const { width, height, theme } of [
      { width: 1280, height: 800, theme: 'dark' as const },
      { width: 360, height: 740, theme: 'default' as const },
    ]) {
      const { page, frame } = await openTab(browser, {
        baseUrl: h.url,
        tab: '/tabs/annual-clock.html?account=A',
        token: () => h.token(OWNER_A),
        width,
        height,
        theme,
      });
      // Phones open on the list; the wheel is one tap away.
      if (width < 600) await frame.getByRole('tab', { name: 'Kello' }).click();
      await frame.waitForSelector('svg.wheel-svg g.marker');
      const arc = frame.getByTestId(`arc-${winterId}-2025-12-01`);
      await arc.waitFor();
      // The arc starts at 12 o'clock ("M x y" with x at the centre) and ends in late January.
      const d = (await arc.getAttribute('d'))!;
      const [, x0] = d.split(' ').map(Number);
      const svgSize = Number(await frame.locator('svg.wheel-svg').getAttribute('width'));
      expect(x0).toBeCloseTo(svgSize / 2, 0);
      // Every label's text fits its path as rendered (a <textPath> silently drops what overflows), and every ring has text.
      const labels = await frame.locator('text.wheel-label').evaluateAll((els) =>
        els.map((e) => {
          const path = e.ownerDocument.getElementById(e.getAttribute('data-path')!) as unknown as SVGPathElement;
          const text = e as SVGTextElement;
          return {
            ring: e.getAttribute('data-ring'),
            text: e.textContent,
            width: text.getComputedTextLength(),
            room: path.getTotalLength(),
          };
        }),
      );
      const rings = ['supervisors', 'kad', 'management', 'customer'];
      expect(rings.filter((ring) => !labels.some((l) => l.ring === ring && l.text))).toEqual([]);
      expect(labels.filter((l) => l.width > l.room + 0.5)).toEqual([]);
      // The supervisors' two monthly visits are grouped; a group is a ≥ 44 px button that lists its events.
      const group = frame.locator('path.label-group[data-ring="supervisors"]').first();
      const count = Number(await group.getAttribute('data-count'));
      expect(count).toBeGreaterThan(1);
      const box = (await group.boundingBox())!;
      expect(Math.max(box.width, box.height)).toBeGreaterThanOrEqual(44);
      // Tap the group's text (the markers' own dots keep their own small targets).
      const label = frame.locator(`text.wheel-label[data-group="${await group.getAttribute('data-group')}"]`);
      // Tap the middle of the curved text itself (its bounding box's centre may lie off the arc).
      const at = await label.evaluate((e) => {
        const t = e as SVGTextElement;
        const box = t.getExtentOfChar(Math.floor(t.getNumberOfChars() / 2));
        const q = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(t.getScreenCTM()!);
        return { x: q.x, y: q.y };
      });
      const iframe = (await page.locator('iframe#tab').boundingBox())!;
      await page.mouse.click(iframe.x + at.x, iframe.y + at.y);
      const details = frame.getByRole('group', { name: 'Tapahtuman tiedot' });
      await details.getByRole('heading', { name: (await label.textContent())! }).waitFor();
      const items = details.locator('ul.group-list button');
      expect(await items.count()).toBe(count);
      const first = items.first();
      const [eventId, date] = [await first.getAttribute('data-event'), await first.getAttribute('data-date')];
      await first.click();
      // The member opens in the same details as a tapped marker.
      await frame.locator(`g.marker.selected[data-event="${eventId}"][data-date="${date}"]`).waitFor();
      expect(await seriousA11yViolations(frame)).toEqual([]);
      await screenshot(page, width < 600 ? 'annual-clock-wheel-mobile' : 'annual-clock-groups-desktop');
      await page.close();
    }
    expect(
      (await h.call('DELETE', `/api/v1/accounts/A/clock/events/${encodeURIComponent(winterId)}`, { as: OWNER_A })).status,
    ).toBeLessThan(300);
  });

  it('edits every field of an event at 1280 px: a new rule, an owner picked by name, and an end date', async () => {
    const { page, frame } = await openTab(browser, {
      baseUrl: h.url,
      tab: '/tabs/annual-clock.html?account=A',
      token: () => h.token(OWNER_A),
      width: 1280,
      height: 800,
    });
    const marker = frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-06-10"]');
    await marker.focus();
    await page.keyboard.press('Enter');
    await frame.getByRole('button', { name: 'Muokkaa tapahtumaa' }).click();
    // Opened from one occurrence of a series: the whole series is changed here.
    await frame.getByRole('radio', { name: 'Koko sarja' }).check();
    await frame.getByLabel('Toistuu').selectOption('nthWeekday');
    await frame.getByLabel('Monesko').selectOption('2');
    await frame.getByLabel('Viikonpäivä').selectOption('TU');
    await frame.getByLabel('Päättyy').fill('2026-12-31');
    // The owner list shows the account's people by name.
    await frame.getByRole('option', { name: /Sami Esimies/ }).waitFor({ state: 'attached' });
    // From every site's supervisor to one person.
    await frame.getByLabel('Kuka tekee').selectOption('');
    await frame.getByLabel('Vastuuhenkilö').selectOption(SUPERVISOR_A);
    await screenshot(page, 'annual-clock-edit-desktop');
    await frame.getByRole('button', { name: 'Tallenna' }).click();
    await frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-06-09"]').waitFor();
    const stored = (await h.db.store.annualClock.listForAccounts(['A'])).find((e) => e.id === 'A:quality-visit')!;
    expect([stored.recurrence, stored.endsOn?.slice(0, 10), stored.ownerEmail, stored.assignee]).toEqual([
      { kind: 'nthWeekday', n: 2, weekday: 'TU' },
      '2026-12-31',
      SUPERVISOR_A,
      null,
    ]);
    // The details show the new owner by name, not by address.
    await frame.locator('g.marker[data-event="A:quality-visit"][data-date="2026-06-09"]').focus();
    await page.keyboard.press('Enter');
    await frame.getByText('Vastuuhenkilö: Sami Esimies', { exact: true }).waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await page.close();
  });
});
