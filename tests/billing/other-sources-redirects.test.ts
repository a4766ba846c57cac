/**
 * Issue 10 item 3: the URL billing source and redirects, against local https servers that the
 * emulator's CA signs (NODE_EXTRA_CA_CERTS). The credential never leaves the configured origin,
 * https never goes down to http, redirects are capped, and the error names the hop.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ensureCa, issueServerCert } from '../../emulator/tls';
import { canonical, headOfSample, importBilling, rejection } from './helpers';

const TOKEN = 'Bearer billing-secret-123';
const ROOT = path.resolve(__dirname, '../..');

interface Seen {
  path: string;
  authorization?: string;
}

describe('billing URL source and redirects', () => {
  const servers: (http.Server | https.Server)[] = [];
  const seen: Record<'a' | 'b' | 'plain', Seen[]> = { a: [], b: [], plain: [] };
  let a: string;
  let b: string;
  let plain: string;
  let csv: Buffer;

  async function listen(server: http.Server | https.Server, scheme: string): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function handler(name: keyof typeof seen) {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen[name].push({ path: url.pathname, authorization: req.headers.authorization });
      const go = url.searchParams.get('go');
      if (go) res.writeHead(302, { location: go }).end();
      else if (url.pathname === '/loop') res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` }).end();
      else if (url.pathname === '/rows.csv') res.writeHead(200, { 'content-type': 'text/csv' }).end(csv);
      else res.writeHead(404).end();
    };
  }

  beforeAll(async () => {
    csv = readFileSync(headOfSample(20));
    const tls = await issueServerCert(await ensureCa(path.join(ROOT, '.emulator')));
    a = await listen(https.createServer(tls, handler('a')), 'https');
    b = await listen(https.createServer(tls, handler('b')), 'https');
    plain = await listen(http.createServer(handler('plain')), 'http');
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
  beforeEach(() => {
    for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] = [];
  });

  it('keeps the credential on a redirect within the same origin', async () => {
    const imp = await importBilling(`${a}/start?go=${encodeURIComponent('/rows.csv')}`, canonical(), { authHeader: TOKEN });
    expect(imp.stats.rows).toBe(20);
    expect(seen.a.map((s) => [s.path, s.authorization])).toEqual([
      ['/start', TOKEN],
      ['/rows.csv', TOKEN],
    ]);
  });

  it('drops the credential when a redirect leaves the origin, and on every hop after it', async () => {
    const back = `${a}/rows.csv`;
    const viaB = `${b}/hop?go=${encodeURIComponent(back)}`;
    const imp = await importBilling(`${a}/start?go=${encodeURIComponent(viaB)}`, canonical(), { authHeader: TOKEN });
    expect(imp.stats.rows).toBe(20);
    expect(seen.b).toEqual([{ path: '/hop', authorization: undefined }]);
    expect(seen.a.map((s) => [s.path, s.authorization])).toEqual([
      ['/start', TOKEN],
      ['/rows.csv', undefined],
    ]);
  });

  it('refuses a redirect from https to plain http, naming both URLs, and sends nothing there', async () => {
    const err = await rejection(
      importBilling(`${a}/start?go=${encodeURIComponent(`${plain}/rows.csv?key=zz`)}`, canonical(), { authHeader: TOKEN }),
    );
    expect(err.reason).toBe('HTTP_REDIRECT');
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toContain(`${a}/start`);
    expect(err.message).toContain(`${plain}/rows.csv`);
    expect(err.message).not.toContain('key=zz');
    expect(err.message).not.toContain('billing-secret');
    expect(seen.plain).toEqual([]);
  });

  it('caps redirects at 5 and says where the last one went', async () => {
    const err = await rejection(importBilling(`${a}/loop`, canonical(), { authHeader: TOKEN }));
    expect(err.reason).toBe('HTTP_REDIRECT');
    expect(err.message).toMatch(/Too many redirects \(more than 5\)/);
    expect(err.message).toContain(`${a}/loop -> ${a}/loop`);
    expect(seen.a).toHaveLength(6);
  });
});
