/**
 * The local Teams stand-in (/dev/) driven in Chromium as a person would: pick a supervisor, open the
 * annual clock tab (real SSO token from the emulator), acknowledge an urgent notice in the channel
 * (Action.Execute through the bot), open the weekly status dialog (task/fetch). Against the real app
 * and emulator; refused when the app does not run against the emulator.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { composeNotice } from '../../src/messaging/notices';
import { runWeeklyJob } from '../../src/messaging/weekly';
import { ADMIN_GROUP, DIRECTOR_GROUP, startBed, USERS, type Bed } from '../messaging/fixture';
import { assertTabsBuilt, launchBrowser, SCREENSHOT_DIR } from './browser-harness';

jest.setTimeout(90_000);

describe('the local Teams stand-in at /dev/', () => {
  let bed: Bed;
  let browser: Browser;
  let noticeId: string;

  beforeAll(async () => {
    assertTabsBuilt();
    bed = await startBed({ envFor: (em) => ({ LOCAL_EMULATOR_URL: em.url }) });
    bed.em.setGroupMembers(DIRECTOR_GROUP, [USERS.director.email]);
    bed.em.setGroupMembers(ADMIN_GROUP, [USERS.admin.email]);
    const deps = bed.app.messaging.deps;
    noticeId = (
      await composeNotice(deps, {
        author: { id: USERS.ownerA.id, name: 'Olli Owner' },
        title: 'Vesivuoto',
        body: 'Tarkistakaa kellarit.',
        targets: { accounts: ['100001'] },
      })
    ).notice.id;
    await runWeeklyJob(deps, { week: '2026-W48', customerIds: ['100001'] });
    await bed.app.messaging.deliver();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await bed?.close();
  });

  async function openAs(kind: string, o: { width?: number; theme?: string; lang?: string } = {}): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: o.width ?? 1280, height: 860 },
      locale: 'fi-FI',
      timezoneId: 'Europe/Helsinki',
      reducedMotion: 'reduce',
    });
    await page.goto(`${bed.app.url}/dev/?as=${kind}&theme=${o.theme ?? 'default'}&lang=${o.lang ?? 'fi'}`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  it('offers one person of each kind from the data', async () => {
    const people = await (await fetch(`${bed.app.url}/dev/api/people`)).json();
    expect(people.map((p: { kind: string; email: string }) => [p.kind, p.email])).toEqual([
      ['keyAccountDirector', USERS.ownerA.email],
      ['supervisor', USERS.sup1.email],
      ['regionalDirector', USERS.rd.email],
      ['director', USERS.director.email],
      ['admin', USERS.admin.email],
      ['outsider', expect.any(String)],
    ]);
  });

  it('a supervisor opens the annual clock, acknowledges the notice and opens the weekly status dialog', async () => {
    const page = await openAs('supervisor');
    expect(await page.locator('#person').inputValue()).toBe(USERS.sup1.email);
    await page.getByRole('button', { name: 'Alfa Oy (100001)' }).click();

    await page.getByRole('tab', { name: 'Vuosikello' }).click();
    const frame = page.frameLocator('iframe#tab');
    await frame.locator('svg, [role="img"]').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'standin-annual-clock.png') });

    await page.getByRole('tab', { name: 'Viestit' }).click();
    const notice = page.locator('article.post', { hasText: 'Vesivuoto' }).first();
    await notice.waitFor();
    const ack = notice.getByRole('button', { name: /Kuittaa|Acknowledge/ }).first();
    await ack.click();
    for (let i = 0; i < 100 && (await bed.store.acknowledgements.get(noticeId, USERS.sup1.id))?.kind !== 'ack'; i++)
      await page.waitForTimeout(100);
    expect((await bed.store.acknowledgements.get(noticeId, USERS.sup1.id))?.kind).toBe('ack');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'standin-notice.png') });

    const weekly = page.locator('article.post', { has: page.getByRole('button', { name: /Muokkaa|Päivitä|Edit/ }) }).first();
    await weekly
      .getByRole('button', { name: /Muokkaa|Päivitä|Edit/ })
      .first()
      .click();
    const dialog = page.locator('dialog#dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('.ac-adaptiveCard').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'standin-weekly-dialog.png') });
    await page.close();
  });

  it('talks to the bot in a personal chat, in English and dark at 360 px', async () => {
    const page = await openAs('keyAccountDirector', { width: 360, theme: 'dark', lang: 'en' });
    await page.getByRole('button', { name: 'Chat with the bot' }).click();
    await page.getByRole('textbox').fill('help');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('article.post .ac-adaptiveCard').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'standin-chat-dark-360.png'), fullPage: true });
    await page.close();
  });

  it('is refused when the app does not run against the local emulator', async () => {
    const other = await startBed({ env: { LOCAL_EMULATOR_URL: '' } });
    try {
      const r = await fetch(`${other.app.url}/dev/`);
      expect(r.status).toBe(404);
      expect((await r.json()).error.message).toContain('local emulator');
    } finally {
      await other.close();
    }
  });
});
