/**
 * Tab benchmarks (prints figures, asserts nothing). Needs a fresh `tabs/dist` and the emulator CA:
 *   npx vite build --config tabs/vite.config.ts
 *   npm run bench:tabs -- [--clients 50] [--requests 40] [--runs 5] [--skip-load] [--skip-api] [--only toc,config]
 *     [--pace-ms 200] [--paced-requests 25]
 *     [--routed: host page via Playwright routing, as the browser tests] [--in-process: API clients on the server thread]
 *     [--no-wrk] [--wrk-seconds 4]
 * TABS_DIST=<folder> benchmarks another build (e.g. one made with `--outDir`).
 * 1. JavaScript shipped per tab, gzipped (shared chunks counted once in the total). Target ≤ 300 kB per tab.
 * 2. Cold load of each tab on loopback in headless chromium inside the test Teams host, to first
 *    rendered content (teams-js handshake + SSO token + API call included). Target ≤ 1 s.
 * 3a. Tab API latency, closed loop: N clients each sending requests back to back (clock view, accounts list,
 *    quality card, TOC): peak throughput; p95 cannot fall below N / throughput (Little's law).
 * 3b. Tab API latency, paced: N clients each sending one request every --pace-ms (default 200, ±50 % jitter),
 *    i.e. N×5 req/s offered at the defaults: the latency at a realistic load. Target p95 ≤ 50 ms.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { OWNER_A, SUPERVISOR_A, DIRECTOR, ROOT, startTabsHarness, type TabsHarness } from '../tests/tabs/harness';
import type { Browser } from 'playwright-core';
import { launchBrowser, openTab, TABS_DIST } from '../tests/browser/browser-harness';

const arg = (name: string, def: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : def);
const CLIENTS = arg('--clients', 50);
const REQUESTS = arg('--requests', 40);
const RUNS = arg('--runs', 5);
/** Paced API measurement (3b): one request per client every PACE_MS (±50 % jitter), PACED_REQUESTS each. */
const PACE_MS = arg('--pace-ms', 200);
const PACED_REQUESTS = arg('--paced-requests', 25);
const API_PATHS = [
  '/api/v1/accounts/A/clock?year=2026',
  '/api/v1/accounts',
  '/api/v1/accounts/A/quality/2026-04',
  '/api/v1/accounts/A/toc',
];
const SKIP_LOAD = process.argv.includes('--skip-load');
const SKIP_API = process.argv.includes('--skip-api');
/**
 * The closed loop (3a) also runs with wrk when it is installed (`apt-get install wrk`): a C load generator
 * needs ~1/10 of the CPU per request that Node's HTTP client does, so on this 2-core machine the figure is
 * the server's, not the clients' (real clients are 50 other machines). `--no-wrk` skips it.
 */
const WRK = !process.argv.includes('--no-wrk') && !spawnSync('wrk', ['--version']).error;
const WRK_SECONDS = arg('--wrk-seconds', 4);
/** `--routed` loads the host through Playwright routing, as the browser tests do (slower: see openTabUnrouted). */
const ROUTED = process.argv.includes('--routed');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
const PAGES = ['annual-clock', 'quality-card', 'toc', 'accounts', 'config'];
// First element that shows loaded data (not the shell or a spinner).
const READY: Record<string, string> = {
  'annual-clock': 'svg.wheel-svg g.marker',
  'quality-card': 'tr[data-kpi]',
  toc: '#contracts-h',
  accounts: '[data-account]',
  config: 'input[type="radio"]',
};
const DIST = process.env.TABS_DIST ? path.resolve(process.env.TABS_DIST) : TABS_DIST;

/**
 * Runs in every frame before its scripts: a tab frame records (in its own clock) when its READY
 * element first appears, so the figure does not include Playwright's polling.
 */
function readyObserver(ready: Record<string, string>) {
  const page = /^\/tabs\/([\w-]+)\.html$/.exec(location.pathname)?.[1];
  const sel = page ? ready[page] : undefined;
  if (!sel) return;
  const w = window as unknown as { __ready?: number };
  const check = () => {
    if (w.__ready === undefined && document.querySelector(sel)) {
      w.__ready = Math.round(performance.now());
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true });
}

