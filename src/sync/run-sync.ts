import { randomUUID } from 'node:crypto';
import type { Store } from '../store';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { ChannelInfo, ConversationMember, DirectoryUser, Outcome, TeamsDirectory } from '../ports/teams-directory';
import { AppError } from '../errors/app-error';
import { importBilling, isBillingImportError, type BillingImport, type ColumnMapping } from '../billing';
import { computeDesiredState, desiredStateOptionsFromMapping, isoDateIn, type DesiredAccount } from '../membership';
import { planSync, type KnownAccount, type SyncPlan } from './plan';
import { evaluateGuard, type GuardLimits, type GuardVerdict } from './guard';
import { applyPlan, sendMemberChanges } from './apply';
import { EarlyRemovals } from './early-removals';
import { removalsFirst } from './read-order';
import { repairProvisioning } from './repair-provisioning';
import { emptyCounts, type SyncSummary } from './summary';

export interface SyncSettings {
  teamId: string;
  teamsAppId: string;
  channelType: 'private' | 'shared';
  timeZone: string;
  graceDays: number;
  guard: GuardLimits;
  /** https base of the tabs' content URLs; null = tabs turned off (TABS_ENABLED=false). */
  tabBaseUrl: string | null;
  /** Re-resolve cached people older than this (a renamed or re-created account gets a new object id). */
  resolveMaxAgeDays?: number;
  billingAuthHeader?: string;
  serviceAccountUpn?: string;
}

export interface SyncDependencies {
  store: Store;
  directory: TeamsDirectory;
  clock: Clock;
  logger: Logger;
  settings: SyncSettings;
  /** Progress for a CLI bar or a bot message: phase name and counts. */
  onProgress?: (phase: string, done: number, total: number) => void;
  /**
   * Keeps a long run's heap near what it really holds, where the process allows (node --expose-gc):
   * a full collection when the heap has grown well past what was live after the last one, or always
   * with `force`. Called between planning and applying (forced) and after each channel. Why: V8 lets
   * the heap grow to two to three times what was live at its last full collection before the next;
   * on a 10x export that was 70-90 MB live in a 180-200 MB heap, the run's whole peak RSS.
   */
  collectGarbage?: (opts?: { force?: boolean }) => void;
}

export interface SyncRequest {
  source: string;
  mapping: ColumnMapping;
  mappingName?: string;
  trigger: 'cli' | 'schedule' | 'bot' | 'watch' | 'test';
  dryRun?: boolean;
  confirmRemovals?: boolean;
  /** Who runs it (lease holder); a random id per process by default. */
  holder?: string;
}

export interface SyncOutcome {
  summary: SyncSummary;
  plan?: SyncPlan;
  guard?: GuardVerdict;
  /** 0 done, 2 input rejected, 3 held by the guard, 1 other failure: the CLI's exit code. */
  exitCode: 0 | 1 | 2 | 3;
  error?: AppError;
}

const LEASE = 'sync';
const LEASE_TTL_MS = 10 * 60_000;

/**
 * One sync run: import -> desired state -> read Teams -> plan -> guard -> apply -> record.
 * Only one runs at a time across instances (a database lease). Any run can be interrupted and
 * simply run again: the plan is recomputed from what Teams actually has.
 */
