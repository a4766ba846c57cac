import { randomUUID } from 'node:crypto';
import type { EnqueueInput, Repositories } from '../store';
import type { StorePort } from '../ports/store';
import type { ConversationMember } from '../ports/teams-directory';
import type { AppliedChange } from './applied-change';
import {
  accessNotePrefix,
  checkOf,
  effectsOf,
  mergeAccessNotes,
  type AccessChannel,
  type Check,
  type Effects,
  type RecordContext,
} from './results';

/** The journal and what its entries' effects write, in one transaction. */
type JournalStore = StorePort<Pick<Repositories, 'syncJournal' | 'audit' | 'outbox' | 'actualMemberships' | 'accounts'>>;

/**
 * Write-ahead truth. Before a batch of Teams changes is sent, each is written to the journal with
 * what would show it happened and what to record if it did; when the answers come, the effects of
 * those that happened are written and the batch's entries closed, in one transaction. A crash in
 * between leaves entries the next run settles by reading Teams (`settleJournal`).
 */
export class ChangeRecorder {
  constructor(
    private readonly store: JournalStore,
    private readonly runId: string,
    private readonly rc: RecordContext,
  ) {}

  /** Sends `planned` (each as if it succeeds) through `send`, which answers in the same order. */
  async step<T extends AppliedChange>(planned: readonly T[], send: () => Promise<T[]>): Promise<T[]> {
    if (planned.length === 0) return [];
    const entries = planned.map((c) => ({
      id: randomUUID(),
      customerId: customerOf(c),
      check: checkOf(c)!,
      effects: effectsOf(c, this.rc),
    }));
    await this.store.syncJournal.add(this.runId, entries);
    const results = await send();
    await this.store.transaction(async (tx) => {
      await writeEffects(
        tx,
        this.runId,
        results.map((c) => effectsOf(c, this.rc)),
      );
      await tx.syncJournal.remove(entries.map((e) => e.id));
    });
    return results;
  }

  /** Records changes already made whose answer carries what to record (channel actions). */
  async record(changes: readonly AppliedChange[]): Promise<void> {
    await this.store.transaction((tx) =>
      writeEffects(
        tx,
        this.runId,
        changes.map((c) => effectsOf(c, this.rc)),
      ),
    );
  }
}

function customerOf(c: AppliedChange): string | null {
  if (c.kind === 'member-add') return c.add.customerId;
  if (c.kind === 'member-remove') return c.remove.customerId;
  if (c.kind === 'role') return c.change.customerId;
  return null;
}

async function writeEffects(tx: JournalStore, runId: string, all: readonly Effects[]): Promise<void> {
  const audit = all.flatMap((e) => e.audit);
  const outbox = all.flatMap((e) => e.outbox);
  if (audit.length) await tx.audit.append(runId, audit);
  const notes = outbox.filter(isMergedNote);
  const rest = outbox.filter((o) => !isMergedNote(o));
  if (rest.length) await tx.outbox.enqueueMany(rest);
  // In key order: concurrent transactions lock the notes they merge into in one order (no deadlock).
  for (const n of [...notes].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0)))
    await enqueueAccessNote(tx, n);
  for (const d of all.flatMap((e) => e.memberships)) {
    if (d.op === 'upsert') await tx.actualMemberships.upsert(d.customerId, d.channelId, d.member);
    else await tx.actualMemberships.remove(d.customerId, d.userId);
  }
  for (const e of all) {
    const a = e.account;
    if (!a) continue;
    if (a.op === 'set-channel')
      await tx.accounts.setChannel(a.customerId, { channelId: a.channelId, channelName: a.channelName, teamId: a.teamId });
    else if (a.op === 'revive') await tx.accounts.revive(a.customerId, a.channelName);
    else if (a.op === 'archive') await tx.accounts.archive(a.customerId, a.channelName);
    else await tx.accounts.markMissing([a.customerId]);
  }
}

/** A person's access note of a run (older journal entries carry one note per channel, enqueued as they are). */
const isMergedNote = (o: EnqueueInput) => o.kind === 'access-granted' && Array.isArray((o.payload as { channels?: unknown }).channels);

/**
 * Merged into the person's pending note of the run. If that note is already on its way, the channel
 * goes in a note of its own (keyed by the channel, so writing it again is still a no-op).
 */
async function enqueueAccessNote(tx: JournalStore, note: EnqueueInput): Promise<void> {
  // Read back from a journal entry, the hold time is a string.
  const n = { ...note, notBefore: note.notBefore ? new Date(note.notBefore) : undefined };
  if (await tx.outbox.mergePending(n, mergeAccessNotes)) return;
  const [channel] = (n.payload as { channels: AccessChannel[] }).channels;
  await tx.outbox.enqueue({ ...n, idempotencyKey: `${n.idempotencyKey}:${channel!.customerId}` });
}

/** What Teams holds now, as read at the start of this run. */
export interface TeamsNow {
  members: ReadonlyMap<string, readonly ConversationMember[]>;
  /** Channels whose members could not be read: their entries wait for a later run. */
  unreadable: ReadonlyMap<string, string>;
  /** Undefined when the team roster was not read (shared channels). */
  teamMembers?: readonly ConversationMember[];
  /** Each team's roster (several teams); an entry without a team id is checked against teamMembers. */
  rosters?: ReadonlyMap<string, readonly ConversationMember[]>;
}

/**
 * Entries a dead run left: a change Teams shows is recorded now (under the dead run's id, as it
 * happened then); one it does not show never happened and is dropped (this run's plan redoes it).
 */
export async function settleJournal(store: JournalStore, runId: string, now: TeamsNow): Promise<{ applied: number; dropped: number }> {
  const left = await store.syncJournal.listLeftBy(runId);
  const settled = left.map((e) => ({ e, seen: inTeams(e.check as Check, now) })).filter((x) => x.seen !== undefined);
  const applied = settled.filter((x) => x.seen);
  await store.transaction(async (tx) => {
    for (const { e } of applied) await writeEffects(tx, e.runId, [e.effects as Effects]);
    await tx.syncJournal.remove(settled.map((x) => x.e.id));
    // The dead run never got to release its access notes.
    for (const id of new Set(applied.map((x) => x.e.runId))) await tx.outbox.releasePending(accessNotePrefix(id));
  });
  return { applied: applied.length, dropped: settled.length - applied.length };
}

function inTeams(check: Check, now: TeamsNow): boolean | undefined {
  if (check.in === 'team') {
    const roster = check.teamId && now.rosters ? now.rosters.get(check.teamId) : now.teamMembers;
    if (!roster) return undefined;
    return roster.some((m) => m.userId === check.userId) === check.present;
  }
  if (now.unreadable.has(check.channelId)) return undefined;
  const m = (now.members.get(check.channelId) ?? []).find((x) => x.userId === check.userId);
  if (!check.present) return !m;
  return !!m && (check.owner === undefined || m.isOwner === check.owner);
}
