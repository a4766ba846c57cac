/** Tab files: compressed copies by Accept-Encoding, cache headers, and nothing outside the folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import type { Server } from 'restify';
import { silentLogger } from '../../src/logging/logger';
import { createServer } from '../../src/server/create-server';

const JS = 'export const answer = 42;\n'.repeat(200);

/** Raw GET (fetch would decompress and hide what the server sent). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('tab files', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tabs-dist-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    const js = path.join(dir, 'assets/app-abc123.js');
    fs.writeFileSync(js, JS);
    fs.writeFileSync(`${js}.gz`, zlib.gzipSync(JS));
    fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(JS));
    fs.writeFileSync(path.join(dir, 'assets/plain-def456.css'), 'body { margin: 0 }');
    fs.writeFileSync(path.join(dir, 'accounts.html'), '<!doctype html><title>Asiakkuudet</title>');
    fs.writeFileSync(path.join(os.tmpdir(), 'secret.txt'), 'nope');
    server = createServer({ logger: silentLogger, ping: async () => undefined, tabsDir: dir });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['br, gzip', 'br', (b: Buffer) => zlib.brotliDecompressSync(b)],
    ['gzip, deflate', 'gzip', (b: Buffer) => zlib.gunzipSync(b)],
    ['br;q=0, gzip', 'gzip', (b: Buffer) => zlib.gunzipSync(b)],
  ])('sends the precompressed copy a browser accepting "%s" can read', async (accept, encoding, decode) => {
    for (let i = 0; i < 2; i++) {
      // twice: the second answer comes from memory
      const r = await get(`${url}/tabs/assets/app-abc123.js`, { 'accept-encoding': accept });
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBe(encoding);
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(r.body.length).toBeLessThan(JS.length / 5);
      expect(decode(r.body).toString()).toBe(JS);
    }
  });

  it('sends the plain file to a client that accepts no compression, and files without a copy as they are', async () => {
    const r = await get(`${url}/tabs/assets/app-abc123.js`);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe(JS);
    const css = await get(`${url}/tabs/assets/plain-def456.css`, { 'accept-encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.body.toString()).toBe('body { margin: 0 }');
  });

  it('lets browsers keep hashed assets for a year but revalidate the HTML on every load', async () => {
    expect((await get(`${url}/tabs/assets/app-abc123.js`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const html = await get(`${url}/tabs/accounts.html`);
    expect(html.status).toBe(200);
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(html.body.toString()).toContain('Asiakkuudet');
  });

  it('answers 404 for missing files, compressed copies asked for directly and paths outside the folder', async () => {
    expect((await get(`${url}/tabs/assets/missing.js`)).status).toBe(404);
    expect((await get(`${url}/tabs/assets/app-abc123.js.gz`)).status).toBe(404);
    expect((await get(`${url}/tabs/..%2Fsecret.txt`)).status).toBe(404);
  });
});
