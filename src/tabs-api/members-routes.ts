import { z } from 'zod';
import type { Clock } from '../ports/clock';
import type { Store } from '../store';
import type { Wall } from '../membership';
import { accessTo, requireOwner, requireRead, type CallerRoles } from './access';
import type { HttpHandler, HttpRequest, HttpResponse, RouteServer } from './http';
import { createMembersService, type DirectoryLookup } from './members-service';
import { memberOverrideSchema } from './contracts/members';
import type { Caller } from './sso-auth';
import type { BodyRule } from '../http/read-body';

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

/** What routes.ts lends: its authenticating wrapper and input parser, so every route behaves alike. */
export interface MembersRouteKit {
  store: Store;
  clock: Clock;
  timeZone: string;
  syncCron?: string;
  manualAccessDays?: number;
  walls?: readonly Wall[];
  directory?: DirectoryLookup;
  wrap(h: (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>, rule?: BodyRule): HttpHandler;
  parse<T>(schema: z.ZodType<T>, input: unknown): T;
}

const idParam = z.string().min(1).max(200);

/** Channel members with the reasons they have access, and the owner's manual additions/exclusions. */
export function registerMembersRoutes(server: RouteServer, kit: MembersRouteKit): void {
  const { store, wrap, parse } = kit;
  const members = createMembersService(
    store,
    kit.clock,
    { syncCron: kit.syncCron, timeZone: kit.timeZone, manualAccessDays: kit.manualAccessDays, walls: kit.walls },
    kit.directory,
  );
  const access = (ctx: Ctx) => accessTo(store, ctx.caller, ctx.roles, parse(idParam, ctx.req.params?.id));

  server.get(
    '/api/v1/accounts/:id/members',
    wrap(async (ctx) => {
      const a = await access(ctx);
      requireRead(a);
      return members.view(a.account, a.owner);
    }),
  );
  server.post(
    '/api/v1/accounts/:id/members/overrides',
    wrap(async (ctx, _req, res) => {
      const a = await access(ctx);
      requireOwner(a);
      const out = await members.setOverride(a.account, parse(memberOverrideSchema, ctx.req.body), ctx.caller.email);
      res.status(201);
      return out;
    }),
  );
  server.del(
    '/api/v1/accounts/:id/members/overrides/:overrideId',
    wrap(async (ctx) => {
      const a = await access(ctx);
      requireOwner(a);
      await members.removeOverride(a.account, parse(idParam, ctx.req.params?.overrideId), ctx.caller.email);
      return undefined;
    }),
  );
}
