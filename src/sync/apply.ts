import type { Store, ActualMembershipInput, EnqueueInput } from '../store';
import type { Logger } from '../ports/logger';
import type { ChannelMemberChangeResult, ConversationMember, DirectoryUser, TeamsDirectory } from '../ports/teams-directory';
import type { BillingImport } from '../billing';
import type { DesiredAccount } from '../membership';
import { AppError } from '../errors/app-error';
import type { SyncPlan, MemberAdd, MemberRemove, ChannelAction, RoleChange } from './plan';
import type { SyncDependencies, SyncSettings } from './run-sync';
import type { SyncSummary } from './summary';
import { channelNameFor } from './channel-naming';
import { provisionAccountChannel } from './repair-provisioning';
import { describeReasons, toStoredReasons } from './reasons';
import { mapPool } from './pool';
import { interleaveByChannel } from './interleave';
import type { EarlyRemovals } from './early-removals';

const CHANNEL_CONCURRENCY = 6;
const MEMBER_STREAMS = 4;

export interface ApplyContext {
  store: Store;
  directory: TeamsDirectory;
  logger: Logger;
  settings: SyncSettings;
  onProgress?: (phase: string, done: number, total: number) => void;
  runId: string;
  imported: BillingImport;
  desired: ReadonlyMap<string, DesiredAccount>;
  users: ReadonlyMap<string, DirectoryUser | null>;
  today: string;
  plan: SyncPlan;
  held: boolean;
  members: ReadonlyMap<string, ConversationMember[]>;
  summary: SyncSummary;
  /** Removals a confirmed run already started while channels were read. */
  early?: EarlyRemovals;
  collectGarbage?: SyncDependencies['collectGarbage'];
}

type Audit = Parameters<Store['audit']['append']>[1][number];

/**
 * Carries out a plan. Order matters: people join the team before private channels are created or
 * joined; adds always go ahead; removals only when the guard did not hold the run. Every change
 * is audited with its reason. Failures of single items are counted and reported, never hidden.
 */
export async function applyPlan(ctx: ApplyContext): Promise<void> {
  await persistAccounts(ctx);
  // Sites and desired memberships are written while Graph works: nothing in this run reads them back.
  const inFlight: Promise<unknown>[] = [persistSitesAndMemberships(ctx)];
  try {
    await applyChanges(ctx, inFlight);
  } catch (err) {
    await Promise.allSettled(inFlight); // nothing keeps running after the run has ended
    throw err;
  }
  await Promise.all(inFlight);
}

