import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Which precompressed copy (written by the tabs build) the client accepts, best first. */
function encodingsFor(acceptEncoding: string | undefined): { ext: string; name: string }[] {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name.trim().toLowerCase()),
  );
  return [
    { ext: '.br', name: 'br' },
    { ext: '.gz', name: 'gzip' },
  ].filter((e) => accepted.has(e.name));
}

function statFile(file: string): Promise<fs.Stats | undefined> {
  return fs.promises.stat(file).then(
    (st) => (st.isFile() ? st : undefined),
    () => undefined,
  );
}

interface Variant {
  file: string;
  size: number;
  encoding?: string;
}

/** The file (or its best precompressed copy the client accepts), or undefined when missing. */
async function pick(file: string, acceptEncoding: string | undefined): Promise<Variant | undefined> {
  const st = await statFile(file);
  if (!st) return undefined;
  for (const e of encodingsFor(acceptEncoding)) {
    const cst = await statFile(file + e.ext);
    if (cst) return { file: file + e.ext, size: cst.size, encoding: e.name };
  }
  return { file, size: st.size };
}

/**
 * Serves built tab files below `root` for URLs under `prefix`. Hashed assets are cached for a year
 * (and kept in memory here: their content never changes); HTML is revalidated every time so a deploy
 * takes effect at once. A `.br`/`.gz` copy beside a file is sent instead when the client accepts it.
 * Paths that escape `root` get 404.
 */
export function staticFiles(
  root: string,
  prefix: string,
  o: { memoryBytes?: number; /** Content-Security-Policy for HTML pages. */ csp?: string } = {},
) {
  const base = path.resolve(root);
  const memoryLimit = o.memoryBytes ?? 64 * 1024 * 1024;
  let memoryUsed = 0;
  const memory = new Map<string, { body: Buffer; encoding?: string }>();

  return (req: Request, res: Response): void => {
    const urlPath = decodeURIComponent((req.path() || '').slice(prefix.length)) || 'index.html';
    const file = path.resolve(base, '.' + path.posix.normalize('/' + urlPath));
    const ext = path.extname(file).toLowerCase();
    if (!file.startsWith(base + path.sep) || ext === '.br' || ext === '.gz') {
      res.status(404);
      res.end();
      return;
    }
    const hashed = /^assets\//.test(urlPath);
    const accept = req.headers['accept-encoding'] as string | undefined;
    const send = (size: number, encoding: string | undefined, write: () => void) => {
      res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
      res.setHeader('Content-Length', size);
      if (encoding) res.setHeader('Content-Encoding', encoding);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (ext === '.html' && o.csp) res.setHeader('Content-Security-Policy', o.csp);
      res.setHeader('Cache-Control', ext === '.html' ? 'no-cache' : hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      res.writeHead(200);
      if (req.method === 'HEAD') res.end();
      else write();
    };
    const key = `${encodingsFor(accept)
      .map((e) => e.name)
      .join(',')}|${file}`;
    const cached = hashed ? memory.get(key) : undefined;
    if (cached) {
      send(cached.body.length, cached.encoding, () => res.end(cached.body));
      return;
    }
    void (async () => {
      const v = await pick(file, accept);
      if (!v) {
        res.status(404);
        res.end();
        return;
      }
      if (hashed && memoryUsed + v.size <= memoryLimit) {
        const body = await fs.promises.readFile(v.file);
        if (!memory.has(key)) {
          memory.set(key, { body, encoding: v.encoding });
          memoryUsed += body.length;
        }
        send(body.length, v.encoding, () => res.end(body));
        return;
      }
      send(v.size, v.encoding, () => fs.createReadStream(v.file).pipe(res));
    })().catch(() => {
      if (!res.headersSent) res.status(500);
      res.end();
    });
  };
}
