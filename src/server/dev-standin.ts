/**
 * The local Teams stand-in at /dev/ (a development and demo tool): pick a sample person, see the
 * team's channels, open their tabs in a frame that speaks the teams-js protocol with a real SSO token
 * from the local emulator, and talk to the bot as Teams would (signed Bot Framework activities to
 * /api/messages; the bot's answers are read back from the emulator's Bot Connector). Served only when
 * the app runs against the local emulator (LOCAL_EMULATOR_URL, not in production); refused otherwise.
 */
import { JSON_BODY, readBody, type BodySource } from '../http/read-body';
import fs from 'node:fs';
import type { Request, Response, Server } from 'restify';
import { teamIdsOf, type AppConfig } from '../config/schema';
import { repoPath } from '../config/repo-root';
import type { Store } from '../store';
import { billingRoleOf } from '../domain/access-reason';
import { staticFiles } from './static-files';
import type { ApiRoutes } from '../http/api-routes';
import { AppError } from '../errors/app-error';

const STANDIN_DIR = repoPath('standin');
const VENDOR: Record<string, string> = { 'adaptivecards.js': require.resolve('adaptivecards/dist/adaptivecards.js') };

export type PersonaKind = 'keyAccountDirector' | 'supervisor' | 'regionalDirector' | 'director' | 'admin' | 'outsider';
export interface Persona {
  kind: PersonaKind;
  email: string;
  name: string;
  objectId: string;
}

interface EmulatorUser {
  id: string;
  displayName: string;
  mail: string;
}
interface EmulatorState {
  users: EmulatorUser[];
  teams: { id: string; channels: { id: string; displayName: string; deleted: boolean }[] }[];
  conversations: { id: string; userId?: string; activities: { id: string; deleted: boolean; activity: Record<string, unknown> }[] }[];
}

export function devStandinRoutes(config: AppConfig, deps: { store: Store; appUrl: () => string }): ApiRoutes {
  const emulator = config.NODE_ENV !== 'production' ? config.LOCAL_EMULATOR_URL?.replace(/\/$/, '') : undefined;
  return {
    register(server: Server) {
      if (!emulator) {
        server.get('/dev/*', async (_req: Request, res: Response) => {
          res.status(404);
          res.json({ error: { code: 'NOT_FOUND', message: 'The Teams stand-in runs only against the local emulator (npm start).' } });
        });
        return;
      }
      const em = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
        const r = await fetch(`${emulator}${p}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!r.ok) throw new AppError('UPSTREAM', `emulator ${p}: ${r.status}`);
        return (await r.json()) as T;
      };
      // There is no global body parser (bodies are read per route, capped): read this route's JSON here.
      const json = (handler: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
        try {
          if (req.method === 'POST') {
            const body = await readBody(req as unknown as BodySource, JSON_BODY);
            req.body = body.kind === 'json' ? body.value : undefined;
          }
          res.json(await handler(req));
        } catch (err) {
          res.status(502);
          res.json({ error: { code: 'UPSTREAM', message: (err as Error).message } });
        }
      };

      server.get(
        '/dev/api/people',
        json(async () =>
          personas(
            deps.store,
            await em<EmulatorState>('GET', '/_emulator/state'),
            await em<Record<string, string[]>>('GET', '/_emulator/dev/groups'),
            config,
          ),
        ),
      );
      server.get(
        '/dev/api/channels',
        json(async () => {
          const accounts = (await deps.store.accounts.list()).filter((a) => a.channelId && a.channelState !== 'archived');
          return {
            teamId: teamIdsOf(config)[0],
            tenantId: config.AAD_APP_TENANT_ID,
            botId: config.BOT_ID ?? 'local-bot-id',
            serviceUrl: config.BOT_SERVICE_URL,
            channels: [
              { id: teamIdsOf(config)[0], name: 'General', customerId: null },
              ...accounts.map((a) => ({ id: a.channelId!, name: a.channelName ?? a.name, customerId: a.customerId })),
            ],
          };
        }),
      );
      server.post(
        '/dev/api/token',
        json(async (req) => em('POST', '/_emulator/dev/user-token', { user: String((req.body as { user?: unknown })?.user ?? '') })),
      );
      server.post(
        '/dev/api/personal-chat',
        json(async (req) =>
          em('POST', '/_emulator/dev/personal-chat', { user: String((req.body as { user?: unknown })?.user ?? ''), appId: config.BOT_ID }),
        ),
      );
      server.get(
        '/dev/api/messages',
        json(async (req) => {
          const id = String((req.query as Record<string, unknown>).conversation ?? '');
          const state = await em<EmulatorState>('GET', '/_emulator/state');
          return state.conversations
            .filter((c) => c.id === id || c.id.startsWith(`${id};messageid=`))
            .flatMap((c) => c.activities.filter((a) => !a.deleted).map((a) => ({ conversationId: c.id, id: a.id, activity: a.activity })));
        }),
      );
      server.post(
        '/dev/api/activity',
        json(async (req) => {
          const { token } = await em<{ token: string }>('POST', '/_emulator/dev/channel-token');
          const r = await fetch(`${deps.appUrl()}/api/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(req.body),
          });
          const text = await r.text();
          return { status: r.status, body: text ? (JSON.parse(text) as unknown) : null };
        }),
      );
      server.get('/dev/vendor/:file', async (req: Request, res: Response) => {
        const file = VENDOR[String(req.params.file)];
        if (!file) {
          res.status(404);
          return res.end();
        }
        res.setHeader('content-type', 'text/javascript; charset=utf-8');
        res.sendRaw(200, fs.readFileSync(file));
      });
      const serve = staticFiles(STANDIN_DIR, '/dev/');
      server.get('/dev/*', async (req: Request, res: Response) => {
        await new Promise<void>((resolve) => {
          res.once('finish', resolve);
          res.once('close', resolve);
          serve(req, res);
        });
      });
    },
  };
}