export async function runSync(deps: SyncDependencies, req: SyncRequest): Promise<SyncOutcome> {
  const { store, directory, clock, settings } = deps;
  const log = deps.logger.child('sync');
  const started = clock.now().getTime();
  const statsAtStart = directory.stats();
  const holder = req.holder ?? `sync-${randomUUID()}`;
  const progress = deps.onProgress ?? (() => undefined);
  const summary: SyncSummary = {
    runId: null,
    status: 'failed',
    source: req.source,
    rows: { total: 0, valid: 0, rejected: 0 },
    rowErrors: [],
    ...emptyCounts(),
    unknownPeople: [],
    held: null,
    problems: [],
    requests: { httpRequests: 0, graphOperations: 0, retries: 0, throttled: 0 },
    durationMs: 0,
  };
  const requestsSoFar = () => {
    const now = directory.stats();
    return {
      httpRequests: now.httpRequests - statsAtStart.httpRequests,
      graphOperations: now.graphOperations - statsAtStart.graphOperations,
      retries: now.retries - statsAtStart.retries,
      throttled: now.throttled - statsAtStart.throttled,
    };
  };
  const finish = (exitCode: SyncOutcome['exitCode'], extra: Partial<SyncOutcome> = {}): SyncOutcome => {
    summary.requests = requestsSoFar();
    summary.durationMs = clock.now().getTime() - started;
    return { summary, exitCode, ...extra };
  };

  if (!req.dryRun && !(await store.leases.tryAcquire(LEASE, holder, LEASE_TTL_MS))) {
    const error = new AppError('CONFLICT', 'another sync is running', {
      userMessage: 'Synkronointi on jo käynnissä. Yritä hetken päästä uudelleen.',
    });
    summary.problems.push(error.message);
    return finish(1, { error });
  }
  const renew = req.dryRun ? undefined : setInterval(() => void store.leases.renew(LEASE, holder, LEASE_TTL_MS).catch(() => undefined), LEASE_TTL_MS / 3);
  renew?.unref();

  let runId: string | null = null;
  // Reads started ahead of need: a run that fails meanwhile still waits for them before it returns.
  const inFlight: Promise<unknown>[] = [];
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.push(p.catch(() => undefined)); // its failure surfaces where it is awaited
    return p;
  };
  try {
    if (!req.dryRun) {
      runId = (await store.syncRuns.start({ trigger: req.trigger, source: req.source })).id;
      summary.runId = runId;
    }

    // Teams is read while the export is imported, the people are resolved and the store is read:
    // none needs the others, and the reads (60 per second for member lists) take the longest. They
    // also fetch the Graph token, so no step waits for it.
    progress('read-teams', 0, 1);
    // A confirmed run removes leavers channel by channel as the members come in (see EarlyRemovals).
    const early = req.confirmRemovals && !req.dryRun ? new EarlyRemovals((removes) => track(sendMemberChanges(directory, settings.teamId, [], removes))) : undefined;
    const channelsRead = track(directory.listChannels(settings.teamId));
    let readOrder: ((ids: readonly string[]) => string[]) | undefined;
    const teamsRead = track(readMembers(directory, settings.teamId, channelsRead, early && { onChannel: early.channelRead, order: () => readOrder }));

    progress('import', 0, 1);
    let imported: BillingImport;
    try {
      imported = await importBilling(req.source, req.mapping, { authHeader: settings.billingAuthHeader });
    } catch (err) {
      if (!isBillingImportError(err)) throw err;
      summary.status = 'rejected';
      summary.problems.push(err.message);
      if (runId) await store.syncRuns.finish(runId, { status: 'rejected', summary: { error: err.message, details: err.details } });
      return finish(2, { error: err });
    }
    summary.rows = { total: imported.stats.rows, valid: imported.stats.acceptedRows, rejected: imported.stats.skippedRows };
    summary.rowErrors = imported.rowErrors.slice(0, 200).map((e) => ({ line: e.line, column: e.column, message: e.message }));
    progress('import', 1, 1);
    // Nothing after this reads the per-row view (desired state and apply use accounts, sites and
    // people). Letting it go before anything else is built keeps ~10 MB (27,000 rows) out of the heap
    // that V8 sizes its next collections by, which is what sets the run's peak RSS.
    imported = { ...imported, rows: [] };

    const today = isoDateIn(clock.now(), settings.timeZone);
    const overrides = (await store.overrides.listAll()).map((o) => ({ accountId: o.customerId, email: o.email, kind: o.kind }));
    const desired = computeDesiredState(imported, desiredStateOptionsFromMapping(req.mapping, { today, overrides, serviceAccountUpn: settings.serviceAccountUpn }));
    summary.accounts.desired = desired.accounts.size;

    const knownList = await store.accounts.list();
    const known = new Map<string, KnownAccount>(
      knownList.map((a) => [a.customerId, { ...a, missingSince: a.missingSince ? a.missingSince.slice(0, 10) : null }]),
    );
    const recordedMembers = await recordedChannelMembers(store, knownList.map((a) => a.customerId));
    if (early) readOrder = removalsFirst(desired.accounts, known, recordedMembers);
    const users = await resolvePeople(deps, desired.accounts, req.dryRun ?? false);
    const managedUserIds = new Set([...recordedMembers.values()].flatMap((s) => [...s]));

    // The team roster is needed only when someone may join or leave the team, which keeps a no-change
    // run to a handful of requests. Guessed from what this app recorded, it is read beside the channels;
    // a wrong guess only costs reading it after planning.
    let roster: Promise<ConversationMember[]> | undefined;
    if (settings.channelType === 'private' && teamMayChange(desired.accounts, users, known, recordedMembers, managedUserIds)) {
      roster = track(directory.listTeamMembers(settings.teamId));
    }

    // What the plan is made from besides Teams' channels and members (the early removals plan with it too).
    const planBase = { desired: desired.accounts, users, known, managedUserIds, recordedMembers, channelType: settings.channelType, today, graceDays: settings.graceDays };
    if (early) {
      const channelList = await channelsRead;
      early.ready((subset) => planSync({ ...planBase, channels: channelList, members: subset }).removes);
    }

    const { channels, membersResult } = await teamsRead;
    early?.close();
    const members = new Map<string, ConversationMember[]>();
    const unreadable = new Set<string>();
    for (const [id, outcome] of membersResult) {
      if (outcome.ok) members.set(id, outcome.value);
      else {
        unreadable.add(id);
        summary.problems.push(`could not read members of channel ${id}: ${outcome.error.message}`);
      }
    }
    progress('read-teams', 1, 1);

    // A channel whose members could not be read is left alone this run rather than guessed at.
    const plannable = channels.filter((c) => !unreadable.has(c.id));
    const planInput = { ...planBase, channels: plannable, members };
    let plan = planSync(roster ? { ...planInput, teamMembers: await roster } : planInput);
    if (settings.channelType === 'private' && !roster) {
      const wanted = new Set(plan.wantedUserIds);
      const joining = plan.adds.length > 0 || plan.channels.some((c) => c.kind === 'create');
      const leaving = [...managedUserIds].some((id) => !wanted.has(id));
      if (joining || leaving) plan = planSync({ ...planInput, teamMembers: await directory.listTeamMembers(settings.teamId) });
    }
    summary.unknownPeople = plan.unknownPeople;

    const lastAccepted = await store.syncRuns.lastAccepted();
    const guard = evaluateGuard(plan, imported.stats.rows, lastAccepted?.rowsTotal ?? null, settings.guard);
    const held = guard.held && !req.confirmRemovals;
    if (held) {
      summary.held = {
        reasons: guard.reasons,
        removals: [...plan.removes.map((r) => ({ customerId: r.customerId, email: r.email, reason: r.reason })), ...plan.teamRemoves.map((t) => ({ customerId: '(team)', email: t.email, reason: 'no-account' }))],
        demotions: plan.roleChanges.filter((c) => !c.owner).map((c) => ({ customerId: c.customerId, email: c.email })),
      };
    }

    if (req.dryRun) {
      summary.status = 'dry-run';
      countPlan(summary, plan, held);
      return finish(held ? 3 : 0, { plan, guard });
    }

    deps.collectGarbage?.({ force: true });
    await applyPlan({ ...deps, logger: log, runId: runId!, imported, desired: desired.accounts, users, today, plan, held, members, summary, early });
    await repairProvisioning({ ...deps, logger: log }, summary, plan);

    summary.status = held ? 'held' : 'done';
    await store.syncRuns.finish(runId!, {
      status: held ? 'held' : 'done',
      rowsTotal: imported.stats.rows,
      rowsValid: imported.stats.acceptedRows,
      rowsRejected: imported.stats.skippedRows,
      summary: { ...summary, requests: requestsSoFar() } as unknown as Record<string, unknown>,
    });
    log.info({ runId, status: summary.status, accounts: summary.accounts, members: summary.members, unknown: summary.unknownPeople.length }, 'sync finished');
    return finish(held ? 3 : 0, { plan, guard });
  } catch (err) {
    const error = AppError.from(err);
    log.error({ runId, err: error.message, code: error.code }, 'sync failed');
    summary.status = 'failed';
    summary.problems.push(error.message);
    if (runId) await store.syncRuns.finish(runId, { status: 'failed', summary: { error: error.message } }).catch(() => undefined);
    return finish(1, { error });
  } finally {
    await Promise.allSettled(inFlight);
    if (renew) clearInterval(renew);
    if (!req.dryRun) await store.leases.release(LEASE, holder).catch(() => undefined);
  }
}