/**
 * Opens the test Teams host with the tab like tests/browser's openTab, but the host files come from
 * the app server itself: Playwright's request routing (page.route) would otherwise intercept every
 * request of the page, the tab's scripts included, and add a round trip through this process to each.
 */
async function openTabUnrouted(
  browser: Browser,
  o: { baseUrl: string; tab: string; token: () => Promise<string>; extra: Record<string, string> },
) {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'fi-FI',
    timezoneId: 'Europe/Helsinki',
    reducedMotion: 'reduce',
  });
  await page.exposeFunction('__ssoToken', o.token);
  const q = new URLSearchParams({ tab: o.tab, theme: 'dark', locale: 'fi-fi', ...o.extra });
  await page.goto(`${o.baseUrl}/__host/host.html?${q}`);
  const frame = (await (await page.waitForSelector('iframe#tab')).contentFrame())!;
  return { page, frame };
}

function serveHostPage(h: TabsHarness): void {
  const dir = path.join(ROOT, 'tests/browser/host');
  h.server.get('/__host/:file', async (req, res) => {
    const file = path.join(dir, path.basename(String(req.params.file)));
    res.setHeader('Content-Type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
    res.writeHead(200);
    res.end(fs.readFileSync(file));
  });
}

/** The same browser, but every new page gets the ready observer first. */
function tracingBrowser(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, prop) {
      if (prop !== 'newPage') return Reflect.get(target, prop);
      return async (...args: Parameters<Browser['newPage']>) => {
        const page = await target.newPage(...args);
        // tsx wraps named inner functions in `__name(...)`; the page needs that helper for the functions below.
        await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
        await page.addInitScript(readyObserver, READY);
        return page;
      };
    },
  });
}

/** Where the load spent its time, from the frame's performance entries (ms since its navigation start; -1 = none). */
function timings() {
  const r = (n: number | undefined) => (n === undefined ? -1 : Math.round(n));
  const markAt = (name: string) => r(performance.getEntriesByName(`tab:${name}`)[0]?.startTime);
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const js = res.filter((e) => /\.js(\?|$)/.test(e.name));
  const apis = res.filter((e) => e.name.includes('/api/v1/'));
  const ready = (window as unknown as { __ready?: number }).__ready ?? -1;
  return {
    ready,
    html: r(nav?.responseEnd),
    js: js.length ? r(Math.max(...js.map((e) => e.responseEnd))) : -1,
    script: markAt('script'),
    init: markAt('teams-init'),
    token: markAt('sso-token'),
    api0: apis.length ? r(Math.min(...apis.map((e) => e.startTime))) : -1,
    api1: apis.length ? r(Math.max(...apis.filter((e) => e.responseEnd <= ready).map((e) => e.responseEnd), -1)) : -1,
    apiCalls: apis.filter((e) => e.startTime <= ready).length,
    fcp: r(performance.getEntriesByName('first-contentful-paint')[0]?.startTime),
  };
}

function jsOfPage(page: string): string[] {
  const html = fs.readFileSync(path.join(DIST, `${page}.html`), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/tabs\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
}

function gz(file: string): number {
  return zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/*
 * The load generator runs in a worker thread so that the clients' own HTTP work does not queue on
 * the server's event loop (real clients are other machines). `--in-process` runs them on the
 * server's thread instead, as this bench did before (a pessimistic figure on 2 cores).
 */
type LoadResult = { lat: number[]; failed: number; ms: number };

async function loadClients(w: { url: string; tokens: string[]; requests: number }): Promise<LoadResult> {
  // node:http, not fetch: fetch's own CPU (~1 ms a request in this thread) capped the load at ~1,100 req/s
  // even for /healthz while the server thread idled half the time, so the figure measured the client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the worker thread's own module scope
  const http: typeof import('node:http') = require('node:http');
  const u = new URL(w.url);
  const lat: number[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    w.tokens.map(async (token) => {
      // One kept-alive connection per client, as a browser tab has.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < w.requests; i++) {
        const t0 = performance.now();
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.get(
            { host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers: { authorization: 'Bearer ' + token } },
            (res) => {
              res.on('data', () => undefined);
              res.on('end', () => resolve(res.statusCode ?? 0));
              res.on('error', reject);
            },
          );
          req.on('error', reject);
        });
        if (status !== 200) failed++;
        lat.push(performance.now() - t0);
      }
      agent.destroy();
    }),
  );
  return { lat, failed, ms: performance.now() - started };
}