async function applyChanges(ctx: ApplyContext, inFlight: Promise<unknown>[]): Promise<void> {
  const { store, directory, settings, plan, summary, runId } = ctx;
  const teamId = settings.teamId;
  const audit: Audit[] = [];
  const notes: EnqueueInput[] = [];
  const flushAudit = async () => {
    if (audit.length) await store.audit.append(runId, audit.splice(0));
    if (notes.length) await store.outbox.enqueueMany(notes.splice(0));
  };
  const progress = ctx.onProgress ?? (() => undefined);
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.push(p.catch(() => undefined)); // a failure surfaces where the result is awaited
    return p;
  };

  // Channel actions need to know each account's channel (new ones get their id on creation).
  const channelOf = new Map<string, string>();
  for (const [customerId, known] of await knownChannels(store)) channelOf.set(customerId, known);
  for (const c of plan.channels) if ('channelId' in c) channelOf.set(c.customerId, c.channelId);

  // 1. Team membership first: Graph refuses private-channel members who are not in the team.
  const teamFailed = new Set<string>();
  if (plan.teamAdds.length) {
    progress('team-members', 0, plan.teamAdds.length);
    const results = await directory.addTeamMembers(teamId, plan.teamAdds.map((t) => t.userId));
    for (const r of results) {
      const email = plan.teamAdds.find((t) => t.userId === r.key)?.email ?? null;
      if (r.ok) {
        summary.team.added++;
        audit.push({ action: 'team-member-added', email, reason: 'member of an account channel', detail: { userId: r.key } });
      } else {
        teamFailed.add(r.key);
        summary.members.failed++;
        summary.problems.push(`could not add ${email} to the team: ${r.error.message}`);
      }
    }
    progress('team-members', plan.teamAdds.length, plan.teamAdds.length);
  }

  // Then what waits for nothing more starts, beside step 2: removals, adds to existing channels, and
  // team removals of people who own no channel (an owner leaves only after the hand-over in 3b).
  // Removals hold the longest limit (DELETE 15/s); team removals start first so the member streams
  // cannot take every DELETE slot before them, and after the team adds, whose 4/s they share.
  const owning = new Set([...ctx.members.values()].flatMap((ms) => ms.filter((m) => m.isOwner).map((m) => m.userId)));
  const earlyTeamRemoves = ctx.held ? [] : plan.teamRemoves.filter((t) => !owning.has(t.userId));
  const earlyTeamRemoval = track(earlyTeamRemoves.length ? directory.removeTeamMembers(teamId, earlyTeamRemoves.map((t) => t.membershipId)) : Promise.resolve([]));
  const earlyAdds = plan.adds.filter((a) => a.channelId !== null && !(settings.channelType === 'private' && teamFailed.has(a.userId)));
  const earlyKeys = new Set(earlyAdds.map((a) => `${a.channelId}|${a.userId}`));
  // Owners leave in step 3b, after the new owners are in place. A confirmed run has already sent
  // the removals of the channels read early; only the rest go now.
  const early = ctx.held ? undefined : ctx.early;
  const removesNow = ctx.held ? [] : plan.removes.filter((r) => !r.wasOwner && !early?.has(r));
  const removes = [...(early?.removes ?? []), ...removesNow];
  // Adds and removals go as separate streams: the hand-over (3b) waits only for the adds, so owner
  // removals and the departing owners' team removals join the DELETE budget while it is still busy
  // instead of trailing after every other removal.
  const earlyAddResults = track(sendMemberChanges(directory, teamId, earlyAdds, []));
  const removeResults = track(Promise.all([early?.results() ?? [], sendMemberChanges(directory, teamId, [], removesNow)]).then((r) => r.flat()));
  const ownerGainFailed = new Set<string>(); // channels where a new owner could not be added
  for (const add of plan.adds) {
    if (add.owner && add.channelId && settings.channelType === 'private' && teamFailed.has(add.userId)) ownerGainFailed.add(add.channelId);
  }
  const removed = new Map<string, MemberRemove[]>();
  const owningTeamRemoves = ctx.held ? [] : plan.teamRemoves.filter((t) => owning.has(t.userId));
  const handover = track((async () => {
    // Only adds to existing channels matter here: a channel created in this run has no old owner.
    for (const r of await earlyAddResults) if (!r.ok && r.change.kind === 'add' && r.change.owner) ownerGainFailed.add(r.change.channelId);
    const roleChanged = await applyOwnerHandover(ctx, ownerGainFailed, removed, audit);
    // Leaving the team would take an owner out of a channel whose new owner is not in place yet,
    // orphaning it; they stay until a later run completes the hand-over.
    const stillOwning = new Set([...ownerGainFailed].flatMap((channelId) => (ctx.members.get(channelId) ?? []).filter((m) => m.isOwner).map((m) => m.userId)));
    const leaving = owningTeamRemoves.filter((t) => !stillOwning.has(t.userId));
    const lateTeamRemoval = leaving.length ? await directory.removeTeamMembers(teamId, leaving.map((t) => t.membershipId)) : [];
    return { roleChanged, lateTeamRemoval };
  })());

  // 2. Channels.
  const creates = plan.channels.filter((c): c is Extract<ChannelAction, { kind: 'create' }> => c.kind === 'create');
  const needsProvisioning = creates.length > 0 || plan.channels.some((c) => c.kind === 'adopt');
  if (needsProvisioning) await ensureAppInstalled(directory, teamId, settings.teamsAppId);
  const createdNow = new Map<string, ConversationMember[]>();
  let done = 0;
  const leftWithoutChannel: string[] = [];
  // Several channels at once: the Graph client paces each team/channel under its documented limits.
  await mapPool(plan.channels, CHANNEL_CONCURRENCY, async (action) => {
    try {
      // A full team refuses every further channel: one clear report instead of hundreds of failures.
      if (action.kind === 'create' && leftWithoutChannel.length > 0) {
        leftWithoutChannel.push(action.customerId);
        return;
      }
      await applyChannelAction(ctx, action, channelOf, createdNow, teamFailed, audit);
    } catch (err) {
      const e = AppError.from(err);
      if (action.kind === 'create' && isTeamFull(e)) {
        leftWithoutChannel.push(action.customerId);
        return;
      }
      summary.problems.push(`${action.kind} ${action.customerId}: ${e.message}`);
      ctx.logger.warn({ customerId: action.customerId, action: action.kind, err: e.message }, 'channel action failed');
    }
    progress('channels', ++done, plan.channels.length);
    if (audit.length >= 200) await flushAudit();
    ctx.collectGarbage?.();
  });
  if (leftWithoutChannel.length > 0) {
    summary.problems.push(
      `the team is full: Teams allows 1,000 channels per team, deleted ones included for 30 days (private channels may be limited to 30 in tenants not yet migrated); ` +
        `${leftWithoutChannel.length} accounts got no channel: ${leftWithoutChannel.sort().join(', ')}`,
    );
  }


  // 3. Member adds and (unless held) removals, batched across channels by the directory.
  const added = new Map<string, MemberAdd[]>();
  for (const add of plan.adds) {
    const channelId = add.channelId ?? channelOf.get(add.customerId);
    if (!channelId || (settings.channelType === 'private' && teamFailed.has(add.userId))) {
      summary.members.failed++;
      continue;
    }
    const list = added.get(channelId) ?? [];
    list.push({ ...add, channelId });
    added.set(channelId, list);
  }
  const addedMembers = new Map<string, { add: MemberAdd; membershipId: string | null }[]>();
  const allAdds = [...added.values()].flat();
  if (allAdds.length || removes.length) {
    const total = allAdds.length + removes.length;
    progress('members', 0, total);
    const lateAdds = allAdds.filter((a) => !earlyKeys.has(`${a.channelId}|${a.userId}`));
    const lateAddResults = track(sendMemberChanges(directory, teamId, lateAdds, []));
    const results = [...(await earlyAddResults), ...(await removeResults), ...(await lateAddResults)];
    const addOf = new Map(allAdds.map((a) => [`${a.channelId}|${a.userId}`, a]));
    const removeOf = new Map(removes.map((x) => [`${x.channelId}|${x.membershipId}`, x]));
    for (const r of results) {
      const change = r.change;
      if (change.kind === 'add') {
        const add = addOf.get(`${change.channelId}|${change.userId}`)!;
        if (r.ok) {
          summary.members.added++;
          addedMembers.set(change.channelId, [...(addedMembers.get(change.channelId) ?? []), { add, membershipId: r.membershipId ?? null }]);
          audit.push({ action: 'member-added', customerId: add.customerId, email: add.email, reason: describeReasons(add.reasons), detail: { userId: add.userId, owner: add.owner, reasons: toStoredReasons(add.reasons) } });
          notes.push(accessNote(ctx, add));
        } else {
          summary.members.failed++;
          summary.problems.push(`could not add ${add.email} to ${add.customerId}: ${r.error?.message ?? 'unknown error'}`);
        }
      } else {
        const rm = removeOf.get(`${change.channelId}|${change.membershipId}`)!;
        if (r.ok) {
          summary.members.removed++;
          removed.set(rm.channelId, [...(removed.get(rm.channelId) ?? []), rm]);
          audit.push({ action: 'member-removed', customerId: rm.customerId, email: rm.email, reason: rm.reason, detail: { userId: rm.userId, wasOwner: rm.wasOwner } });
        } else {
          summary.members.failed++;
          summary.problems.push(`could not remove ${rm.email ?? rm.userId} from ${rm.customerId}: ${r.error?.message ?? 'unknown error'}`);
        }
      }
    }
    progress('members', total, total);
    await flushAudit();
  }

  // 3b. Owner hand-over: promotions, then (unless held) demotions and owner removals (started above).
  const { roleChanged, lateTeamRemoval } = await handover;
  await flushAudit();

  // 4. Team removals and archiving, unless the guard holds removals for approval.
  if (!ctx.held) {
    if (plan.teamRemoves.length) {
      const results = [...(await earlyTeamRemoval), ...lateTeamRemoval];
      const teamRemoveOf = new Map(plan.teamRemoves.map((t) => [t.membershipId, t]));
      for (const res of results) {
        const t = teamRemoveOf.get(res.key)!;
        if (res.ok) {
          summary.team.removed++;
          audit.push({ action: 'team-member-removed', email: t.email, reason: 'no longer in any account', detail: { userId: t.userId } });
        } else summary.problems.push(`could not remove ${t.email ?? t.userId} from the team: ${res.error.message}`);
      }
    }
    // Archive renames come after their member removals succeeded.
    for (const a of plan.channels) {
      if (a.kind !== 'archive') continue;
      try {
        await directory.updateChannel(teamId, a.channelId, { displayName: a.to });
        await store.accounts.archive(a.customerId, a.to);
        summary.accounts.archived++;
        audit.push({ action: 'channel-archived', customerId: a.customerId, reason: `missing from billing or contract ended since ${a.since}`, detail: { channelId: a.channelId, from: a.from, to: a.to } });
      } catch (err) {
        summary.problems.push(`archive ${a.customerId}: ${(err as Error).message}`);
      }
    }
  } else {
    await askForApproval(ctx);
    audit.push({ action: 'removals-held', reason: summary.held?.reasons.map((r) => r.message).join('; ') ?? 'guard', detail: { removals: plan.removes.length + plan.teamRemoves.length, demotions: plan.roleChanges.filter((c) => !c.owner).length } });
  }
  await flushAudit();

  // 5. Remember what each touched channel now holds (the basis of "managed" people and of reports).
  const touched = new Set<string>([...added.keys(), ...removed.keys(), ...createdNow.keys(), ...roleChanged.keys()]);
  for (const channelId of touched) {
    const customerId = [...channelOf].find(([, c]) => c === channelId)?.[0];
    if (!customerId) continue;
    const before = ctx.members.get(channelId) ?? createdNow.get(channelId) ?? [];
    const gone = new Set((removed.get(channelId) ?? []).map((r) => r.userId));
    const newRole = roleChanged.get(channelId);
    const snapshot: ActualMembershipInput[] = before
      .filter((m) => !gone.has(m.userId))
      .map((m) => {
        const owner = newRole?.get(m.userId);
        const roles = owner === undefined ? m.roles : owner ? [...m.roles.filter((r) => r !== 'owner'), 'owner'] : m.roles.filter((r) => r !== 'owner');
        return { userId: m.userId, email: m.email, membershipId: m.membershipId, roles };
      });
    for (const { add, membershipId } of addedMembers.get(channelId) ?? []) {
      if (!snapshot.some((s) => s.userId === add.userId)) snapshot.push({ userId: add.userId, email: add.email, membershipId, roles: add.owner ? ['owner'] : [] });
    }
    await store.actualMemberships.replaceForAccount(customerId, channelId, snapshot);
  }
}

