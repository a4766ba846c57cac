/** `npm test` runs this first: on a machine without Chromium, one line on what to do instead of a screen of browser-test failures. */
import { chromiumMissing } from './chromium-path';

const missing = chromiumMissing();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}