/** One person of each kind from the sample data, around the first account that has a channel. */
function personas(store: Store, state: EmulatorState, groups: Record<string, string[]>, config: AppConfig): Promise<Persona[]> {
  return (async () => {
    const byEmail = new Map(state.users.map((u) => [u.mail, u]));
    const byId = new Map(state.users.map((u) => [u.id, u]));
    const out: Persona[] = [];
    const add = (kind: PersonaKind, u: EmulatorUser | undefined) => {
      if (u && !out.some((p) => p.kind === kind)) out.push({ kind, email: u.mail, name: u.displayName, objectId: u.id });
    };
    const accounts = (await store.accounts.list()).filter((a) => a.channelId).sort((a, b) => a.customerId.localeCompare(b.customerId));
    const inAccount = new Set<string>();
    for (const a of accounts.slice(0, 5)) {
      const members = await store.desiredMemberships.listForAccount(a.customerId);
      if (out.length === 0 && !members.length) continue;
      for (const m of members) {
        inAccount.add(m.email);
        const roles = m.reasons.map(billingRoleOf);
        if (roles.includes('key_account_director')) add('keyAccountDirector', byEmail.get(m.email));
        if (roles.includes('supervisor')) add('supervisor', byEmail.get(m.email));
        if (roles.includes('regional_director')) add('regionalDirector', byEmail.get(m.email));
      }
      if (out.length) break;
    }
    add('director', byId.get(groups[config.DIRECTOR_GROUP_ID ?? '']?.[0] ?? ''));
    add('admin', byId.get(groups[config.ADMIN_GROUP_ID ?? '']?.[0] ?? ''));
    const taken = new Set(out.map((p) => p.email));
    add(
      'outsider',
      state.users.find((u) => !inAccount.has(u.mail) && !taken.has(u.mail) && u.mail !== config.SERVICE_ACCOUNT_UPN),
    );
    const order: PersonaKind[] = ['keyAccountDirector', 'supervisor', 'regionalDirector', 'director', 'admin', 'outsider'];
    return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  })();
}
