/** Headless chromium + the test Teams host page around the real tab build (tabs/dist). */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { ROOT } from '../tabs/harness';
import { chromiumPath } from '../../scripts/chromium-path';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// The README's screenshots are refreshed on purpose (`npm run screenshots`), not by every test run,
// so a plain `npm test` leaves the working tree clean.
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : path.join(ROOT, '.test-output/screenshots');
export const TABS_DIST = path.join(ROOT, 'tabs/dist');
const HOST_DIR = path.join(__dirname, 'host');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function assertTabsBuilt(): void {
  if (!fs.existsSync(path.join(TABS_DIST, 'annual-clock.html')))
    throw new Error('tabs/dist is missing: run `npx vite build --config tabs/vite.config.ts` first');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export interface OpenTabOptions {
  baseUrl: string;
  /** e.g. '/tabs/annual-clock.html?account=A' */
  tab: string;
  token: () => Promise<string>;
  width?: number;
  height?: number;
  theme?: 'default' | 'dark' | 'contrast';
  locale?: string;
  extra?: Record<string, string>;
}

/** Opens the host page (served on the app's own origin via routing) with the tab in its iframe. */
export async function openTab(browser: Browser, o: OpenTabOptions): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.newPage({
    viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
    locale: 'fi-FI',
    timezoneId: 'Europe/Helsinki',
    reducedMotion: 'reduce',
  });
  await page.route(`${o.baseUrl}/__host/**`, (route) => {
    const file = path.join(HOST_DIR, path.basename(new URL(route.request().url()).pathname));
    return route.fulfill({ path: file, contentType: file.endsWith('.js') ? 'text/javascript' : 'text/html' });
  });
  await page.exposeFunction('__ssoToken', o.token);
  const q = new URLSearchParams({ tab: o.tab, theme: o.theme ?? 'dark', locale: o.locale ?? 'fi-fi', ...(o.extra ?? {}) });
  await page.goto(`${o.baseUrl}/__host/host.html?${q}`);
  const handle = await page.waitForSelector('iframe#tab');
  const frame = (await handle.contentFrame())!;
  return { page, frame };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core inside the tab's frame; returns serious and critical violations only. */
export async function seriousA11yViolations(frame: Frame): Promise<AxeViolation[]> {
  // Colours are checked once opening animations (e.g. a dialog fading in) have finished.
  await frame.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  // A closing modal dialog briefly leaves aria-hidden on the app root; check the settled page.
  await frame
    .waitForFunction(() => !document.querySelector('#root[aria-hidden="true"]'), undefined, { timeout: 3000 })
    .catch(() => undefined);
  await frame.evaluate(AXE_SOURCE);
  const result = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Fluent UI's focus manager (tabster) inserts aria-hidden focus sentinels that hand focus on at
    // once; axe flags them as aria-hidden-focus, a known false positive, so they are left out.
    return axe.run({ include: [document], exclude: [['[data-tabster-dummy]']] } as unknown, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
}

/** Resize to a phone and wait until the tab's frame has laid out at that width (it follows a frame later). */
export async function resizeToPhone(page: Page, frame: Frame, width = 360, height = 740): Promise<void> {
  await page.setViewportSize({ width, height });
  await frame.waitForFunction((w) => window.innerWidth <= w && document.documentElement.clientWidth <= w, width, { timeout: 10_000 });
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
