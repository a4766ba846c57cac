import type { AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TeamsDirectory } from '../ports/teams-directory';
import type { Store } from '../store';
import { runSync } from '../sync/run-sync';
import { approveHeldRun } from '../sync/approve-run';
import { loadMapping } from '../billing';
import { headline } from '../sync/summary';
import { syncSettingsFrom, DEFAULT_MAPPING } from './services';
import type { SyncRunner } from '../conversation';

/** `synkronoi` / approve-removals from the bot: runs `runSync` on the configured billing source. */
export function createBotSyncRunner(o: {
  config: AppConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  directory: TeamsDirectory;
}): SyncRunner | undefined {
  const { config } = o;
  if (!config.BILLING_SOURCE) return undefined;
  return async (req) => {
    const deps = { store: o.store, directory: o.directory, clock: o.clock, logger: o.logger, settings: syncSettingsFrom(config) };
    const out = req.approveRunId
      ? await approveHeldRun(deps, {
          runId: req.approveRunId,
          approvedBy: req.requestedBy,
          trigger: 'bot',
          ...(req.approveCustomerId ? { customerId: req.approveCustomerId } : {}),
        })
      : await runSync(deps, {
          source: config.BILLING_SOURCE!,
          mapping: loadMapping(config.BILLING_MAPPING ?? DEFAULT_MAPPING),
          trigger: 'bot',
        });
    const s = out.summary;
    // A refused approval (unknown, already approved or not held) answers with its own message.
    if (out.error && s.status === 'rejected' && req.approveRunId)
      return { status: s.status, exitCode: out.exitCode, refusal: { fi: out.error.userMessage('fi'), en: out.error.userMessage('en') } };
    const replanned =
      s.approval?.outcome === 'replanned' ? ` — ${s.approval.changed.join(' and ')} changed since the held run: re-planned` : '';
    return {
      status: s.status,
      exitCode: out.exitCode,
      text: `${headline(s)}: +${s.members.added} / -${s.members.removed} members, ${s.accounts.created} new channel(s)${replanned}${s.held ? ' — changes held for approval' : ''}.`,
    };
  };
}
