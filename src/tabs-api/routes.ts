import { z } from 'zod';
import { addMonths, localDateSchema, planningYearRange } from '../domain/annual-clock';
import { periodSchema } from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Account, Store } from '../store';
import type { ApiRoutes } from '../http/api-routes';
import { writeError, type HttpRequest, type HttpResponse, type RouteServer } from './http';
import { closeIfUnread, JSON_BODY, readBody, type BodyRule, type BodySource } from '../http/read-body';
import {
  accessTo,
  requireOwner,
  requireRead,
  rolesOf,
  visibleCustomerIds,
  type AccountAccess,
  type CallerRoles,
  type RoleCheck,
} from './access';
import { createClockService } from './clock-service';
import { completionInputSchema, eventInputSchema, eventPatchSchema, occurrenceInputSchema, type ClockView } from './contracts/annual-clock';
import { registerMembersRoutes } from './members-routes';
import type { DirectoryLookup } from './members-service';
import type { Wall } from '../membership';
import { registerKpiImportRoutes } from './kpi-import-routes';
import { registerOnboardingRoutes } from './onboarding-routes';
import { createQualityService } from './quality-service';
import type { AccountSummary, Me } from './contracts/accounts';
import { qualityInputSchema, type QualityCardView } from './contracts/quality-card';
import { registerQualityLoopRoutes } from './quality-loop-routes';
import { registerFeedbackRoutes } from './feedback-routes';
import { registerNpsImportRoutes } from './nps-import-routes';
import type { Caller, SsoVerifier } from './sso-auth';
import { createTocService } from './toc-service';
import { contractSchema, tocItemSchema, tocOrderSchema, tocOverrideSchema, type TemplateItem, type TocView } from './contracts/toc';

export interface TabsApiDependencies {
  store: Store;
  clock: Clock;
  logger: Logger;
  verifier: SsoVerifier;
  roles: RoleCheck;
  timeZone: string;
  /** For channel deep links. */
  teamId: string;
  /** For deep links to the account's own tabs (TEAMS_APP_ID). */
  teamsAppId?: string;
  tenantId: string;
  rings?: readonly string[];
  /** SYNC_CRON: tells owners when a membership change takes effect. */
  syncCron?: string;
  /** Checks an owner's manual addition against the directory (Graph) when it is made. */
  directory?: DirectoryLookup;
  /** MANUAL_ACCESS_DAYS: how long an owner's manual addition lasts. */
  manualAccessDays?: number;
  /** ACCOUNT_WALLS: a manual addition across one is refused at once. */
  walls?: readonly Wall[];
}