/**
 * Open-loop ("paced") clients: each client sends one request every `intervalMs` (±50 % jitter, so the
 * clients do not march in step), whether or not its previous answer has come back. Unlike the closed
 * loop above, the offered rate is fixed (clients × 1000 / intervalMs per second), so the latency shows
 * what a request meets at that load, not the queue the benchmark itself keeps full.
 */
async function pacedClients(w: { url: string; tokens: string[]; requests: number; intervalMs: number }): Promise<LoadResult> {
  // Self-contained like loadClients (each is sent to its worker as source text, without helpers).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the worker thread's own module scope
  const http: typeof import('node:http') = require('node:http');
  const u = new URL(w.url);
  const agent = new http.Agent({ keepAlive: true });
  const lat: number[] = [];
  let failed = 0;
  const started = performance.now();
  const one = async (token: string) => {
    const t0 = performance.now();
    const status = await new Promise<number>((resolve) => {
      const req = http.get(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers: { authorization: 'Bearer ' + token } },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
    });
    if (status !== 200) failed++;
    lat.push(performance.now() - t0);
  };
  await Promise.all(
    w.tokens.map(async (token) => {
      const sent: Promise<void>[] = [];
      // A random start spreads the clients over the first interval.
      await new Promise((r) => setTimeout(r, Math.random() * w.intervalMs));
      for (let i = 0; i < w.requests; i++) {
        sent.push(one(token));
        await new Promise((r) => setTimeout(r, w.intervalMs * (0.5 + Math.random())));
      }
      await Promise.all(sent);
    }),
  );
  agent.destroy();
  return { lat, failed, ms: performance.now() - started };
}

function runPaced(url: string, tokens: string[], requests: number, intervalMs: number): Promise<LoadResult> {
  return inWorker(pacedClients, { url, tokens, requests, intervalMs });
}

function runLoad(url: string, tokens: string[], requests: number): Promise<LoadResult> {
  return inWorker(loadClients, { url, tokens, requests });
}

