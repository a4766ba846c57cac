import type { Selectable } from 'kysely';
import type { AuditEntriesTable, SyncRunStatus, SyncRunsTable } from '../database';
import { chunks, fromJson, newId, nowIso, toJson, type RepoDeps } from '../support';

export type SyncRun = Omit<Selectable<SyncRunsTable>, 'summaryJson'> & { summary: Record<string, unknown> };

export interface RunFinish {
  status: Exclude<SyncRunStatus, 'running'>;
  rowsTotal?: number | null;
  rowsValid?: number | null;
  rowsRejected?: number | null;
  summary?: Record<string, unknown>;
}

const toRun = (r: SyncRunsTable): SyncRun => {
  const { summaryJson, ...rest } = r;
  return { ...rest, summary: fromJson<Record<string, unknown>>(summaryJson, {}) };
};

export function createSyncRunsRepo({ db, clock }: RepoDeps) {
  return {
    async start(input: { trigger: string; source?: string | null; id?: string }): Promise<SyncRun> {
      const row: SyncRunsTable = {
        id: input.id ?? newId(),
        trigger: input.trigger,
        startedAt: nowIso(clock),
        finishedAt: null,
        status: 'running',
        source: input.source ?? null,
        rowsTotal: null,
        rowsValid: null,
        rowsRejected: null,
        summaryJson: '{}',
      };
      await db.insertInto('syncRuns').values(row).execute();
      return toRun(row);
    },

    async finish(id: string, result: RunFinish): Promise<void> {
      await db
        .updateTable('syncRuns')
        .set({
          status: result.status,
          finishedAt: nowIso(clock),
          rowsTotal: result.rowsTotal ?? null,
          rowsValid: result.rowsValid ?? null,
          rowsRejected: result.rowsRejected ?? null,
          summaryJson: toJson(result.summary ?? {}),
        })
        .where('id', '=', id)
        .execute();
    },

    async get(id: string): Promise<SyncRun | undefined> {
      const r = await db.selectFrom('syncRuns').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRun(r);
    },

    async listRecent(limit = 20): Promise<SyncRun[]> {
      const rows = await db.selectFrom('syncRuns').selectAll().orderBy('startedAt', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toRun);
    },

    /**
     * The latest run whose result was accepted (done, not held): the baseline for the "far fewer rows"
     * guard. A held run never becomes it, or the same truncated export would pass the next night.
     */
    async lastAccepted(): Promise<SyncRun | undefined> {
      const r = await db
        .selectFrom('syncRuns')
        .selectAll()
        .where('status', '=', 'done')
        .orderBy('startedAt', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && toRun(r);
    },

    /**
     * Runs left 'running' by a process that died (the caller holds the sync lease, so no other run is
     * alive): closed as interrupted. Returns their ids.
     */
    async closeAbandoned(exceptId: string | null): Promise<string[]> {
      const rows = await db.selectFrom('syncRuns').select('id').where('status', '=', 'running').execute();
      const ids = rows.map((r) => r.id).filter((id) => id !== exceptId);
      if (ids.length === 0) return [];
      await db
        .updateTable('syncRuns')
        .set({
          status: 'interrupted',
          finishedAt: nowIso(clock),
          summaryJson: toJson({ error: 'interrupted: its process stopped before the run ended' }),
        })
        .where('id', 'in', ids)
        .where('status', '=', 'running')
        .execute();
      return ids;
    },
  };
}

/** `action`: e.g. member-added, member-removed, channel-created, channel-archived, removals-held. */
export type AuditEntry = Omit<Selectable<AuditEntriesTable>, 'detailJson' | 'seq'> & { detail: Record<string, unknown> };

export type AuditInput = Partial<Pick<AuditEntry, 'customerId' | 'email' | 'reason' | 'detail'>> & { action: string };

const toAudit = (r: AuditEntriesTable): AuditEntry => ({
  id: r.id,
  runId: r.runId,
  customerId: r.customerId,
  email: r.email,
  action: r.action,
  reason: r.reason,
  detail: fromJson<Record<string, unknown>>(r.detailJson, {}),
  at: r.at,
});

export function createAuditRepo({ db, clock }: RepoDeps) {
  return {
    async append(runId: string | null, entries: readonly AuditInput[]): Promise<void> {
      const at = nowIso(clock);
      const rows = entries.map((e, i) => ({
        id: newId(),
        runId,
        customerId: e.customerId ?? null,
        email: e.email ?? null,
        action: e.action,
        reason: e.reason ?? null,
        detailJson: toJson(e.detail ?? {}),
        at,
        seq: i,
      }));
      for (const slice of chunks(rows)) await db.insertInto('auditEntries').values(slice).execute();
    },

    /** Whether an entry with this action was ever written (for one account, or for none when customerId is null). */
    async has(action: string, customerId?: string | null): Promise<boolean> {
      let q = db.selectFrom('auditEntries').select('id').where('action', '=', action);
      if (customerId !== undefined) q = customerId === null ? q.where('customerId', 'is', null) : q.where('customerId', '=', customerId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    /** Newest first. */
    async listForAccount(customerId: string, limit = 500): Promise<AuditEntry[]> {
      const rows = await db
        .selectFrom('auditEntries')
        .selectAll()
        .where('customerId', '=', customerId)
        .orderBy('at', 'desc')
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toAudit);
    },

    /** In the order they were written. */
    async listForRun(runId: string): Promise<AuditEntry[]> {
      const rows = await db.selectFrom('auditEntries').selectAll().where('runId', '=', runId).orderBy('at').orderBy('seq').execute();
      return rows.map(toAudit);
    },

    /** Newest first; joins/leaves for the weekly status use `since`. */
    async listSince(since: string, filter: { customerId?: string; actions?: string[] } = {}): Promise<AuditEntry[]> {
      let q = db.selectFrom('auditEntries').selectAll().where('at', '>=', since);
      if (filter.customerId) q = q.where('customerId', '=', filter.customerId);
      if (filter.actions?.length) q = q.where('action', 'in', filter.actions);
      const rows = await q.orderBy('at', 'desc').orderBy('seq', 'desc').execute();
      return rows.map(toAudit);
    },
  };
}
