import type { DesiredAccount } from '../membership';
import type { SyncPlan } from './plan';

/**
 * The sync guard judges what looks broken, not how much changes. A month of normal turnover (a few
 * per cent of memberships) applies without anyone approving it; a truncated export, a wrongly mapped
 * column or one account emptied by a billing glitch is held, and only the part that looks broken:
 * the other accounts' changes go ahead. Pure: the same plan and context always give the same verdict.
 */
export interface GuardLimits {
  /** Hold every removal when removals exceed this share of current channel memberships (default 0.1). */
  maxRemoveShare: number;
  /** Opt-in absolute limit on removals in one run; 0 = off (the default). */
  maxRemoveCount: number;
  /** Hold every removal when the export has fewer rows than this share of the last accepted one (default 0.5). */
  minRowShare: number;
  /** Hold an account's removals when it keeps its sites but would lose more than this share of its members (default 0.5). */
  maxAccountLossShare?: number;
  /** Hold an account's additions when those not explained by new sites exceed this share of its members (default 0.25). */
  maxAccountAddShare?: number;
  /**
   * Hold a person's additions when they would newly join more accounts at once than this (default 10)
   * and than 1.5 times the most accounts anyone is in now: a supervisor replacing a leaver takes over
   * all their sites, which at 1,000 accounts can be 80 accounts, and that is ordinary.
   */
  maxNewAccountsPerPerson?: number;
  /** Hold accounts that vanished from the export when more than this share of the known ones vanish at once (default 0.05). */
  maxMissingAccountShare?: number;
}

const GUARD_DEFAULTS = {
  maxAccountLossShare: 0.5,
  maxAccountAddShare: 0.25,
  maxNewAccountsPerPerson: 10,
  maxMissingAccountShare: 0.05,
} as const;
/** Accounts this small are judged by the run-wide signals only: two of three leaving is ordinary. */
const MIN_ACCOUNT_MEMBERS = 6;
/** Per-account additions at or under this count are never "far beyond" anything. */
const MIN_ACCOUNT_ADDS = 4;
/** This many accounts may vanish at once whatever the share (an ended contract is ordinary). */
const MIN_MISSING_ACCOUNTS = 2;

export type GuardCode =
  'ROWS_DROPPED' | 'REMOVE_SHARE' | 'REMOVE_COUNT' | 'ACCOUNT_EMPTIED' | 'ACCOUNTS_MISSING' | 'PERSON_MANY_ADDS' | 'ADDS_BEYOND_SITES';

export interface GuardReason {
  code: GuardCode;
  /** What the reason holds: every removal, one account's removals or additions, or one person's additions. */
  scope: 'run-removals' | 'account-removals' | 'account-additions' | 'person-additions';
  customerId?: string;
  userId?: string;
  email?: string;
  /** English text (logs, CLI); `fi` is the Finnish one for cards and tabs. */
  message: string;
  fi: string;
}

export interface GuardVerdict {
  held: boolean;
  reasons: GuardReason[];
  /** Channel removals plus owner demotions the plan has (held or not). */
  removals: number;
  /** Every removal, demotion, team removal and archive waits. */
  holdAllRemovals: boolean;
  /** Accounts whose removals, demotions and archiving wait. */
  heldRemovalAccounts: string[];
  /** Accounts whose additions (to existing channels) wait. */
  heldAdditionAccounts: string[];
  /** People (object ids) whose additions wait in every account. */
  heldPeople: string[];
  /** Accounts whose "missing from billing" mark (the start of the grace period) waits. */
  heldMissingAccounts: string[];
}