/** Runs a client function in a worker thread, so the clients do not share the server's thread (`--in-process`: here). */
function inWorker<D>(clients: (data: D) => Promise<LoadResult>, data: D): Promise<LoadResult> {
  if (process.argv.includes('--in-process')) return clients(data);
  // `__name` is the helper tsx adds to keep function names; the worker gets the compiled source.
  const code = `const __name = (f) => f; const { parentPort, workerData } = require('node:worker_threads'); (${clients.toString()})(workerData).then((r) => parentPort.postMessage(r));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: data });
    worker.once('message', (m: LoadResult) => resolve(m));
    worker.once('error', reject);
  });
}

/** CPU seconds used so far by this process's main thread (the server's), Linux only; NaN elsewhere. */
function mainThreadCpuSec(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

async function apiLatency(h: TabsHarness): Promise<void> {
  console.log(
    `\n3a. Tab API latency, closed loop (saturation): ${CLIENTS} clients × ${REQUESTS} requests back to back, each client with its own SSO token (ms)`,
  );
  console.log(`   every client sends its next request as soon as the last one is answered, so ${CLIENTS} requests are always queued:`);
  console.log(`   by Little's law p50/p95 are at least ${CLIENTS} / throughput. This shows peak throughput, not the latency a user meets.`);
  console.log('   "server CPU" = CPU time of the server thread per request (varies far less with other load than latency does)');
  console.log(
    `   clients run ${process.argv.includes('--in-process') ? "on the server's own thread (--in-process)" : 'in a worker thread'}; owners see A, supervisors A and Z`,
  );
  const users = [OWNER_A, SUPERVISOR_A];
  const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => h.token(users[i % users.length])));
  // Warm-up: JWKS, the default event set, and a short load on every path first, so that no path's
  // figure includes compiling the server's and the clients' code (whichever path ran first paid it:
  // p95 60-72 ms first, 44-46 ms for the same path measured second).
  for (const p of API_PATHS) await fetch(h.url + p, { headers: { authorization: `Bearer ${await h.token(OWNER_A)}` } });
  for (const p of API_PATHS) await runLoad(h.url + p, tokens, Math.max(1, Math.round(REQUESTS / 4)));
  for (const p of API_PATHS) {
    const cpu0 = mainThreadCpuSec();
    const { lat, failed, ms } = await runLoad(h.url + p, tokens, REQUESTS);
    const cpu = ((mainThreadCpuSec() - cpu0) * 1000) / lat.length;
    if (failed) throw new Error(`${p}: ${failed} requests failed`);
    console.log(
      `   ${p.padEnd(40)} p50 ${pct(lat, 50).toFixed(1).padStart(6)}  p95 ${pct(lat, 95).toFixed(1).padStart(6)}  max ${Math.max(...lat)
        .toFixed(1)
        .padStart(6)}  ${(lat.length / (ms / 1000)).toFixed(0).padStart(5)} req/s  server CPU ${cpu.toFixed(2)} ms/req`,
    );
  }
  if (WRK) await wrkLatency(h, tokens);
  const offered = (CLIENTS * 1000) / PACE_MS;
  console.log(`\n3b. Tab API latency, paced (open loop): ${CLIENTS} concurrent clients, each one request every ${PACE_MS} ms ±50 % jitter`);
  console.log(
    `   (${offered.toFixed(0)} req/s offered, ${PACED_REQUESTS} requests per client; a request is sent on time even if the previous one is still open) (ms)`,
  );
  for (const p of API_PATHS) {
    const cpu0 = mainThreadCpuSec();
    const { lat, failed, ms } = await runPaced(h.url + p, tokens, PACED_REQUESTS, PACE_MS);
    const cpu = ((mainThreadCpuSec() - cpu0) * 1000) / lat.length;
    if (failed) throw new Error(`${p}: ${failed} paced requests failed`);
    console.log(
      `   ${p.padEnd(40)} p50 ${pct(lat, 50).toFixed(1).padStart(6)}  p95 ${pct(lat, 95).toFixed(1).padStart(6)}  max ${Math.max(...lat)
        .toFixed(1)
        .padStart(6)}  ${(lat.length / (ms / 1000)).toFixed(0).padStart(5)} req/s served  server CPU ${cpu.toFixed(2)} ms/req`,
    );
  }
}

