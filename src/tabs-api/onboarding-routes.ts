import { z } from 'zod';
import { MUST_READ_ROLES } from '../domain/onboarding';
import { AppError } from '../errors/app-error';
import { onboardingStatus, requestReread } from '../messaging/onboarding';
import type { Store } from '../store';
import { accessTo, requireRead, type AccountAccess, type CallerRoles } from './access';
import type { HttpHandler, HttpRequest, HttpResponse, RouteServer } from './http';
import type { Caller } from './sso-auth';
import { mergeToc } from './toc-service';
import { mustReadSchema, type OnboardingView } from './contracts/toc';

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

/** What routes.ts lends: its authenticating wrapper and input parser. */
export interface OnboardingRouteKit {
  store: Store;
  wrap(h: (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>): HttpHandler;
  parse<T>(schema: z.ZodType<T>, input: unknown): T;
}

const idParam = z.string().min(1).max(200);

/**
 * Onboarding in the TOC tab: the owner marks items must-read for roles, asks for a re-read, and sees
 * who has completed. Owners change; owners, directors and admins see (members do not see each other's
 * progress).
 */
export function registerOnboardingRoutes(server: RouteServer, kit: OnboardingRouteKit): void {
  const { store, wrap, parse } = kit;
  const access = (ctx: Ctx) => accessTo(store, ctx.caller, ctx.roles, parse(idParam, ctx.req.params?.id));
  const overseer = async (ctx: Ctx): Promise<AccountAccess> => {
    const a = await access(ctx);
    requireRead(a);
    if (!a.owner && !ctx.roles.director && !ctx.roles.admin)
      throw new AppError('FORBIDDEN', `only owners see onboarding of account ${a.account.customerId}`);
    return a;
  };
  const owner = async (ctx: Ctx): Promise<AccountAccess> => {
    const a = await access(ctx);
    requireRead(a);
    if (!a.owner) throw new AppError('FORBIDDEN', `only owners change onboarding of account ${a.account.customerId}`);
    return a;
  };
  /** The item must be in this account's table of contents (a template item or the account's own). */
  const itemOf = async (customerId: string, itemId: string) => {
    const [items, overrides] = await Promise.all([store.tableOfContents.listItems(), store.tableOfContents.listOverrides(customerId)]);
    const item = mergeToc(items, overrides).find((i) => i.id === itemId);
    if (!item) throw new AppError('NOT_FOUND', `no TOC item ${itemId}`);
    return item;
  };
  const who = (ctx: Ctx) => ctx.caller.email || ctx.caller.tokenEmail || ctx.caller.oid;

  server.get(
    '/api/v1/accounts/:id/onboarding',
    wrap(async (ctx) => {
      const a = await overseer(ctx);
      const status = await onboardingStatus(store, a.account.customerId);
      return {
        roles: [...MUST_READ_ROLES],
        canWrite: a.owner,
        mustRead: status.rules.map((r) => ({
          itemId: r.itemId,
          title: r.item.title,
          section: r.item.section,
          roles: r.roles,
          version: r.version,
        })),
        members: status.members.map(({ userId: _u, ...m }) => m),
      } satisfies OnboardingView;
    }),
  );
  server.put(
    '/api/v1/accounts/:id/onboarding/must-read/:itemId',
    wrap(async (ctx) => {
      const a = await owner(ctx);
      const item = await itemOf(a.account.customerId, parse(idParam, ctx.req.params?.itemId));
      const { roles } = parse(mustReadSchema, ctx.req.body);
      const saved = await store.onboarding.setMustRead(a.account.customerId, item.id, roles, who(ctx));
      return { itemId: item.id, roles: saved?.roles ?? [], version: saved?.version ?? null };
    }),
  );
  server.post(
    '/api/v1/accounts/:id/onboarding/must-read/:itemId/reread',
    wrap(async (ctx) => {
      const a = await owner(ctx);
      const item = await itemOf(a.account.customerId, parse(idParam, ctx.req.params?.itemId));
      if (!(await store.onboarding.listMustRead([a.account.customerId])).some((r) => r.itemId === item.id))
        throw new AppError('BAD_INPUT', `item ${item.id} is not must-read`, {
          userMessage: { fi: 'Merkitse kohta ensin pakolliseksi luettavaksi.', en: 'Mark the item must-read first.' },
        });
      return requestReread({ store }, a.account.customerId, item.id, who(ctx));
    }),
  );
}
