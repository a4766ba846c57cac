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

/**
 * Serves built tab files below `root` for URLs under `prefix`. Hashed assets are cached for a year;
 * HTML is never cached so a deploy takes effect at once. Paths that escape `root` get 404.
 */
export function staticFiles(root: string, prefix: string) {
  const base = path.resolve(root);
  return (req: Request, res: Response): void => {
    const urlPath = decodeURIComponent((req.path() || '').slice(prefix.length)) || 'index.html';
    const file = path.resolve(base, '.' + path.posix.normalize('/' + urlPath));
    if (!file.startsWith(base + path.sep)) {
      res.status(404);
      res.end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.status(404);
        res.end();
        return;
      }
      const ext = path.extname(file).toLowerCase();
      res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
      res.setHeader('Content-Length', st.size);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', ext === '.html' ? 'no-cache' : /assets\//.test(urlPath) ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      res.writeHead(200);
      fs.createReadStream(file).pipe(res);
    });
  };
}