/**
 * Owner hand-over (graph "channel-update-members"). Promotions always go ahead, like adds. Demotions
 * and owner removals come after every new owner is in: they wait when the guard holds the run, and
 * are skipped in a channel whose new owner could not be added or promoted, so an account never ends
 * up without the owner billing names. Returns the new role per user per channel.
 */
async function applyOwnerHandover(
  ctx: ApplyContext,
  ownerGainFailed: Set<string>,
  removed: Map<string, MemberRemove[]>,
  audit: Audit[],
): Promise<Map<string, Map<string, boolean>>> {
  const { directory, plan, summary, settings } = ctx;
  const changed = new Map<string, Map<string, boolean>>();
  const note = (c: RoleChange) => changed.set(c.channelId, (changed.get(c.channelId) ?? new Map<string, boolean>()).set(c.userId, c.owner));
  const setRoles = async (list: RoleChange[]) => {
    const results = await directory.setChannelMemberRoles(settings.teamId, list.map((c) => ({ channelId: c.channelId, membershipId: c.membershipId, owner: c.owner })));
    return results.map((r, i) => ({ change: list[i]!, ok: r.ok, error: r.ok ? undefined : r.error }));
  };

  const promotions = plan.roleChanges.filter((c) => c.owner);
  if (promotions.length) {
    for (const r of await setRoles(promotions)) {
      const c = r.change;
      if (r.ok) {
        summary.roles.promoted++;
        note(c);
        audit.push({ action: 'member-promoted', customerId: c.customerId, email: c.email, reason: describeReasons(c.reasons), detail: { userId: c.userId, owner: true, reasons: toStoredReasons(c.reasons) } });
      } else {
        ownerGainFailed.add(c.channelId);
        summary.members.failed++;
        summary.problems.push(`could not make ${c.email} an owner of ${c.customerId}: ${r.error?.message ?? 'unknown error'}`);
      }
    }
  }
  if (ctx.held) return changed;

  const safe = (channelId: string, customerId: string, what: string) => {
    if (!ownerGainFailed.has(channelId)) return true;
    summary.problems.push(`${customerId}: ${what} waits for the next run (the new owner is not in place yet)`);
    return false;
  };
  const demotions = plan.roleChanges.filter((c) => !c.owner && safe(c.channelId, c.customerId, `demoting ${c.email}`));
  const ownerRemoves = plan.removes.filter((r) => r.wasOwner && safe(r.channelId, r.customerId, `removing ${r.email ?? r.userId}`));
  const [demoted, gone] = await Promise.all([
    demotions.length ? setRoles(demotions) : [],
    ownerRemoves.length ? directory.applyChannelMemberChanges(settings.teamId, ownerRemoves.map((r) => ({ kind: 'remove' as const, channelId: r.channelId, membershipId: r.membershipId }))) : [],
  ]);
  for (const r of demoted) {
    const c = r.change;
    if (r.ok) {
      summary.roles.demoted++;
      note(c);
      audit.push({ action: 'member-demoted', customerId: c.customerId, email: c.email, reason: `no longer an owner in billing; stays as ${describeReasons(c.reasons)}`, detail: { userId: c.userId, owner: false, reasons: toStoredReasons(c.reasons) } });
    } else {
      summary.members.failed++;
      summary.problems.push(`could not make ${c.email} a plain member of ${c.customerId}: ${r.error?.message ?? 'unknown error'}`);
    }
  }
  gone.forEach((res, i) => {
    const rm = ownerRemoves[i]!;
    if (res.ok) {
      summary.members.removed++;
      removed.set(rm.channelId, [...(removed.get(rm.channelId) ?? []), rm]);
      audit.push({ action: 'member-removed', customerId: rm.customerId, email: rm.email, reason: rm.reason, detail: { userId: rm.userId, wasOwner: true } });
    } else {
      summary.members.failed++;
      summary.problems.push(`could not remove ${rm.email ?? rm.userId} from ${rm.customerId}: ${res.error?.message ?? 'unknown error'}`);
    }
  });
  return changed;
}