interface Ctx {
  caller: Caller;
  roles: CallerRoles;
  req: HttpRequest;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('BAD_INPUT', `invalid input: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, {
      details: { issues },
      userMessage: issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; '),
    });
  }
  return r.data;
}

const idParam = z.string().min(1).max(200);
const yearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  yearStart: z.coerce.number().int().min(1).max(12).optional(),
  lang: z.enum(['fi', 'en']).optional(),
});

export function channelDeepLink(a: Pick<Account, 'channelId' | 'channelName'>, teamId: string, tenantId: string): string | null {
  if (!a.channelId) return null;
  // Documented format: https://teams.microsoft.com/l/channel/<channelId>/<channelName>?groupId=<teamGroupId>&tenantId=<tenantId>
  return `https://teams.microsoft.com/l/channel/${encodeURIComponent(a.channelId)}/${encodeURIComponent(a.channelName ?? 'channel')}?groupId=${encodeURIComponent(teamId)}&tenantId=${encodeURIComponent(tenantId)}`;
}

export function createTabsApi(deps: TabsApiDependencies): ApiRoutes {
  const { store, verifier } = deps;
  const log = deps.logger.child('tabs-api');
  const clockService = createClockService(store, deps.clock, { timeZone: deps.timeZone, rings: deps.rings });
  const quality = createQualityService(store);
  const toc = createTocService(store, { teamsAppId: deps.teamsAppId, teamId: deps.teamId, tenantId: deps.tenantId });

  /**
   * People are keyed by the token's oid: the e-mail used for access is the one the directory (the
   * sync's people table) has for that oid, never the token's preferred_username, which can change.
   */
  const identify = async (verified: Caller): Promise<Caller> => {
    const email = (await store.people.getByObjectId(verified.oid))?.email.toLowerCase() ?? '';
    return { ...verified, email, tokenEmail: verified.tokenEmail ?? verified.email };
  };

  type Handler = (ctx: Ctx, req: HttpRequest, res: HttpResponse) => Promise<unknown>;
  // Authentication first, then the body: read here, by the route's rule (JSON unless it says otherwise).
  // `guard`: a role check that needs no body, run before a byte of it is read (e.g. the KPI upload).
  const wrap =
    (h: Handler, rule: BodyRule = JSON_BODY, guard?: (roles: CallerRoles) => void) =>
    async (req: HttpRequest, res: HttpResponse) => {
      try {
        const caller = await identify(await verifier.verify(req.header('authorization')));
        const roles = await rolesOf(caller, deps.roles);
        guard?.(roles);
        const body = await readBody(req as unknown as BodySource, rule);
        req.body = body.kind === 'json' ? body.value : body.kind === 'raw' ? body.bytes : undefined;
        const out = await h({ caller, roles, req }, req, res);
        if (!res.headersSent) {
          if (out === undefined) res.send(204);
          else res.json(out);
        }
      } catch (err) {
        if (!res.headersSent) {
          closeIfUnread(req as unknown as BodySource, res);
          writeError(res, err, log);
        }
      }
    };

  const account = async (ctx: Ctx): Promise<AccountAccess> => {
    const id = parse(idParam, ctx.req.params?.id);
    return accessTo(store, ctx.caller, ctx.roles, id);
  };
  const readable = async (ctx: Ctx) => {
    const a = await account(ctx);
    requireRead(a);
    return a;
  };
  const owned = async (ctx: Ctx) => {
    const a = await account(ctx);
    requireOwner(a);
    return a;
  };
  const who = (ctx: Ctx) => ctx.caller.email || ctx.caller.tokenEmail || ctx.caller.oid;

  async function accountsList(ctx: Ctx): Promise<AccountSummary[]> {
    const visible = await visibleCustomerIds(store, ctx.caller, ctx.roles);
    const accounts = (await store.accounts.list()).filter(
      (a) => a.channelState !== 'archived' && (visible === 'all' || visible.has(a.customerId)),
    );
    const sites = await store.sites.listAll();
    const people = await store.people.getMany(accounts.map((a) => a.ownerEmail).filter((e): e is string => !!e));
    const collator = new Intl.Collator('fi');
    return accounts
      .map((a) => {
        const own = sites.filter((s) => s.customerId === a.customerId);
        return {
          id: a.customerId,
          name: a.name,
          national: a.isNational,
          ownerEmail: a.ownerEmail,
          ownerName: (a.ownerEmail && people.get(a.ownerEmail)?.displayName) || a.ownerEmail,
          siteCount: own.length,
          regions: [...new Set(own.map((s) => s.region).filter((r): r is string => !!r))].sort(collator.compare),
          channelId: a.channelId,
          channelName: a.channelName,
          deepLink: channelDeepLink(a, a.teamId ?? deps.teamId, deps.tenantId),
          isOwner: a.ownerEmail?.toLowerCase() === ctx.caller.email,
        };
      })
      .sort((x, y) => collator.compare(x.name, y.name) || x.id.localeCompare(y.id));
  }

  /** Who the caller is, and the accounts they see. */
  function registerAccountRoutes(server: RouteServer): void {
    server.get(
      '/api/v1/me',
      wrap(async (ctx): Promise<Me> => ({
        oid: ctx.caller.oid,
        email: ctx.caller.email || ctx.caller.tokenEmail,
        name: ctx.caller.name,
        director: ctx.roles.director,
        admin: ctx.roles.admin,
        today: clockService.today(),
      })),
    );
    server.get(
      '/api/v1/accounts',
      wrap(async (ctx) => ({ accounts: await accountsList(ctx) })),
    );
    server.get(
      '/api/v1/accounts/:id',
      wrap(async (ctx) => {
        const a = await readable(ctx);
        return {
          id: a.account.customerId,
          name: a.account.name,
          ownerEmail: a.account.ownerEmail,
          deepLink: channelDeepLink(a.account, a.account.teamId ?? deps.teamId, deps.tenantId),
          canWrite: a.owner,
          canWriteQuality: a.writeQuality,
        };
      }),
    );
  }

  /** The annual clock: its view, events, single occurrences, completions and calendar exports. */
  function registerClockRoutes(server: RouteServer): void {
    server.get(
      '/api/v1/accounts/:id/clock',
      wrap(async (ctx) => {
        const a = await readable(ctx);
        const q = parse(yearQuery, ctx.req.query ?? {});
        const view = await clockService.view(a.account, { year: q.year, yearStartMonth: q.yearStart });
        return { ...view, canWrite: a.owner, me: ctx.caller.email } satisfies ClockView;
      }),
    );
    server.get(
      '/api/v1/accounts/:id/clock/events',
      wrap(async (ctx) => ({ events: await clockService.list((await readable(ctx)).account) })),
    );
    server.post(
      '/api/v1/accounts/:id/clock/events',
      wrap(async (ctx, _req, res) => {
        const a = await owned(ctx);
        const created = await clockService.create(a.account, parse(eventInputSchema, ctx.req.body), who(ctx));
        res.status(201);
        return created;
      }),
    );
    server.patch(
      '/api/v1/accounts/:id/clock/events/:eventId',
      wrap(async (ctx) =>
        clockService.update((await owned(ctx)).account, parse(idParam, ctx.req.params?.eventId), parse(eventPatchSchema, ctx.req.body)),
      ),
    );
    server.del(
      '/api/v1/accounts/:id/clock/events/:eventId',
      wrap(async (ctx) => {
        await clockService.remove((await owned(ctx)).account, parse(idParam, ctx.req.params?.eventId));
        return undefined;
      }),
    );
    // One occurrence of a series, addressed by its series date: moved, renamed, cancelled or restored.
    server.put(
      '/api/v1/accounts/:id/clock/events/:eventId/occurrences/:date',
      wrap(async (ctx) =>
        clockService.saveOccurrence(
          (await owned(ctx)).account,
          parse(idParam, ctx.req.params?.eventId),
          parse(localDateSchema, ctx.req.params?.date),
          parse(occurrenceInputSchema, ctx.req.body),
          who(ctx),
        ),
      ),
    );
    server.del(
      '/api/v1/accounts/:id/clock/events/:eventId/occurrences/:date',
      wrap(async (ctx) => {
        await clockService.restoreOccurrence(
          (await owned(ctx)).account,
          parse(idParam, ctx.req.params?.eventId),
          parse(localDateSchema, ctx.req.params?.date),
        );
        return undefined;
      }),
    );
    server.post(
      '/api/v1/accounts/:id/clock/completions',
      wrap(async (ctx) => {
        const a = await readable(ctx);
        const input = parse(completionInputSchema, ctx.req.body);
        // Besides owners, the person an event is assigned to ticks their own occurrences.
        if (!a.owner && !(await clockService.mayTick(a.account, input, ctx.caller.email)))
          throw new AppError('FORBIDDEN', 'only owners, the event owner or the site\u2019s supervisor may tick');
        return clockService.setCompletion(a.account, input, who(ctx));
      }),
    );
    const icsRoute = (mine: boolean) =>
      wrap(async (ctx, _req, res) => {
        const q = parse(yearQuery, ctx.req.query ?? {});
        const year = q.year ?? Number(clockService.today().slice(0, 4));
        const { from, to } = planningYearRange({ year, yearStartMonth: q.yearStart ?? 1 });
        let accounts: Account[];
        let name: string;
        if (mine) {
          const visible = await visibleCustomerIds(store, ctx.caller, ctx.roles);
          accounts = (await store.accounts.list()).filter((a) => visible === 'all' || visible.has(a.customerId));
          name = q.lang === 'en' ? `Annual clock – ${ctx.caller.name}` : `Vuosikello – ${ctx.caller.name}`;
        } else {
          const a = await readable(ctx);
          accounts = [a.account];
          name = q.lang === 'en' ? `Annual clock – ${a.account.name}` : `Vuosikello – ${a.account.name}`;
        }
        const body = await clockService.ics(accounts, {
          from,
          to: addMonths(to, 0),
          ownerEmail: mine ? ctx.caller.email : undefined,
          locale: q.lang ?? 'fi',
          calName: name,
        });
        res.writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': `attachment; filename="${mine ? 'my-annual-clock' : 'annual-clock'}-${year}.ics"`,
          'cache-control': 'no-store',
        });
        res.end(body);
      });
    server.get('/api/v1/accounts/:id/clock.ics', icsRoute(false));
    server.get('/api/v1/me/clock.ics', icsRoute(true));
  }

  /** The quality card and the directors' monthly summary. */
  function registerQualityRoutes(server: RouteServer): void {
    server.get(
      '/api/v1/accounts/:id/quality/:period',
      wrap(async (ctx) => {
        const a = await readable(ctx);
        const period = parse(periodSchema, ctx.req.params?.period);
        const card = await quality.card(a.account, period);
        // Monthly billing (€) is commercial information for owners and directors, not for every supervisor.
        return {
          ...card,
          facts: a.writeQuality ? card.facts : { ...card.facts, monthlyBilling: undefined },
          canWrite: a.writeQuality,
        } satisfies QualityCardView;
      }),
    );
    server.put(
      '/api/v1/accounts/:id/quality/:period',
      wrap(async (ctx) => {
        const a = await readable(ctx);
        if (!a.writeQuality) throw new AppError('FORBIDDEN', 'only owners and directors may edit quality cards');
        const period = parse(periodSchema, ctx.req.params?.period);
        await quality.save(a.account, period, parse(qualityInputSchema, ctx.req.body), who(ctx));
        return { ...(await quality.card(a.account, period)), canWrite: true } satisfies QualityCardView;
      }),
    );
    server.get(
      '/api/v1/quality/summary',
      wrap(async (ctx) => {
        if (!ctx.roles.director && !ctx.roles.admin) throw new AppError('FORBIDDEN', 'management summary is for directors');
        const period = parse(z.object({ period: periodSchema }), ctx.req.query ?? {}).period;
        return quality.managementSummary(await store.accounts.list({ nationalOnly: true }), period);
      }),
    );
  }

  /** The table of contents, its shared template, and the contracts register. */
  function registerTocRoutes(server: RouteServer): void {
    server.get(
      '/api/v1/accounts/:id/toc',
      wrap(async (ctx) => {
        const a = await readable(ctx);
        return {
          ...(await toc.view(a.account, clockService.today())),
          canWrite: a.owner,
          canEditTemplate: await toc.mayEditTemplate(ctx.caller.email, { ...ctx.roles, ownerHere: a.owner }),
        } satisfies TocView;
      }),
    );
    server.post(
      '/api/v1/accounts/:id/toc/overrides',
      wrap(async (ctx) => toc.saveOverride((await owned(ctx)).account, parse(tocOverrideSchema, ctx.req.body), who(ctx))),
    );
    server.del(
      '/api/v1/accounts/:id/toc/overrides/:overrideId',
      wrap(async (ctx) => {
        await toc.removeOverride((await owned(ctx)).account, parse(idParam, ctx.req.params?.overrideId));
        return undefined;
      }),
    );
    // The account's own order of its items (the KAD's version); DELETE goes back to the template's order.
    server.put(
      '/api/v1/accounts/:id/toc/order',
      wrap(async (ctx) => {
        const a = await owned(ctx);
        await toc.saveOrder(a.account, parse(tocOrderSchema, ctx.req.body), who(ctx));
        return undefined;
      }),
    );
    server.del(
      '/api/v1/accounts/:id/toc/order',
      wrap(async (ctx) => {
        await toc.clearOrder((await owned(ctx)).account);
        return undefined;
      }),
    );
    server.get(
      '/api/v1/toc/template',
      wrap(async (): Promise<{ items: TemplateItem[] }> => ({ items: await toc.template() })),
    );
    server.put(
      '/api/v1/toc/template',
      wrap(async (ctx) => {
        if (!(await toc.mayEditTemplate(ctx.caller.email, ctx.roles)))
          throw new AppError('FORBIDDEN', 'only key account directors, directors and admins edit the template');
        return toc.saveTemplateItem(parse(tocItemSchema, ctx.req.body), who(ctx));
      }),
    );
    server.del(
      '/api/v1/toc/template/:itemId',
      wrap(async (ctx) => {
        if (!(await toc.mayEditTemplate(ctx.caller.email, ctx.roles)))
          throw new AppError('FORBIDDEN', 'only key account directors, directors and admins edit the template');
        await toc.removeTemplateItem(parse(idParam, ctx.req.params?.itemId));
        return undefined;
      }),
    );
    server.post(
      '/api/v1/accounts/:id/contracts',
      wrap(async (ctx, _req, res) => {
        const a = await owned(ctx);
        const saved = await toc.saveContract(a.account, parse(contractSchema, ctx.req.body), who(ctx));
        res.status(201);
        return saved;
      }),
    );
    server.put(
      '/api/v1/accounts/:id/contracts/:contractId',
      wrap(async (ctx) => {
        const a = await owned(ctx);
        const id = parse(idParam, ctx.req.params?.contractId);
        if (!(await store.tableOfContents.listContracts(a.account.customerId)).some((c) => c.id === id))
          throw new AppError('NOT_FOUND', `no contract ${id}`);
        return toc.saveContract(a.account, { ...parse(contractSchema, ctx.req.body), id }, who(ctx));
      }),
    );
    server.del(
      '/api/v1/accounts/:id/contracts/:contractId',
      wrap(async (ctx) => {
        await toc.removeContract((await owned(ctx)).account, parse(idParam, ctx.req.params?.contractId));
        return undefined;
      }),
    );
  }

  return {
    register(restifyServer) {
      const server = restifyServer as unknown as RouteServer;
      registerMembersRoutes(server, {
        store,
        clock: deps.clock,
        timeZone: deps.timeZone,
        syncCron: deps.syncCron,
        manualAccessDays: deps.manualAccessDays,
        walls: deps.walls,
        directory: deps.directory,
        wrap,
        parse,
      });
      registerKpiImportRoutes(server, { store, clock: deps.clock, logger: log, wrap, parse });
      registerOnboardingRoutes(server, { store, wrap, parse });
      registerQualityLoopRoutes(server, { store, quality, wrap, parse, readable });
      registerFeedbackRoutes(server, { store, wrap, parse, readable });
      registerNpsImportRoutes(server, { store, logger: log, wrap, parse });
      registerAccountRoutes(server);
      registerClockRoutes(server);
      registerQualityRoutes(server);
      registerTocRoutes(server);
    },
  };
}
