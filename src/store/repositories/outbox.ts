import { PostgresAdapter } from 'kysely';
import type { OutboxStatus, OutboxTable } from '../database';
import { chunks, fromJson, newId, nowIso, toJson, type RepoDeps } from '../support';

export interface OutboxItem<P = unknown, T = unknown> {
  id: string;
  idempotencyKey: string;
  kind: string;
  customerId: string | null;
  /** Where it goes, e.g. { conversationId, serviceUrl } or { channelId }; shape owned by the sender. */
  target: T;
  payload: P;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  claimedBy: string | null;
  claimExpiresAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  activityId: string | null;
  priority: number;
}

export interface EnqueueInput {
  /** e.g. `weekly:<customerId>:2026-W48`; a second enqueue with the same key is a no-op. */
  idempotencyKey: string;
  kind: string;
  customerId?: string | null;
  target: unknown;
  payload: unknown;
  /** Not sent before this time (defaults to now). */
  notBefore?: Date;
  /** Claimed before every lower priority however long those have waited; default 0 (routine). */
  priority?: number;
}

export interface OutboxOptions {
  /** After this many failed attempts an item is marked failed for good (visible to the author). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  random?: () => number;
}

const toItem = (r: OutboxTable): OutboxItem => {
  const { targetJson, payloadJson, ...rest } = r;
  return { ...rest, target: fromJson<unknown>(targetJson, null), payload: fromJson<unknown>(payloadJson, null) };
};

export function createOutboxRepo({ db, clock }: RepoDeps, options: OutboxOptions = {}) {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 2_000;
  const maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
  const random = options.random ?? Math.random;
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  const toRow = (input: EnqueueInput, now: string): OutboxTable => ({
    id: newId(),
    idempotencyKey: input.idempotencyKey,
    kind: input.kind,
    customerId: input.customerId ?? null,
    targetJson: toJson(input.target),
    payloadJson: toJson(input.payload),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: (input.notBefore ?? clock.now()).toISOString(),
    claimedBy: null,
    claimExpiresAt: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
    activityId: null,
    priority: input.priority ?? 0,
  });

  return {
    /** Adds the item unless its idempotency key is known; `created` tells which happened. */
    async enqueue(input: EnqueueInput): Promise<{ id: string; created: boolean }> {
      const inserted = await db
        .insertInto('outbox')
        .values(toRow(input, nowIso(clock)))
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { id: inserted.id, created: true };
      const existing = await db
        .selectFrom('outbox')
        .select('id')
        .where('idempotencyKey', '=', input.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { id: existing.id, created: false };
    },

    /**
     * Adds many items in a few statements (a sync's thousands of "you now have access" notes); items
     * whose idempotency key is known are skipped, as with `enqueue`.
     */
    async enqueueMany(inputs: readonly EnqueueInput[]): Promise<void> {
      const now = nowIso(clock);
      // 15 columns per row: 200 rows stay far under SQLite's and PostgreSQL's bound-parameter limits.
      for (const slice of chunks(inputs, 200)) {
        await db
          .insertInto('outbox')
          .values(slice.map((i) => toRow(i, now)))
          .onConflict((oc) => oc.column('idempotencyKey').doNothing())
          .execute();
      }
    },

    /**
     * Adds the item, or merges it into the pending item with the same key (`merge(old, new)` gives the
     * payload). False when that key's item is no longer pending (being sent or sent): nothing written.
     */
    async mergePending(input: EnqueueInput, merge: (existing: unknown, incoming: unknown) => unknown): Promise<boolean> {
      const inserted = await db
        .insertInto('outbox')
        .values(toRow(input, nowIso(clock)))
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return true;
      // PostgreSQL: lock the row, so two runs' transactions merging into it wait for each other instead of losing a channel.
      const row = await db
        .selectFrom('outbox')
        .select(['id', 'status', 'payloadJson'])
        .where('idempotencyKey', '=', input.idempotencyKey)
        .$if(isPostgres, (q) => q.forUpdate())
        .executeTakeFirstOrThrow();
      if (row.status !== 'pending') return false;
      const payloadJson = toJson(merge(fromJson<unknown>(row.payloadJson, null), input.payload));
      // Re-checked on the row: a sender that claimed it meanwhile wins and the caller sends a note of its own.
      const res = await db
        .updateTable('outbox')
        .set({ payloadJson })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    /** Makes the pending items whose key starts with `keyPrefix` due now (notes held while a run works). */
    async releasePending(keyPrefix: string): Promise<void> {
      await db
        .updateTable('outbox')
        .set({ nextAttemptAt: nowIso(clock) })
        .where('status', '=', 'pending')
        .where('idempotencyKey', 'like', `${keyPrefix}%`)
        .where('nextAttemptAt', '>', nowIso(clock))
        .execute();
    },

    /**
     * Claims up to `limit` due items for `holder` for `leaseMs`. The claim is one conditional UPDATE
     * re-checking the due condition, so two instances never get the same item; a claim whose holder
     * died expires and the item becomes due again.
     */
    async claimDue(holder: string, opts: { limit?: number; leaseMs?: number } = {}): Promise<OutboxItem[]> {
      const now = nowIso(clock);
      const claimExpiresAt = new Date(clock.now().getTime() + (opts.leaseMs ?? 60_000)).toISOString();
      const rows = await db
        .updateTable('outbox')
        .set((eb) => ({ status: 'sending', claimedBy: holder, claimExpiresAt, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('outbox')
            .select('id')
            .where((w) =>
              w.or([
                w.and([w('status', '=', 'pending'), w('nextAttemptAt', '<=', now)]),
                w.and([w('status', '=', 'sending'), w('claimExpiresAt', '<=', now)]),
              ]),
            )
            .orderBy('priority', 'desc')
            .orderBy('nextAttemptAt')
            .orderBy('createdAt')
            .limit(opts.limit ?? 20)
            // PostgreSQL: lock the picked rows in order and skip ones another claimer holds (no waits, no deadlocks).
            // SQLite has no row locks; its single writer serialises the statement instead.
            .$if(isPostgres, (q) => q.forUpdate().skipLocked()),
        )
        // Re-checked on the row itself: under PostgreSQL a concurrent claimer's update makes this false.
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'pending'), w('nextAttemptAt', '<=', now)]),
            w.and([w('status', '=', 'sending'), w('claimExpiresAt', '<=', now)]),
          ]),
        )
        .returningAll()
        .execute();
      return rows
        .map(toItem)
        .sort(
          (a, b) => b.priority - a.priority || a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.createdAt.localeCompare(b.createdAt),
        );
    },

    /** True when an item of at least `priority` is due and unclaimed (a sender busy with routine items then makes way). */
    async hasDue(priority: number): Promise<boolean> {
      const r = await db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('priority', '>=', priority)
        .where('nextAttemptAt', '<=', nowIso(clock))
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },

    /** False when the claim was lost (expired and taken by another instance). */
    async markSent(id: string, holder: string, result: { activityId?: string | null } = {}): Promise<boolean> {
      const res = await db
        .updateTable('outbox')
        .set({
          status: 'sent',
          sentAt: nowIso(clock),
          activityId: result.activityId ?? null,
          lastError: null,
          claimedBy: null,
          claimExpiresAt: null,
        })
        .where('id', '=', id)
        .where('claimedBy', '=', holder)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Hands claimed items back untried (a shutting-down sender): due again at once, the claim's attempt not counted. */
    async release(ids: readonly string[], holder: string): Promise<void> {
      for (const slice of chunks(ids, 200)) {
        await db
          .updateTable('outbox')
          .set((eb) => ({ status: 'pending', claimedBy: null, claimExpiresAt: null, attempts: eb('attempts', '-', 1) }))
          .where('id', 'in', slice)
          .where('claimedBy', '=', holder)
          .where('status', '=', 'sending')
          .execute();
      }
    },

    /**
     * Puts the item back with exponential backoff and jitter, or exactly `retryAfterMs` when the service
     * said so; after maxAttempts (or when `permanent`) it is marked failed, never dropped.
     */
    async markFailed(
      id: string,
      holder: string,
      error: string,
      opts: { retryAfterMs?: number; permanent?: boolean } = {},
    ): Promise<OutboxStatus | undefined> {
      const item = await db.selectFrom('outbox').select(['attempts', 'claimedBy', 'status']).where('id', '=', id).executeTakeFirst();
      if (!item || item.claimedBy !== holder || item.status !== 'sending') return undefined;
      const giveUp = opts.permanent === true || item.attempts >= maxAttempts;
      const delay = opts.retryAfterMs ?? Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, item.attempts - 1)) * (0.5 + random() / 2);
      const status: OutboxStatus = giveUp ? 'failed' : 'pending';
      const res = await db
        .updateTable('outbox')
        .set({
          status,
          lastError: error.slice(0, 2000),
          nextAttemptAt: new Date(clock.now().getTime() + Math.round(delay)).toISOString(),
          claimedBy: null,
          claimExpiresAt: null,
        })
        .where('id', '=', id)
        .where('claimedBy', '=', holder)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1 ? status : undefined;
    },

    async get(id: string): Promise<OutboxItem | undefined> {
      const r = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toItem(r);
    },

    async getByKey(idempotencyKey: string): Promise<OutboxItem | undefined> {
      const r = await db.selectFrom('outbox').selectAll().where('idempotencyKey', '=', idempotencyKey).executeTakeFirst();
      return r && toItem(r);
    },

    async list(filter: { status?: OutboxStatus; kind?: string; customerId?: string } = {}): Promise<OutboxItem[]> {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.customerId) q = q.where('customerId', '=', filter.customerId);
      const rows = await q.orderBy('createdAt').orderBy('id').execute();
      return rows.map(toItem);
    },
  };
}
