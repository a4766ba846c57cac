import type { Selectable } from 'kysely';
import type { HeldRunsTable } from '../database';
import { fromJson, nowIso, toJson, type RepoDeps } from '../support';

/** What a held run keeps so that approving it applies exactly its held part (issue 11). */
export type HeldRun<H = unknown> = Omit<Selectable<HeldRunsTable>, 'mappingJson' | 'heldJson' | 'outcome'> & {
  mapping: unknown;
  held: H;
  outcome: 'applied' | 'replanned' | null;
};

export type HeldRunInput = Pick<
  HeldRun,
  'runId' | 'source' | 'mapping' | 'mappingName' | 'held' | 'billingFingerprint' | 'teamsFingerprint'
>;

const toHeld = (r: HeldRunsTable): HeldRun => ({
  runId: r.runId,
  source: r.source,
  mapping: fromJson<unknown>(r.mappingJson, null),
  mappingName: r.mappingName,
  held: fromJson<unknown>(r.heldJson, null),
  billingFingerprint: r.billingFingerprint,
  teamsFingerprint: r.teamsFingerprint,
  createdAt: r.createdAt,
  approvedAt: r.approvedAt,
  approvedBy: r.approvedBy,
  approvalRunId: r.approvalRunId,
  outcome: r.outcome === 'applied' || r.outcome === 'replanned' ? r.outcome : null,
});

export function createHeldRunsRepo({ db, clock }: RepoDeps) {
  return {
    async save(input: HeldRunInput): Promise<void> {
      await db
        .insertInto('heldRuns')
        .values({
          runId: input.runId,
          source: input.source,
          mappingJson: toJson(input.mapping),
          mappingName: input.mappingName,
          heldJson: toJson(input.held),
          billingFingerprint: input.billingFingerprint,
          teamsFingerprint: input.teamsFingerprint,
          createdAt: nowIso(clock),
          approvedAt: null,
          approvedBy: null,
          approvalRunId: null,
          outcome: null,
        })
        .execute();
    },

    async get(runId: string): Promise<HeldRun | undefined> {
      const r = await db.selectFrom('heldRuns').selectAll().where('runId', '=', runId).executeTakeFirst();
      return r && toHeld(r);
    },

    /**
     * Claims a held run for one approval: true only for the first caller (the row is still unapproved),
     * so two approvals of one run never both apply it.
     */
    async claim(runId: string, claim: { approvedBy: string; approvalRunId: string }): Promise<boolean> {
      const r = await db
        .updateTable('heldRuns')
        .set({ approvedAt: nowIso(clock), approvedBy: claim.approvedBy, approvalRunId: claim.approvalRunId })
        .where('runId', '=', runId)
        .where('approvedAt', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Replaces the held part (e.g. to record which accounts were approved) only while it is still
     * `before` and the run is not fully approved: two approvals never both record over each other.
     */
    async replaceHeld(runId: string, before: unknown, after: unknown): Promise<boolean> {
      const r = await db
        .updateTable('heldRuns')
        .set({ heldJson: toJson(after) })
        .where('runId', '=', runId)
        .where('heldJson', '=', toJson(before))
        .where('approvedAt', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** What the approval did: applied the held part, or re-planned because Teams or billing had changed. */
    async setOutcome(runId: string, outcome: 'applied' | 'replanned'): Promise<void> {
      await db.updateTable('heldRuns').set({ outcome }).where('runId', '=', runId).execute();
    },
  };
}
