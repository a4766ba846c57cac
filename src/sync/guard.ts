import type { SyncPlan } from './plan';

export interface GuardLimits {
  /** Hold when removals exceed this share of current memberships (default 0.1). */
  maxRemoveShare: number;
  /** … or this many (default 50). */
  maxRemoveCount: number;
  /** … or when the export has fewer rows than this share of the last accepted one (default 0.5). */
  minRowShare: number;
}

export interface GuardVerdict {
  held: boolean;
  reasons: { code: 'REMOVE_SHARE' | 'REMOVE_COUNT' | 'ROWS_DROPPED'; message: string }[];
  /** Removals (channel and team) plus owner demotions. */
  removals: number;
}

/**
 * Like Entra's accidental-deletions prevention: a broken or truncated export must not strip access
 * from many people at once. Adds still go ahead; removals wait for an explicit approval.
 */
export function evaluateGuard(plan: SyncPlan, rows: number, lastAcceptedRows: number | null, limits: GuardLimits): GuardVerdict {
  // Demoting owners takes rights away too: a wrongly mapped key-account-director column would
  // demote every owner at once, so demotions count towards the same limits.
  const demotions = plan.roleChanges.filter((c) => !c.owner).length;
  const removals = plan.removes.length + plan.teamRemoves.length + demotions;
  const what = demotions ? `remove or demote ${removals}` : `remove ${removals}`;
  const reasons: GuardVerdict['reasons'] = [];
  const base = Math.max(plan.currentMemberships, 1);
  if (removals > 0 && removals / base > limits.maxRemoveShare) {
    reasons.push({ code: 'REMOVE_SHARE', message: `would ${what} of ${plan.currentMemberships} memberships (over ${Math.round(limits.maxRemoveShare * 100)} %)` });
  }
  if (removals > limits.maxRemoveCount) {
    reasons.push({ code: 'REMOVE_COUNT', message: `would ${what} memberships (limit ${limits.maxRemoveCount})` });
  }
  if (lastAcceptedRows && rows < lastAcceptedRows * limits.minRowShare) {
    reasons.push({ code: 'ROWS_DROPPED', message: `export has ${rows} rows, the last accepted one had ${lastAcceptedRows}` });
  }
  return { held: reasons.length > 0, reasons, removals };
}