function countPlan(summary: SyncSummary, plan: SyncPlan, held: boolean): void {
  for (const c of plan.channels) {
    if (c.kind === 'create') summary.accounts.created++;
    if (c.kind === 'rename') summary.accounts.renamed++;
    if (c.kind === 'archive' && !held) summary.accounts.archived++;
    if (c.kind === 'revive') summary.accounts.revived++;
    if (c.kind === 'adopt') summary.accounts.adopted++;
  }
  summary.members.added = plan.adds.length + plan.channels.reduce((n, c) => n + (c.kind === 'create' ? c.initialMembers.length : 0), 0);
  summary.members.removed = held ? 0 : plan.removes.length;
  summary.roles.promoted = plan.roleChanges.filter((c) => c.owner).length;
  summary.roles.demoted = held ? 0 : plan.roleChanges.filter((c) => !c.owner).length;
  summary.team.added = plan.teamAdds.length;
  summary.team.removed = held ? 0 : plan.teamRemoves.length;
}

/**
 * Email -> directory user, from the people cache where fresh, else through Graph in batches.
 * Unknown people are re-checked every run: they may have been created in Entra since.
 */
async function resolvePeople(deps: SyncDependencies, accounts: ReadonlyMap<string, DesiredAccount>, dryRun: boolean): Promise<Map<string, DirectoryUser | null>> {
  const emails = new Set<string>();
  for (const a of accounts.values()) for (const p of [...a.owners, ...a.members]) emails.add(p.email);
  const cached = await deps.store.people.getMany([...emails]);
  const maxAgeMs = (deps.settings.resolveMaxAgeDays ?? 7) * 86_400_000;
  const now = deps.clock.now().getTime();
  const result = new Map<string, DirectoryUser | null>();
  const ask: string[] = [];
  for (const email of emails) {
    const p = cached.get(email);
    if (p?.objectId && p.resolvedAt && now - Date.parse(p.resolvedAt) < maxAgeMs) {
      result.set(email, { id: p.objectId, displayName: p.displayName ?? email, mail: email, userPrincipalName: email });
    } else ask.push(email);
  }
  if (ask.length) {
    deps.onProgress?.('resolve-people', 0, ask.length);
    const found = await deps.directory.resolveUsers(ask);
    for (const email of ask) result.set(email, found.get(email) ?? null);
    if (!dryRun) {
      await deps.store.people.saveResolutions(ask.map((email) => ({ email, objectId: found.get(email)?.id ?? null, displayName: found.get(email)?.displayName ?? null })));
    }
    deps.onProgress?.('resolve-people', ask.length, ask.length);
  }
  return result;
}

