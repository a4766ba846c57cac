import { CloudAdapter, type TurnContext } from 'botbuilder';
import type { Activity, InvokeResponse } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import { z } from 'zod';
import { AppError } from '../src/errors/app-error';
import { closeIfUnread, readBody, type BodyRule, type BodySource } from '../src/http/read-body';
import { createLogLimiter } from '../src/logging/log-limiter';
import type { Logger } from '../src/ports/logger';

/** CloudAdapter with the authenticated-turn entry point opened, so authentication can run apart. */
export class AppCloudAdapter extends CloudAdapter {
  runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface InboundRequest extends BodySource {
  method?: string;
}

export interface InboundResponse {
  readonly headersSent: boolean;
  status(code: number): unknown;
  json(body: unknown): unknown;
  send(code: number, body?: unknown): unknown;
  end(): unknown;
  setHeader?(name: string, value: string): unknown;
}

/** Teams activities are small (a message is at most ~28 KB); a card submit carries the form's fields. */
const ACTIVITY_BODY: BodyRule = { json: true, maxBytes: 1024 * 1024 };

/** The fields authentication and routing read; anything without them is malformed (400), not a crash. */
const activityShape = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    serviceUrl: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    from: z.object({ id: z.string().min(1) }).passthrough(),
    recipient: z.object({ id: z.string() }).passthrough().optional(),
  })
  .passthrough();

export interface InboundOptions {
  adapter: AppCloudAdapter;
  auth: BotFrameworkAuthentication;
  logger: Logger;
  /** AAD_APP_TENANT_ID: activities from any other tenant are refused (403). */
  tenantId: string;
  /** False without BOT_ID (local tools only): no token and no tenant is required then. */
  authenticated: boolean;
  logic(context: TurnContext): Promise<void>;
}

/** The tenant an activity comes from: channelData.tenant.id, as Teams sends it. */
function activityTenant(activity: { channelData?: unknown; conversation?: { tenantId?: string } }): string | undefined {
  const data = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return typeof data?.tenant?.id === 'string' ? data.tenant.id : activity.conversation?.tenantId;
}

/**
 * POST /api/messages. Order: a bearer token must be there before the body is read; the body is JSON,
 * capped while read; the activity's shape is checked; then the token is validated (401 on any
 * failure, with a fixed body); the tenant must be ours (403); only then does the turn run.
 * Each refusal logs one structured line, at most 10 a minute per kind.
 */
export function createInboundEndpoint(o: InboundOptions) {
  const log = o.logger.child('bot-inbound');
  const limiter = createLogLimiter({ perWindow: 10, windowMs: 60_000 });
  const refuse = (req: InboundRequest, res: InboundResponse, err: AppError, kind: string, detail?: string) => {
    const allowed = limiter.take(kind);
    if (allowed)
      log.warn({ refused: kind, status: err.status, ...(detail ? { detail } : {}), suppressed: allowed.suppressed }, 'bot request refused');
    closeIfUnread(req, res);
    res.status(err.status);
    res.json({ error: { code: err.code, message: err.userMessage('en'), messageFi: err.userMessage('fi') } });
  };

  return async function process(req: InboundRequest, res: InboundResponse): Promise<void> {
    const header = req.headers.authorization;
    const authHeader = (Array.isArray(header) ? header[0] : header) ?? '';
    if (o.authenticated && !/^Bearer\s+\S+$/i.test(authHeader))
      return refuse(req, res, new AppError('UNAUTHENTICATED', 'no bearer token'), 'unauthenticated', 'missing token');
    let activity: Activity;
    try {
      const body = await readBody(req, ACTIVITY_BODY);
      const parsed = activityShape.safeParse(body.kind === 'json' ? body.value : undefined);
      if (!parsed.success)
        throw new AppError('BAD_INPUT', 'malformed activity', {
          userMessage: 'Viesti ei ole kelvollinen Bot Framework -aktiviteetti. / The body is not a valid Bot Framework activity.',
        });
      activity = parsed.data as unknown as Activity;
    } catch (err) {
      const e = AppError.from(err);
      return refuse(
        req,
        res,
        e,
        e.code === 'INTERNAL' ? 'read-failed' : e.code.toLowerCase(),
        e.code === 'INTERNAL' ? 'body read failed' : undefined,
      );
    }
    let authResult: AuthenticateRequestResult;
    try {
      authResult = await o.auth.authenticateRequest(activity, authHeader);
    } catch (err) {
      // One short line: the failure kind, never the token or a stack.
      const detail = String((err as Error)?.message ?? err)
        .replace(/\s+/g, ' ')
        .slice(0, 120);
      return refuse(req, res, new AppError('UNAUTHENTICATED', 'bot token rejected'), 'unauthenticated', detail);
    }
    if (o.authenticated && activityTenant(activity) !== o.tenantId) {
      return refuse(
        req,
        res,
        new AppError('FORBIDDEN', 'activity from another tenant', {
          userMessage: 'Tämä sovellus palvelee vain omaa organisaatiotaan. / This app serves its own organisation only.',
        }),
        'tenant',
        `tenant ${activityTenant(activity) ?? '(none)'}`,
      );
    }
    const invoke = await o.adapter.runAuthenticated(authResult, activity, o.logic);
    if (res.headersSent) return;
    res.status(invoke?.status ?? 200);
    if (invoke?.body !== undefined) res.json(invoke.body);
    else res.end();
  };
}
