import type { AppConfig } from '../src/config/schema';
import type { Clock } from '../src/ports/clock';
import type { Logger } from '../src/ports/logger';
import type { TeamsDirectory } from '../src/ports/teams-directory';
import type { Store } from '../src/store';
import { runSync } from '../src/sync/run-sync';
import { headline } from '../src/sync/summary';
import { loadMapping } from '../src/billing';
import { syncSettingsFrom, DEFAULT_MAPPING } from '../src/server/services';
import type { SyncRunner } from './messaging-handlers';

/** `synkronoi` / approve-removals from the bot: runs `runSync` on the configured billing source. */
export function createBotSyncRunner(o: { config: AppConfig; store: Store; clock: Clock; logger: Logger; directory: TeamsDirectory }): SyncRunner | undefined {
  const { config } = o;
  if (!config.BILLING_SOURCE) return undefined;
  return async (req) => {
    const out = await runSync(
      { store: o.store, directory: o.directory, clock: o.clock, logger: o.logger, settings: syncSettingsFrom(config) },
      { source: config.BILLING_SOURCE!, mapping: loadMapping(config.BILLING_MAPPING ?? DEFAULT_MAPPING), trigger: 'bot', confirmRemovals: req.confirmRemovals },
    );
    const s = out.summary;
    return {
      status: s.status,
      exitCode: out.exitCode,
      text: `${headline(s)}: +${s.members.added} / -${s.members.removed} members, ${s.accounts.created} new channel(s)${s.held ? ' — removals held for approval' : ''}.`,
    };
  };
}
