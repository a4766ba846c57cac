import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { ApiRoutes } from '../http/api-routes';
import { repoPath } from '../config/repo-root';

const LEGAL_DIR = repoPath('legal');

/** The privacy statement and terms of use, at the URLs the Teams manifest names (privacyUrl, termsOfUseUrl). */
export function legalPages(): ApiRoutes {
  return {
    register(server: Server) {
      for (const page of ['privacy.html', 'terms.html']) {
        server.get(`/${page}`, async (_req: Request, res: Response) => {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.setHeader('cache-control', 'public, max-age=3600');
          res.sendRaw(200, fs.readFileSync(path.join(LEGAL_DIR, page)));
        });
      }
    },
  };
}
