import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { enqueueMessage } from '../messaging/outbox-messages';
import type { Feedback, Store } from '../store';
import type { AccountAccess, CallerRoles } from './access';
import type { HttpHandler, HttpRequest, HttpResponse, RouteServer } from './http';
import type { Caller } from './sso-auth';
import { feedbackPatchSchema, type FeedbackItem, type FeedbackList } from './contracts/quality-loop';

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

export interface FeedbackRouteDeps {
  store: Store;
  wrap(h: (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>): HttpHandler;
  parse<T>(schema: z.ZodType<T>, input: unknown): T;
  readable(ctx: Ctx): Promise<AccountAccess>;
}

const view = (f: Feedback): FeedbackItem => ({
  id: f.id,
  from: f.userName ?? '',
  text: f.text,
  createdAt: f.createdAt,
  status: f.status,
  reply: f.reply,
  handledBy: f.handledBy,
  handledAt: f.handledAt,
});

/** Feedback given with `palaute`, for the account's owners: a list with status, and a reply to the sender. */
export function registerFeedbackRoutes(server: RouteServer, deps: FeedbackRouteDeps): void {
  const owner = async (ctx: Ctx) => {
    const a = await deps.readable(ctx);
    if (!a.owner) throw new AppError('FORBIDDEN', 'only the account\u2019s owners handle its feedback');
    return a;
  };

  server.get(
    '/api/v1/accounts/:id/feedback',
    deps.wrap(async (ctx) => {
      const a = await owner(ctx);
      return { feedback: (await deps.store.feedback.listForAccount(a.account.customerId)).map(view) } satisfies FeedbackList;
    }),
  );
  server.patch(
    '/api/v1/accounts/:id/feedback/:feedbackId',
    deps.wrap(async (ctx) => {
      const a = await owner(ctx);
      const id = deps.parse(z.string().min(1).max(200), ctx.req.params?.feedbackId);
      const change = deps.parse(feedbackPatchSchema, ctx.req.body);
      const found = await deps.store.feedback.get(id);
      if (!found || found.customerId !== a.account.customerId) throw new AppError('NOT_FOUND', `no feedback ${id}`);
      const by = ctx.caller.email || ctx.caller.tokenEmail || ctx.caller.oid;
      // A reply without a status moves new feedback to "in progress"; the owner closes it with "done".
      const status = change.status ?? (change.reply && found.status === 'new' ? 'in-progress' : undefined);
      const saved = (await deps.store.feedback.handle(id, { status, reply: change.reply }, by))!;
      if (change.reply) {
        await enqueueMessage(deps.store, {
          idempotencyKey: `feedback-reply:${id}:${saved.handledAt}`,
          kind: 'feedback-reply',
          customerId: a.account.customerId,
          target: { userId: saved.userId },
          payload: { feedbackId: id, customerId: a.account.customerId },
        });
      }
      return view(saved);
    }),
  );
}
