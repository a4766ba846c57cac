import type { Store, ActualMembershipInput } from '../store';
import type { Logger } from '../ports/logger';
import type { ConversationMember, DirectoryUser, TeamsDirectory } from '../ports/teams-directory';
import type { BillingImport } from '../billing';
import type { DesiredAccount } from '../membership';
import { AppError } from '../errors/app-error';
import type { SyncPlan, MemberAdd, MemberRemove, ChannelAction } from './plan';
import type { SyncSettings } from './run-sync';
import type { SyncSummary } from './summary';
import { channelNameFor } from './channel-naming';
import { provisionChannel } from './provisioning';
import { describeReasons, toStoredReasons } from './reasons';
import { mapPool } from './pool';
import { interleaveByChannel } from './interleave';

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
}

type Audit = Parameters<Store['audit']['append']>[1][number];

/**
 * Carries out a plan. Order matters: people join the team before private channels are created or
 * joined; adds always go ahead; removals only when the guard did not hold the run. Every change
 * is audited with its reason. Failures of single items are counted and reported, never hidden.
 */
export async function applyPlan(ctx: ApplyContext): Promise<void> {
  const { store, directory, settings, plan, summary, runId } = ctx;
  const teamId = settings.teamId;
  const audit: Audit[] = [];
  const flushAudit = async () => {
    if (audit.length) await store.audit.append(runId, audit.splice(0));
  };
  const progress = ctx.onProgress ?? (() => undefined);

  await persistImport(ctx);

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

  // 2. Channels.
  const creates = plan.channels.filter((c): c is Extract<ChannelAction, { kind: 'create' }> => c.kind === 'create');
  const needsProvisioning = creates.length > 0 || plan.channels.some((c) => c.kind === 'adopt');
  if (needsProvisioning) await ensureAppInstalled(directory, teamId, settings.teamsAppId);
  const createdNow = new Map<string, ConversationMember[]>();
  let done = 0;
  // Several channels at once: the Graph client paces each team/channel under its documented limits.
  await mapPool(plan.channels, CHANNEL_CONCURRENCY, async (action) => {
    try {
      await applyChannelAction(ctx, action, channelOf, createdNow, teamFailed, audit);
    } catch (err) {
      const e = AppError.from(err);
      summary.problems.push(`${action.kind} ${action.customerId}: ${e.message}`);
      ctx.logger.warn({ customerId: action.customerId, action: action.kind, err: e.message }, 'channel action failed');
    }
    progress('channels', ++done, plan.channels.length);
    if (audit.length >= 200) await flushAudit();
  });

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
  const removed = new Map<string, MemberRemove[]>();
  const allAdds = [...added.values()].flat();
  const removes = ctx.held ? [] : plan.removes;
  if (allAdds.length || removes.length) {
    const total = allAdds.length + removes.length;
    progress('members', 0, total);
    // One multi-channel call: adds and removals of many channels share $batch requests, so the
    // per-class limits (POST 30/s, DELETE 15/s) are used side by side instead of one after the other.
    const ordered = interleaveByChannel([
      ...allAdds.map((a) => ({ kind: 'add' as const, channelId: a.channelId!, userId: a.userId, owner: a.owner })),
      ...removes.map((r) => ({ kind: 'remove' as const, channelId: r.channelId, membershipId: r.membershipId })),
    ]);
    // A few $batch streams side by side keep every limit busy; the client's pacer is shared, so
    // together they still stay under Graph's per-channel and per-class rates.
    const streams = Array.from({ length: MEMBER_STREAMS }, (_, k) => ordered.filter((_c, i) => i % MEMBER_STREAMS === k));
    const results = (await Promise.all(streams.filter((x) => x.length).map((chunk) => directory.applyChannelMemberChanges(teamId, chunk)))).flat();
    for (const r of results) {
      const change = r.change;
      if (change.kind === 'add') {
        const add = allAdds.find((a) => a.channelId === change.channelId && a.userId === change.userId)!;
        if (r.ok) {
          summary.members.added++;
          addedMembers.set(change.channelId, [...(addedMembers.get(change.channelId) ?? []), { add, membershipId: r.membershipId ?? null }]);
          audit.push({ action: 'member-added', customerId: add.customerId, email: add.email, reason: describeReasons(add.reasons), detail: { userId: add.userId, owner: add.owner, reasons: toStoredReasons(add.reasons) } });
          await tellNewMember(ctx, add);
        } else {
          summary.members.failed++;
          summary.problems.push(`could not add ${add.email} to ${add.customerId}: ${r.error?.message ?? 'unknown error'}`);
        }
      } else {
        const rm = removes.find((x) => x.channelId === change.channelId && x.membershipId === change.membershipId)!;
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

  // 4. Team removals and archiving, unless the guard holds removals for approval.
  if (!ctx.held) {
    if (plan.teamRemoves.length) {
      const results = await directory.removeTeamMembers(teamId, plan.teamRemoves.map((t) => t.membershipId));
      for (const res of results) {
        const t = plan.teamRemoves.find((x) => x.membershipId === res.key)!;
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
    audit.push({ action: 'removals-held', reason: summary.held?.reasons.map((r) => r.message).join('; ') ?? 'guard', detail: { removals: plan.removes.length + plan.teamRemoves.length } });
  }
  await flushAudit();

  // 5. Remember what each touched channel now holds (the basis of "managed" people and of reports).
  const touched = new Set<string>([...added.keys(), ...removed.keys(), ...createdNow.keys()]);
  for (const channelId of touched) {
    const customerId = [...channelOf].find(([, c]) => c === channelId)?.[0];
    if (!customerId) continue;
    const before = ctx.members.get(channelId) ?? createdNow.get(channelId) ?? [];
    const gone = new Set((removed.get(channelId) ?? []).map((r) => r.userId));
    const snapshot: ActualMembershipInput[] = before
      .filter((m) => !gone.has(m.userId))
      .map((m) => ({ userId: m.userId, email: m.email, membershipId: m.membershipId, roles: m.roles }));
    for (const { add, membershipId } of addedMembers.get(channelId) ?? []) {
      if (!snapshot.some((s) => s.userId === add.userId)) snapshot.push({ userId: add.userId, email: add.email, membershipId, roles: add.owner ? ['owner'] : [] });
    }
    await store.actualMemberships.replaceForAccount(customerId, channelId, snapshot);
  }
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
  const provision = (customerId: string, channelId: string) =>
    provisionChannel({ directory, logger: ctx.logger, teamId, teamsAppId: settings.teamsAppId, tabBaseUrl: settings.tabBaseUrl }, customerId, channelId);

  switch (action.kind) {
    case 'create': {
      const initial = action.initialMembers.filter((m) => settings.channelType !== 'private' || !teamFailed.has(m.userId));
      if (!initial.some((m) => m.owner)) throw new AppError('BAD_INPUT', 'no resolvable owner for the channel (key account director unknown in the directory)');
      let displayName = action.displayName;
      let channel;
      try {
        channel = await directory.createChannel(teamId, { displayName, description: action.description, membershipType: settings.channelType, members: initial.map((m) => ({ userId: m.userId, owner: m.owner })) });
      } catch (err) {
        // A deleted channel keeps its name for 30 days (NameAlreadyExists): fall back to the collision rule.
        if (AppError.from(err).code !== 'CONFLICT' && !/NameAlreadyExists/i.test(String((err as Error).message))) throw err;
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
        await tellNewMember(ctx, { ...m, channelId: channel.id });
      }
      await store.outbox.enqueue({
        idempotencyKey: `welcome:${action.customerId}:${channel.id}`,
        kind: 'welcome',
        customerId: action.customerId,
        target: { teamId, channelId: channel.id },
        payload: { customerId: action.customerId, accountName: ctx.desired.get(action.customerId)?.name ?? displayName },
      });
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

async function ensureAppInstalled(directory: TeamsDirectory, teamId: string, teamsAppId: string): Promise<void> {
  const apps = await directory.listInstalledApps(teamId);
  if (!apps.some((a) => a.teamsAppId === teamsAppId)) await directory.installApp(teamId, teamsAppId);
}

async function knownChannels(store: Store): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const a of await store.accounts.list()) if (a.channelId) map.set(a.customerId, a.channelId);
  return map;
}

/** The latest import is the truth for accounts, sites and desired memberships. */
async function persistImport(ctx: ApplyContext): Promise<void> {
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
  for (const a of desired.values()) {
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
async function tellNewMember(ctx: ApplyContext, add: Pick<MemberAdd, 'customerId' | 'userId' | 'email' | 'reasons'> & { channelId: string | null }): Promise<void> {
  await ctx.store.outbox.enqueue({
    idempotencyKey: `access:${add.customerId}:${add.userId}:${ctx.today}`,
    kind: 'access-granted',
    customerId: add.customerId,
    target: { userId: add.userId, email: add.email },
    payload: { customerId: add.customerId, accountName: ctx.desired.get(add.customerId)?.name ?? add.customerId, channelId: add.channelId, reasons: toStoredReasons(add.reasons) },
  });
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
