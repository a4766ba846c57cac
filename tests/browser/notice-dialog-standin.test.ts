/**
 * The notice dialog in the local Teams stand-in (/dev/), in Chromium: a key account director types
 * "tiedote" in the account channel, opens the dialog from the reply card's button (task/fetch), fills
 * it in Finnish, sees the preview (task/submit) and sends; the notice is posted to the channel.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ADMIN_GROUP, DIRECTOR_GROUP, startBed, USERS, type Bed, channelPosts, cardOf, cardText } from '../messaging/fixture';
import { launchBrowser, SCREENSHOT_DIR } from './browser-harness';

jest.setTimeout(90_000);

describe('the notice dialog in the stand-in', () => {
  let bed: Bed;
  let browser: Browser;

  beforeAll(async () => {
    bed = await startBed({ env: { APP_LOCALE: 'fi' }, envFor: (em) => ({ LOCAL_EMULATOR_URL: em.url }) });
    bed.em.setGroupMembers(DIRECTOR_GROUP, [USERS.director.email]);
    bed.em.setGroupMembers(ADMIN_GROUP, [USERS.admin.email]);
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await bed?.close();
  });

  it.each([1280, 360])('a key account director writes, previews and sends a notice at %i px', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'fi-FI', timezoneId: 'Europe/Helsinki' });
    await page.goto(`${bed.app.url}/dev/?as=keyAccountDirector&theme=default&lang=fi`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('button', { name: 'Alfa Oy (100001)' }).click();
    await page.getByRole('tab', { name: 'Viestit' }).click();
    await page.getByRole('textbox', { name: /Kirjoita botille/ }).fill('tiedote');
    await page.getByRole('button', { name: 'Lähetä' }).click();

    await page.getByRole('button', { name: 'Kirjoita tiedote' }).first().click();
    const dialog = page.locator('dialog#dialog[open]');
    await dialog.waitFor();
    await dialog.getByLabel('Otsikko').fill(`Vesikatko ${width}`);
    await dialog.getByLabel('Teksti').fill('Vesi poikki **klo 8–12**.\n- Ilmoita asukkaille');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `standin-notice-dialog-${width}.png`) });
    await dialog.getByRole('button', { name: 'Esikatsele' }).click();
    await dialog.getByText('Näin tiedote näkyy kanavalla:').waitFor();
    await dialog.getByText('Kanavat (1): Alfa Oy').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `standin-notice-preview-${width}.png`) });
    await dialog.getByRole('button', { name: 'Lähetä', exact: true }).click();
    await page
      .locator('dialog#dialog[open]')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    expect(await page.locator('dialog#dialog[open]').count()).toBe(0);

    for (let i = 0; i < 100 && !posted(width); i++) await page.waitForTimeout(100);
    expect(posted(width)).toBe(true);
    await page.close();
  });

  const posted = (width: number) => channelPosts(bed, bed.channels.A).some((a) => cardText(cardOf(a)).includes(`Vesikatko ${width}`));
});
