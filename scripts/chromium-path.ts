import fs from 'node:fs';

/** The Chromium the browser tests drive: CHROMIUM_PATH, or the Debian/Ubuntu package's binary. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** One line saying how to get Chromium, or undefined when it is there. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = chromiumPath(env);
  if (fs.existsSync(p)) return undefined;
  return `The browser tests need Chromium, not found at ${p}: install it (sudo apt-get install chromium) or set CHROMIUM_PATH=/path/to/chromium.`;
}
