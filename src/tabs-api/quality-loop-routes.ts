import { z } from 'zod';
import { periodSchema } from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import type { Store } from '../store';
import type { AccountAccess, CallerRoles } from './access';
import type { HttpHandler, HttpRequest, HttpResponse, RouteServer } from './http';
import type { QualityService } from './quality-service';
import { createQualityLoopService } from './quality-loop-service';
import {
  instructionInputSchema,
  instructionPatchSchema,
  readyInputSchema,
  type CardLoop,
  type Instruction,
  type LoopSummary,
} from './contracts/quality-loop';
import type { Caller } from './sso-auth';

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

export interface QualityLoopRouteDeps {
  store: Store;
  quality: QualityService;
  wrap(h: (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>): HttpHandler;
  parse<T>(schema: z.ZodType<T>, input: unknown): T;
  /** The caller's rights on the account named by `:id` (read checked). */
  readable(ctx: Ctx): Promise<AccountAccess>;
}

const idParam = z.string().min(1).max(200);

/**
 * The monthly loop: owners mark a month's card ready and tick instructions done; directors comment or
 * instruct per account; the directors' summary and an owner's portfolio show every card of the month.
 */
export function registerQualityLoopRoutes(server: RouteServer, deps: QualityLoopRouteDeps): void {
  const { parse, wrap, readable } = deps;
  const loop = createQualityLoopService(deps.store, deps.quality);
  const period = (ctx: Ctx) => parse(periodSchema, ctx.req.params?.period);
  const who = (ctx: Ctx) => ctx.caller.email || ctx.caller.tokenEmail || ctx.caller.oid;
  const owner = async (ctx: Ctx) => {
    const a = await readable(ctx);
    if (!a.owner) throw new AppError('FORBIDDEN', 'only the account\u2019s owners mark its quality card ready or instructions done');
    return a;
  };

  server.get(
    '/api/v1/accounts/:id/quality/:period/loop',
    wrap(async (ctx) => {
      const a = await readable(ctx);
      const view = await loop.cardLoop(a.account, period(ctx));
      // The management team's words to the KAD are for owners and directors, like the €.
      const instructions = a.writeQuality ? view.instructions : { current: [], stillOpen: [], previous: [] };
      return { ...view, instructions, canMarkReady: a.owner, canComment: ctx.roles.director } satisfies CardLoop;
    }),
  );
  server.put(
    '/api/v1/accounts/:id/quality/:period/ready',
    wrap(async (ctx) => {
      const a = await owner(ctx);
      const p = period(ctx);
      await loop.setReady(a.account, p, parse(readyInputSchema, ctx.req.body).ready, who(ctx));
      return { ...(await loop.cardLoop(a.account, p)), canMarkReady: true, canComment: ctx.roles.director } satisfies CardLoop;
    }),
  );
  server.post(
    '/api/v1/accounts/:id/quality/:period/instructions',
    wrap(async (ctx, _req, res) => {
      if (!ctx.roles.director) throw new AppError('FORBIDDEN', 'only directors comment on quality cards');
      const a = await readable(ctx);
      const created = await loop.addInstruction(a.account, period(ctx), parse(instructionInputSchema, ctx.req.body), {
        email: who(ctx),
        name: ctx.caller.name,
      });
      res.status(201);
      return created satisfies Instruction;
    }),
  );
  server.put(
    '/api/v1/accounts/:id/instructions/:instructionId',
    wrap(async (ctx) => {
      const a = await owner(ctx);
      const id = parse(idParam, ctx.req.params?.instructionId);
      return loop.setDone(a.account, id, parse(instructionPatchSchema, ctx.req.body).done, who(ctx));
    }),
  );
  server.get(
    '/api/v1/quality/loop-summary',
    wrap(async (ctx) => {
      if (!ctx.roles.director && !ctx.roles.admin) throw new AppError('FORBIDDEN', 'management summary is for directors');
      const p = parse(z.object({ period: periodSchema }), ctx.req.query ?? {}).period;
      const summary = await loop.summary(await deps.store.accounts.list({ nationalOnly: true }), p);
      return { ...summary, canComment: ctx.roles.director } satisfies LoopSummary;
    }),
  );
  // An owner's accounts side by side; the € is theirs to see (they own every card shown).
  server.get(
    '/api/v1/quality/portfolio',
    wrap(async (ctx) => {
      const p = parse(z.object({ period: periodSchema }), ctx.req.query ?? {}).period;
      const accounts = await loop.ownedAccounts(ctx.caller.email);
      const summary = await loop.summary(accounts, p);
      const facts = new Map(await Promise.all(accounts.map(async (a) => [a.customerId, await deps.quality.facts(a)] as const)));
      return { ...summary, rows: summary.rows.map((r) => ({ ...r, facts: facts.get(r.customerId) })) } satisfies LoopSummary;
    }),
  );
}