async function applyChannelAction(
  ctx: ApplyContext,
  action: ChannelAction,
  channelOf: Map<string, string>,
  createdNow: Map<string, ConversationMember[]>,
  teamFailed: ReadonlySet<string>,
  audit: Audit[],
): Promise<void> {
  const { directory, store, settings, summary } = ctx;
  const teamId = settings.teamId;
  const provision = (customerId: string, channelId: string) => provisionAccountChannel(ctx, customerId, channelId);

  switch (action.kind) {
    case 'create': {
      const initial = action.initialMembers.filter((m) => settings.channelType !== 'private' || !teamFailed.has(m.userId));
      if (!initial.some((m) => m.owner)) {
        const why = action.initialMembers.some((m) => m.owner) ? 'the owner could not join the team' : 'key account director unknown in the directory';
        throw new AppError('BAD_INPUT', `no resolvable owner for the channel (${why})`);
      }
      let displayName = action.displayName;
      let channel;
      try {
        channel = await directory.createChannel(teamId, { displayName, description: action.description, membershipType: settings.channelType, members: initial.map((m) => ({ userId: m.userId, owner: m.owner })) });
      } catch (err) {
        // A deleted channel keeps its name for 30 days: Graph answers 400 "Channel name already existed,
        // please use other name." (NameAlreadyExists in some answers). Fall back to the collision rule.
        if (AppError.from(err).code !== 'CONFLICT' && !/NameAlreadyExists|name already exist/i.test(String((err as Error).message))) throw err;
        displayName = channelNameFor(action.displayName, action.customerId, new Set([action.displayName.toLowerCase()]));
        channel = await directory.createChannel(teamId, { displayName, description: action.description, membershipType: settings.channelType, members: initial.map((m) => ({ userId: m.userId, owner: m.owner })) });
      }
      channelOf.set(action.customerId, channel.id);
      createdNow.set(channel.id, initial.map((m) => ({ membershipId: '', userId: m.userId, displayName: null, email: m.email, roles: m.owner ? ['owner'] : [], isOwner: m.owner })));
      const prov = await provision(action.customerId, channel.id);
      summary.problems.push(...prov.problems.map((p) => `${action.customerId}: ${p}`));
      // Recorded after provisioning: a crash before this point is found again by the description marker.
      await store.accounts.setChannel(action.customerId, { channelId: channel.id, channelName: displayName });
      summary.accounts.created++;
      summary.members.added += initial.length;
      audit.push({ action: 'channel-created', customerId: action.customerId, reason: 'national account in billing', detail: { channelId: channel.id, displayName, tabs: prov.tabsAdded, folders: prov.foldersCreated } });
      for (const m of initial) {
        audit.push({ action: 'member-added', customerId: action.customerId, email: m.email, reason: describeReasons(m.reasons), detail: { userId: m.userId, owner: m.owner, reasons: toStoredReasons(m.reasons) } });
      }
      // One insert for the channel's notes: tens of thousands of single inserts at 10x were garbage the heap grew for.
      await store.outbox.enqueueMany([
        ...initial.map((m) => accessNote(ctx, { ...m, channelId: channel.id })),
        {
          idempotencyKey: `welcome:${action.customerId}:${channel.id}`,
          kind: 'welcome',
          customerId: action.customerId,
          target: { teamId, channelId: channel.id },
          payload: { customerId: action.customerId, accountName: ctx.desired.get(action.customerId)?.name ?? displayName },
        },
      ]);
      return;
    }
    case 'adopt': {
      const prov = await provision(action.customerId, action.channelId);
      summary.problems.push(...prov.problems.map((p) => `${action.customerId}: ${p}`));
      await store.accounts.setChannel(action.customerId, { channelId: action.channelId, channelName: action.displayName });
      summary.accounts.adopted++;
      audit.push({ action: 'channel-adopted', customerId: action.customerId, reason: 'existing channel carries the customer id', detail: { channelId: action.channelId } });
      return;
    }
    case 'rename': {
      await directory.updateChannel(teamId, action.channelId, { displayName: action.to });
      await store.accounts.setChannel(action.customerId, { channelId: action.channelId, channelName: action.to });
      summary.accounts.renamed++;
      audit.push({ action: 'channel-renamed', customerId: action.customerId, reason: 'customer name changed in billing', detail: { from: action.from, to: action.to } });
      return;
    }
    case 'revive': {
      await directory.updateChannel(teamId, action.channelId, { displayName: action.to });
      await store.accounts.revive(action.customerId, action.to);
      summary.accounts.revived++;
      audit.push({ action: 'channel-revived', customerId: action.customerId, reason: 'account is back in billing', detail: { from: action.from, to: action.to } });
      return;
    }
    case 'mark-missing': {
      await store.accounts.markMissing([action.customerId]);
      audit.push({ action: 'account-missing', customerId: action.customerId, reason: `not in the billing export; archived after ${settings.graceDays} days` });
      return;
    }
    case 'archive':
      return; // done with the removals, after the guard
  }
}