/** 3a with wrk: one thread, CLIENTS connections, each request with the next client's token, for WRK_SECONDS per path. */
async function wrkLatency(h: TabsHarness, tokens: string[]): Promise<void> {
  console.log(`\n3a'. The same closed loop with wrk (C): ${CLIENTS} connections for ${WRK_SECONDS} s per path, after a 1 s warm-up (ms)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
  const script = path.join(dir, 'tokens.lua');
  fs.writeFileSync(
    script,
    [
      `local tokens = {${tokens.map((t) => JSON.stringify(t)).join(',')}}`,
      'local i = 0',
      'request = function() i = i % #tokens + 1; return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[i] }) end',
      'done = function(s, l) io.write(string.format("WRK %f %f %f %f %d %d %d\\n", l:percentile(50) / 1000, l:percentile(95) / 1000, l:percentile(99) / 1000, l.max / 1000, s.requests, s.duration, s.errors.status + s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout)) end',
    ].join('\n'),
    { mode: 0o600 },
  );
  const run = (url: string, seconds: number) =>
    new Promise<number[]>((resolve, reject) =>
      execFile('wrk', ['-t1', `-c${CLIENTS}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url], (err, out) => {
        const m = /^WRK (.*)$/m.exec(out);
        if (err || !m) reject(err ?? new Error(`wrk printed no summary: ${out}`));
        else resolve(m[1].split(' ').map(Number));
      }),
    );
  try {
    for (const p of API_PATHS) {
      await run(h.url + p, 1);
      const cpu0 = mainThreadCpuSec();
      const [p50, p95, p99, max, n, us, errors] = await run(h.url + p, WRK_SECONDS);
      const cpu = ((mainThreadCpuSec() - cpu0) * 1000) / n;
      if (errors) throw new Error(`${p}: ${errors} wrk requests failed`);
      console.log(
        `   ${p.padEnd(40)} p50 ${p50.toFixed(1).padStart(6)}  p95 ${p95.toFixed(1).padStart(6)}  p99 ${p99.toFixed(1).padStart(6)}  max ${max.toFixed(1).padStart(6)}  ${(n / (us / 1e6)).toFixed(0).padStart(5)} req/s  server CPU ${cpu.toFixed(2)} ms/req`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log('1. JavaScript per tab (gzip -9)');
  const all = new Set<string>();
  for (const p of PAGES) {
    const files = jsOfPage(p);
    files.forEach((f) => all.add(f));
    console.log(`   ${p.padEnd(13)} ${(files.reduce((n, f) => n + gz(f), 0) / 1024).toFixed(1).padStart(7)} kB in ${files.length} files`);
  }
  console.log(`   all tabs, shared chunks once: ${([...all].reduce((n, f) => n + gz(f), 0) / 1024).toFixed(1)} kB`);

  const h = await startTabsHarness('sqlite', { tabsDir: DIST });
  // The browser only for the loads, and closed before the API figures: an idle Chromium still takes CPU.
  const browser = SKIP_LOAD ? undefined : await launchBrowser();
  try {
    if (browser) {
      console.log(`\n2. Cold load (new browser context, empty cache) to first meaningful content, median / max of ${RUNS} runs, ms`);
      console.log('   "tab" = from the tab frame\'s navigation start to the first element that shows loaded data (READY selector),');
      console.log('   recorded inside the page by a MutationObserver; "with host" = also loading the test host page, which answers');
      console.log("   getAuthToken from a cached token, as Teams does. The breakdown (medians, ms since the frame's navigation start):");
      console.log('   html = HTML received, js = last script received, script = shared module evaluated, init = teams-js initialize');
      console.log('   answered, token = SSO token, api0 = first API request sent, api1 = last API response of the load, fcp = first paint');
      const cachedToken = await h.token(DIRECTOR);
      const tracing = tracingBrowser(browser);
      if (!ROUTED) serveHostPage(h);
      for (const p of PAGES.filter((x) => !ONLY || ONLY.includes(x))) {
        const inFrame: number[] = [];
        const total: number[] = [];
        const parts: Record<string, number[]> = {};
        for (let i = 0; i < RUNS; i++) {
          const started = Date.now();
          const { page, frame } = await (ROUTED ? openTab : openTabUnrouted)(tracing, {
            baseUrl: h.url,
            tab: `/tabs/${p}.html${p === 'accounts' || p === 'config' ? '' : '?account=A'}`,
            token: () => h.token(DIRECTOR),
            extra: { token: cachedToken },
          });
          await frame.waitForFunction(() => (window as unknown as { __ready?: number }).__ready, undefined, { timeout: 15000 });
          total.push(Date.now() - started);
          const t = await frame.evaluate(timings);
          inFrame.push(t.ready);
          for (const [k, v] of Object.entries(t)) if (v >= 0) (parts[k] ??= []).push(v);
          await page.context().close();
        }
        const med = (k: string) => (parts[k] ? String(pct(parts[k], 50)) : '–');
        console.log(
          `   ${p.padEnd(13)} tab ${String(pct(inFrame, 50)).padStart(5)} / ${String(Math.max(...inFrame)).padStart(5)}    with host ${String(pct(total, 50)).padStart(5)} / ${Math.max(...total)}`,
        );
        console.log(
          `   ${''.padEnd(13)} html ${med('html')}  js ${med('js')}  script ${med('script')}  init ${med('init')}  token ${med('token')}  api0 ${med('api0')}  api1 ${med('api1')}  fcp ${med('fcp')}  (${med('apiCalls')} API calls)`,
        );
      }
    }

    await browser?.close();
    if (!SKIP_API) await apiLatency(h);
  } finally {
    await browser?.close();
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
