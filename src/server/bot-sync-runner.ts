import type { AppConfig } from '../config/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TeamsDirectory } from '../ports/teams-directory';
import type { Store } from '../store';
import { runSync } from '../sync/run-sync';
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
    const out = await runSync(
      { store: o.store, directory: o.directory, clock: o.clock, logger: o.logger, settings: syncSettingsFrom(config) },
      {
        source: config.BILLING_SOURCE!,
        mapping: loadMapping(config.BILLING_MAPPING ?? DEFAULT_MAPPING),
        trigger: 'bot',
        confirmRemovals: req.confirmRemovals,
      },
    );
    const s = out.summary;
    return {
      status: s.status,
      exitCode: out.exitCode,
      text: `${headline(s)}: +${s.members.added} / -${s.members.removed} members, ${s.accounts.created} new channel(s)${s.held ? ' — removals held for approval' : ''}.`,
    };
  };
}