interface EarlyReads {
  onChannel: (channelId: string, outcome: Outcome<ConversationMember[]>) => void;
  /** The read order, once the desired state is known (not waited for: reads start when channels are listed). */
  order: () => ((ids: readonly string[]) => string[]) | undefined;
}

async function readMembers(directory: TeamsDirectory, teamId: string, channelsRead: Promise<ChannelInfo[]>, early?: EarlyReads) {
  const channels = await channelsRead;
  const relevant = channels.filter((c) => c.membershipType !== 'standard').map((c) => c.id);
  const order = early?.order();
  return { channels, membersResult: await directory.listChannelMembersMany(teamId, order ? order(relevant) : relevant, early?.onChannel) };
}

/**
 * Whether anyone may have to join or leave the team: an account without a recorded channel, a
 * resolved person not recorded in their account's channel, or a managed person no account wants.
 */
function teamMayChange(
  accounts: ReadonlyMap<string, DesiredAccount>,
  users: ReadonlyMap<string, DirectoryUser | null>,
  known: ReadonlyMap<string, KnownAccount>,
  recorded: ReadonlyMap<string, ReadonlySet<string>>,
  managed: ReadonlySet<string>,
): boolean {
  const wanted = new Set<string>();
  for (const a of accounts.values()) {
    if (a.ended) continue; // being archived: its people count as not wanted, as in the plan
    const inChannel = recorded.get(a.accountId);
    if (!known.get(a.accountId)?.channelId || !inChannel) return true;
    for (const p of [...a.owners, ...a.members]) {
      const id = users.get(p.email)?.id;
      if (!id) continue;
      if (!inChannel.has(id)) return true;
      wanted.add(id);
    }
  }
  for (const id of managed) if (!wanted.has(id)) return true;
  return false;
}

async function recordedChannelMembers(store: Store, customerIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const byAccount = new Map<string, Set<string>>();
  for (const [i, id] of customerIds.entries()) {
    // SQLite answers synchronously: a turn of the event loop now and then keeps the Teams reads going.
    if (i % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve));
    byAccount.set(id, new Set((await store.actualMemberships.listForAccount(id)).map((m) => m.userId)));
  }
  return byAccount;
}