/** Graph's answer when a team holds its maximum of channels (403 Forbidden; formerly ResourceLimitExceeded). */
function isTeamFull(e: AppError): boolean {
  return /exceeded the max allowed channels|ResourceLimitExceeded/i.test(`${e.message} ${JSON.stringify(e.details ?? {})}`);
}

async function ensureAppInstalled(directory: TeamsDirectory, teamId: string, teamsAppId: string): Promise<void> {
  const apps = await directory.listInstalledApps(teamId);
  if (!apps.some((a) => a.teamsAppId === teamsAppId)) await directory.installApp(teamId, teamsAppId);
}

async function knownChannels(store: Store): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const a of await store.accounts.list()) if (a.channelId) map.set(a.customerId, a.channelId);
  return map;
}

/** One multi-channel call per stream: adds and removals of many channels share $batch requests. */
export async function sendMemberChanges(directory: TeamsDirectory, teamId: string, adds: readonly MemberAdd[], removes: readonly MemberRemove[]): Promise<ChannelMemberChangeResult[]> {
  if (adds.length === 0 && removes.length === 0) return [];
  const ordered = interleaveByChannel([
    ...adds.map((a) => ({ kind: 'add' as const, channelId: a.channelId!, userId: a.userId, owner: a.owner })),
    ...removes.map((r) => ({ kind: 'remove' as const, channelId: r.channelId, membershipId: r.membershipId })),
  ]);
  // A few $batch streams side by side keep every limit busy; the client's pacer is shared, so
  // together they still stay under Graph's per-channel and per-class rates.
  const streams = Array.from({ length: MEMBER_STREAMS }, (_, k) => ordered.filter((_c, i) => i % MEMBER_STREAMS === k));
  return (await Promise.all(streams.filter((x) => x.length).map((chunk) => directory.applyChannelMemberChanges(teamId, chunk)))).flat();
}