export interface GuardContext {
  /** Rows in this export, and in the last export whose run was accepted (not held). */
  rows: number;
  lastAcceptedRows: number | null;
  desired: ReadonlyMap<string, Pick<DesiredAccount, 'siteCount' | 'ended'>>;
  /** Site ids per account as recorded by earlier runs (empty for an account not seen before). */
  previousSites: ReadonlyMap<string, ReadonlySet<string>>;
  /** Accounts with an active channel before this run. */
  knownActiveAccounts: number;
  /** The most account channels any one person is in now (from what earlier runs recorded). */
  largestFootprint?: number;
  limits: GuardLimits;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
const pctFi = (x: number) => pct(x).replace('.', ',');

/** The verdict on one plan: which parts look broken, with reasons in Finnish and English. */
export function guard(plan: SyncPlan, ctx: GuardContext): GuardVerdict {
  const limits = { ...GUARD_DEFAULTS, ...ctx.limits };
  const reasons: GuardReason[] = [];
  const demotions = plan.roleChanges.filter((c) => !c.owner);
  const removals = plan.removes.length + demotions.length;

  // Run-wide: the export shrank, or too much of everything would go.
  if (ctx.lastAcceptedRows && ctx.rows < ctx.lastAcceptedRows * limits.minRowShare) {
    reasons.push({
      code: 'ROWS_DROPPED',
      scope: 'run-removals',
      message: `the export has ${ctx.rows} rows, the last accepted one had ${ctx.lastAcceptedRows} (under ${pct(limits.minRowShare)}): the export looks truncated`,
      fi: `aineistossa on ${ctx.rows} riviä, viimeksi hyväksytyssä oli ${ctx.lastAcceptedRows} (alle ${pctFi(limits.minRowShare)}): aineisto näyttää katkenneen`,
    });
  }
  const base = plan.currentMemberships;
  const share = base > 0 ? removals / base : removals > 0 ? 1 : 0;
  if (removals > 0 && share > limits.maxRemoveShare) {
    reasons.push({
      code: 'REMOVE_SHARE',
      scope: 'run-removals',
      message: `would remove or demote ${removals} of ${base} channel memberships (${pct(share)}, limit ${pct(limits.maxRemoveShare)})`,
      fi: `poistaisi tai alentaisi ${removals}/${base} kanavajäsenyyttä (${pctFi(share)}, raja ${pctFi(limits.maxRemoveShare)})`,
    });
  }
  if (limits.maxRemoveCount > 0 && removals > limits.maxRemoveCount) {
    reasons.push({
      code: 'REMOVE_COUNT',
      scope: 'run-removals',
      message: `would remove or demote ${removals} channel memberships (limit ${limits.maxRemoveCount})`,
      fi: `poistaisi tai alentaisi ${removals} kanavajäsenyyttä (raja ${limits.maxRemoveCount})`,
    });
  }

  reasons.push(...emptiedAccounts(plan, ctx, limits.maxAccountLossShare));
  const missing = missingAccounts(plan, ctx, limits.maxMissingAccountShare);
  reasons.push(...missing.reasons);
  reasons.push(...peopleAddedWidely(plan, Math.max(limits.maxNewAccountsPerPerson, Math.ceil(1.5 * (ctx.largestFootprint ?? 0)))));
  reasons.push(...addsBeyondSites(plan, ctx, limits.maxAccountAddShare));

  const holdAllRemovals = reasons.some((r) => r.scope === 'run-removals');
  const of = (scope: GuardReason['scope'], key: 'customerId' | 'userId') =>
    [...new Set(reasons.filter((r) => r.scope === scope).map((r) => r[key]!))].sort();
  const verdict: GuardVerdict = {
    held: false,
    reasons,
    removals,
    holdAllRemovals,
    heldRemovalAccounts: of('account-removals', 'customerId'),
    heldAdditionAccounts: of('account-additions', 'customerId'),
    heldPeople: of('person-additions', 'userId'),
    heldMissingAccounts: holdAllRemovals ? plan.channels.filter((c) => c.kind === 'mark-missing').map((c) => c.customerId) : missing.held,
  };
  const { held } = splitPlan(plan, verdict);
  verdict.held = !isEmptyPlan(held);
  return verdict;
}

/** Members per account before this run (channel removals and the people kept are counted from the plan). */
function channelSizes(plan: SyncPlan): Map<string, { removed: number; demoted: number }> {
  const by = new Map<string, { removed: number; demoted: number }>();
  const at = (id: string) => by.get(id) ?? by.set(id, { removed: 0, demoted: 0 }).get(id)!;
  for (const r of plan.removes) if (r.reason !== 'account-archived') at(r.customerId).removed++;
  for (const c of plan.roleChanges) if (!c.owner) at(c.customerId).demoted++;
  return by;
}

function emptiedAccounts(plan: SyncPlan, ctx: GuardContext, maxShare: number): GuardReason[] {
  const out: GuardReason[] = [];
  const current = plan.currentByAccount ?? new Map<string, number>();
  for (const [customerId, n] of channelSizes(plan)) {
    const before = current.get(customerId) ?? 0;
    const lost = n.removed;
    if (before < MIN_ACCOUNT_MEMBERS || lost / before <= maxShare) continue;
    // An account that lost its sites loses their people too: that is explained, not broken.
    const sitesBefore = ctx.previousSites.get(customerId)?.size ?? 0;
    const sitesNow = ctx.desired.get(customerId)?.siteCount ?? 0;
    if (sitesBefore > 0 && sitesNow < sitesBefore * (1 - maxShare)) continue;
    out.push({
      code: 'ACCOUNT_EMPTIED',
      scope: 'account-removals',
      customerId,
      message: `${customerId} keeps ${sitesNow} of its ${sitesBefore} sites but would lose ${lost} of its ${before} members`,
      fi: `${customerId}: ${sitesNow}/${sitesBefore} kohdetta säilyy, mutta ${lost}/${before} jäsentä poistuisi`,
    });
  }
  return out;
}

function missingAccounts(plan: SyncPlan, ctx: GuardContext, maxShare: number): { reasons: GuardReason[]; held: string[] } {
  const missing = plan.channels
    .filter((c) => c.kind === 'mark-missing')
    .map((c) => c.customerId)
    .sort();
  const known = Math.max(ctx.knownActiveAccounts, 1);
  if (missing.length <= MIN_MISSING_ACCOUNTS || missing.length / known <= maxShare) return { reasons: [], held: [] };
  const reasons = missing.map((customerId): GuardReason => ({
    code: 'ACCOUNTS_MISSING',
    scope: 'account-removals',
    customerId,
    message: `${customerId} is missing from the export, with ${missing.length} of ${ctx.knownActiveAccounts} accounts at once (limit ${pct(maxShare)})`,
    fi: `${customerId} puuttuu aineistosta, samalla kertaa ${missing.length}/${ctx.knownActiveAccounts} asiakkuutta (raja ${pctFi(maxShare)})`,
  }));
  return { reasons, held: missing };
}

function peopleAddedWidely(plan: SyncPlan, max: number): GuardReason[] {
  const byUser = new Map<string, { email: string; accounts: Set<string> }>();
  for (const a of plan.adds) {
    if (a.channelId === null) continue; // a channel created now: its first members are the account's start
    const e = byUser.get(a.userId) ?? { email: a.email, accounts: new Set<string>() };
    e.accounts.add(a.customerId);
    byUser.set(a.userId, e);
  }
  const out: GuardReason[] = [];
  for (const [userId, { email, accounts }] of [...byUser].sort((x, y) => (x[1].email < y[1].email ? -1 : 1))) {
    if (accounts.size <= max) continue;
    out.push({
      code: 'PERSON_MANY_ADDS',
      scope: 'person-additions',
      userId,
      email,
      message: `${email} would join ${accounts.size} account channels at once (limit ${max})`,
      fi: `${email} lisättäisiin kerralla ${accounts.size} asiakkuuden kanavaan (raja ${max})`,
    });
  }
  return out;
}

function addsBeyondSites(plan: SyncPlan, ctx: GuardContext, maxShare: number): GuardReason[] {
  const current = plan.currentByAccount ?? new Map<string, number>();
  const unexplained = new Map<string, number>();
  for (const a of plan.adds) {
    if (a.channelId === null) continue;
    const previous = ctx.previousSites.get(a.customerId);
    // An addition through a site the account did not have before follows a site change.
    const viaNewSite = a.reasons.some((r) => r.kind === 'site' && !!previous && previous.size > 0 && !previous.has(r.siteId));
    const notFromSites = a.reasons.every((r) => r.kind !== 'site');
    if (viaNewSite || notFromSites) continue;
    unexplained.set(a.customerId, (unexplained.get(a.customerId) ?? 0) + 1);
  }
  const out: GuardReason[] = [];
  for (const [customerId, n] of [...unexplained].sort()) {
    const before = current.get(customerId) ?? 0;
    if (n <= MIN_ACCOUNT_ADDS || n <= before * maxShare) continue;
    out.push({
      code: 'ADDS_BEYOND_SITES',
      scope: 'account-additions',
      customerId,
      message: `${customerId} would gain ${n} members on sites it already had (it has ${before}; limit ${pct(maxShare)})`,
      fi: `${customerId} saisi ${n} uutta jäsentä ennestään tuttuihin kohteisiin (jäseniä nyt ${before}; raja ${pctFi(maxShare)})`,
    });
  }
  return out;
}

export interface PlanParts {
  /** What goes ahead now. */
  apply: SyncPlan;
  /** What waits for approval (recorded, not applied). */
  held: SyncPlan;
}

/**
 * Splits a plan by a verdict. Removals, demotions and archiving of a held account wait together (an
 * archive without its removals would rename a channel that still has everyone); a person's team
 * removal waits while any of their channel removals waits (leaving the team empties their private
 * channels); a held person joins the team only with some addition that goes ahead.
 */
export function splitPlan(
  plan: SyncPlan,
  verdict: Pick<GuardVerdict, 'holdAllRemovals' | 'heldRemovalAccounts' | 'heldAdditionAccounts' | 'heldPeople' | 'heldMissingAccounts'>,
): PlanParts {
  const removalHeld = new Set(verdict.heldRemovalAccounts);
  const addHeld = new Set(verdict.heldAdditionAccounts);
  const peopleHeld = new Set(verdict.heldPeople);
  const missingHeld = new Set(verdict.heldMissingAccounts);
  const holdsRemoval = (customerId: string) => verdict.holdAllRemovals || removalHeld.has(customerId);
  const holdsAdd = (a: { customerId: string; userId: string; channelId: string | null }) =>
    a.channelId !== null && (addHeld.has(a.customerId) || peopleHeld.has(a.userId));

  const [removesHeld, removesNow] = partition(plan.removes, (r) => holdsRemoval(r.customerId));
  const [rolesHeld, rolesNow] = partition(plan.roleChanges, (c) => !c.owner && holdsRemoval(c.customerId));
  const [channelsHeld, channelsNow] = partition(plan.channels, (c) =>
    c.kind === 'archive' ? holdsRemoval(c.customerId) : c.kind === 'mark-missing' ? missingHeld.has(c.customerId) : false,
  );
  const [addsHeld, addsNow] = partition(plan.adds, holdsAdd);
  const usersWithHeldRemoval = new Set(removesHeld.map((r) => r.userId));
  const [teamRemovesHeld, teamRemovesNow] = partition(
    plan.teamRemoves,
    (t) => verdict.holdAllRemovals || usersWithHeldRemoval.has(t.userId),
  );
  const joining = new Set([
    ...addsNow.map((a) => a.userId),
    ...channelsNow.flatMap((c) => (c.kind === 'create' ? c.initialMembers.map((m) => m.userId) : [])),
  ]);
  const [teamAddsNow, teamAddsHeld] = partition(
    plan.teamAdds,
    (t) => joining.has(t.userId) || !addsHeld.some((a) => a.userId === t.userId),
  );

  const empty = { adds: [], removes: [], roleChanges: [], teamAdds: [], teamRemoves: [], channels: [] };
  return {
    apply: {
      ...plan,
      channels: channelsNow,
      adds: addsNow,
      removes: removesNow,
      roleChanges: rolesNow,
      teamAdds: teamAddsNow,
      teamRemoves: teamRemovesNow,
    },
    held: {
      ...plan,
      ...empty,
      channels: channelsHeld,
      adds: addsHeld,
      removes: removesHeld,
      roleChanges: rolesHeld,
      teamAdds: teamAddsHeld,
      teamRemoves: teamRemovesHeld,
      unknownPeople: [],
    },
  };
}

export function isEmptyPlan(p: Pick<SyncPlan, 'channels' | 'adds' | 'removes' | 'roleChanges' | 'teamAdds' | 'teamRemoves'>): boolean {
  return !p.channels.length && !p.adds.length && !p.removes.length && !p.roleChanges.length && !p.teamAdds.length && !p.teamRemoves.length;
}

function partition<T>(items: readonly T[], test: (x: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const x of items) (test(x) ? yes : no).push(x);
  return [yes, no];
}
