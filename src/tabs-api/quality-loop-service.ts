import { addPeriods, overallNps, npsFromCounts, yearToDateLabel } from '../domain/quality-card';
import { AppError } from '../errors/app-error';
import { enqueueMessage } from '../messaging/outbox-messages';
import { accountOwners } from '../messaging/people';
import type { Account, QualityInstruction, Store } from '../store';
import type { QualityService } from './quality-service';
import type { Instruction, InstructionInput } from './contracts/quality-loop';

const view = (i: QualityInstruction): Instruction => ({
  id: i.id,
  period: i.period,
  periodLabel: yearToDateLabel(i.period),
  kind: i.kind,
  text: i.text,
  author: i.authorName ?? i.authorEmail,
  createdAt: i.createdAt,
  status: i.status,
  doneBy: i.doneBy,
  doneAt: i.doneAt,
});

/**
 * What a month's card shows of the loop: instructions given for this month, those still open from
 * earlier months (they stay until done), and last month's with their status ("what was done").
 */
function loopOf(all: readonly QualityInstruction[], period: string) {
  const prev = addPeriods(period, -1);
  return {
    current: all.filter((i) => i.period === period).map(view),
    stillOpen: all.filter((i) => i.period < period && i.status === 'open').map(view),
    previous: all.filter((i) => i.period === prev).map(view),
  };
}

/** The monthly quality-card loop with the management team. */
export function createQualityLoopService(store: Store, quality: QualityService) {
  async function ready(customerId: string, period: string) {
    const r = (await store.qualityLoop.readyForPeriod(period)).get(customerId);
    return r ? { at: r.readyAt, by: r.readyBy } : null;
  }

  return {
    async cardLoop(account: Account, period: string) {
      const [all, readyMark] = await Promise.all([
        store.qualityLoop.instructionsUpTo([account.customerId], period),
        ready(account.customerId, period),
      ]);
      const nps = (await store.qualityLoop.latestNps(period)).find((n) => n.customerId === account.customerId);
      return {
        yearLabel: yearToDateLabel(period),
        ready: readyMark,
        instructions: loopOf(all, period),
        survey: nps ? { period: nps.period, nps: npsFromCounts(nps), answers: nps.promoters + nps.passives + nps.detractors } : null,
      };
    },

    setReady: (account: Account, period: string, isReady: boolean, by: string) =>
      store.qualityLoop.setReady(account.customerId, period, isReady, by),

    /** A director's comment or instruction; each owner of the account gets it as a personal card. */
    async addInstruction(account: Account, period: string, input: InstructionInput, author: { email: string; name: string }) {
      const saved = await store.qualityLoop.addInstruction({
        customerId: account.customerId,
        period,
        kind: input.kind,
        text: input.text,
        authorEmail: author.email,
        authorName: author.name || null,
      });
      for (const owner of await accountOwners(store, account.customerId)) {
        await enqueueMessage(store, {
          idempotencyKey: `quality-instruction:${saved.id}:${owner.id}`,
          kind: 'quality-instruction',
          customerId: account.customerId,
          target: { userId: owner.id },
          payload: { instructionId: saved.id, customerId: account.customerId },
        });
      }
      return view(saved);
    },

    async setDone(account: Account, instructionId: string, done: boolean, by: string) {
      const ins = await store.qualityLoop.getInstruction(instructionId);
      // Another account's instruction is "not found" here: its existence is not this caller's business.
      if (!ins || ins.customerId !== account.customerId) throw new AppError('NOT_FOUND', `no instruction ${instructionId}`);
      await store.qualityLoop.setInstructionDone(instructionId, done, by);
      return view((await store.qualityLoop.getInstruction(instructionId))!);
    },

    /**
     * The management summary with the loop: cards marked ready ("in") first, reds first among them;
     * then cards not marked ready; then accounts with no card. Each row carries the month's
     * instructions, the open ones, and the latest survey NPS; `nps` is over every answer.
     */
    async summary(accounts: readonly Account[], period: string) {
      const base = await quality.managementSummary(accounts, period);
      const [readyMarks, all, npsRows] = await Promise.all([
        store.qualityLoop.readyForPeriod(period),
        store.qualityLoop.instructionsUpTo(
          accounts.map((a) => a.customerId),
          period,
        ),
        store.qualityLoop.latestNps(period),
      ]);
      const ids = new Set(accounts.map((a) => a.customerId));
      const nps = npsRows.filter((n) => ids.has(n.customerId));
      const rank = (r: { customerId: string; missing: boolean }) => (readyMarks.has(r.customerId) ? 0 : r.missing ? 2 : 1);
      const rows = base.rows
        .map((r, i) => ({ r, i }))
        .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
        .map(({ r }) => {
          const mine = all.filter((x) => x.customerId === r.customerId);
          const n = nps.find((x) => x.customerId === r.customerId);
          return {
            ...r,
            ready: readyMarks.get(r.customerId) ?? null,
            instructions: loopOf(mine, period),
            survey: n ? { period: n.period, nps: npsFromCounts(n), answers: n.promoters + n.passives + n.detractors } : null,
          };
        });
      return {
        ...base,
        rows,
        yearLabel: yearToDateLabel(period),
        counts: { ready: rows.filter((r) => r.ready).length, notReady: rows.filter((r) => !r.ready).length },
        nps: overallNps(nps),
      };
    },

    /** The accounts an owner owns (billing owner or owner role), for the portfolio view. */
    async ownedAccounts(email: string): Promise<Account[]> {
      if (!email) return [];
      const owned = new Set(
        (await store.desiredMemberships.listAll())
          .filter((m) => m.role === 'owner' && m.email.toLowerCase() === email)
          .map((m) => m.customerId),
      );
      return (await store.accounts.list()).filter(
        (a) => a.channelState !== 'archived' && (owned.has(a.customerId) || a.ownerEmail?.toLowerCase() === email),
      );
    },
  };
}