/** The latest import is the truth for accounts, sites and desired memberships. */
async function persistAccounts(ctx: ApplyContext): Promise<void> {
  const { store, imported, desired } = ctx;
  await store.accounts.upsertMany(
    [...desired.values()].map((a) => {
      const rec = imported.accounts.get(a.accountId);
      const billing = rec?.siteIds.reduce((sum, id) => sum + (imported.sites.get(id)?.monthlyBillingEur ?? 0), 0) ?? null;
      return {
        customerId: a.accountId,
        name: a.name,
        isNational: true,
        contractStart: rec?.contractStart ?? null,
        contractEnd: rec?.contractEnd ?? null,
        monthlyBilling: billing === null ? null : Math.round(billing * 100) / 100,
        ownerEmail: rec?.keyAccountDirectorEmail ?? a.owners[0]?.email ?? null,
      };
    }),
  );
  await store.accounts.clearMissing([...desired.keys()]);
}

async function persistSitesAndMemberships(ctx: ApplyContext): Promise<void> {
  const { store, imported, desired } = ctx;
  for (const a of desired.values()) {
    // SQLite answers synchronously: without a turn of the event loop per account the Graph work
    // beside this (pacing timers, answers) would stall until every account is written.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const rec = imported.accounts.get(a.accountId);
    const sites = (rec?.siteIds ?? []).flatMap((id) => {
      const s = imported.sites.get(id);
      if (!s) return [];
      const roleEmails = Object.fromEntries(s.people.map((p) => [p.role, p.email]));
      return [{ siteId: s.siteId, name: s.name, address: s.streetAddress || null, postalCode: s.postalCode || null, city: s.city || null, supervisorEmail: roleEmails.supervisor ?? null, roleEmails }];
    });
    await store.sites.replaceForAccount(a.accountId, sites);
    await store.desiredMemberships.replaceForAccount(a.accountId, [
      ...a.owners.map((p) => ({ email: p.email, role: 'owner' as const, reasons: toStoredReasons(p.reasons) })),
      ...a.members.map((p) => ({ email: p.email, role: 'member' as const, reasons: toStoredReasons(p.reasons) })),
    ]);
  }
}

/** A short personal note to someone who just gained access: which account and why. */
function accessNote(ctx: ApplyContext, add: Pick<MemberAdd, 'customerId' | 'userId' | 'email' | 'reasons'> & { channelId: string | null }): EnqueueInput {
  return {
    idempotencyKey: `access:${add.customerId}:${add.userId}:${ctx.today}`,
    kind: 'access-granted',
    customerId: add.customerId,
    target: { userId: add.userId, email: add.email },
    payload: { customerId: add.customerId, accountName: ctx.desired.get(add.customerId)?.name ?? add.customerId, channelId: add.channelId, reasons: toStoredReasons(add.reasons) },
  };
}

/** Held removals: each affected account's owners get an approval card listing what would go. */
async function askForApproval(ctx: ApplyContext): Promise<void> {
  const byAccount = new Map<string, MemberRemove[]>();
  for (const r of ctx.plan.removes) byAccount.set(r.customerId, [...(byAccount.get(r.customerId) ?? []), r]);
  for (const [customerId, removes] of byAccount) {
    const owners = ctx.desired.get(customerId)?.owners ?? [];
    for (const owner of owners) {
      const user = ctx.users.get(owner.email);
      if (!user) continue;
      await ctx.store.outbox.enqueue({
        idempotencyKey: `approval:${ctx.runId}:${customerId}:${user.id}`,
        kind: 'removal-approval',
        customerId,
        target: { userId: user.id, email: owner.email },
        payload: { runId: ctx.runId, customerId, reasons: ctx.summary.held?.reasons ?? [], removals: removes.map((r) => ({ email: r.email, reason: r.reason })) },
      });
    }
  }
}
