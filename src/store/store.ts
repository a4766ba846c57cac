import type { Kysely } from 'kysely';
import type { Clock } from '../ports/clock';
import type { Database } from './database';
import { createAccountsRepo } from './repositories/accounts';
import { createAnnualClockRepo } from './repositories/annual-clock';
import { createClockRemindersRepo } from './repositories/clock-reminders';
import { createChannelProvisioningRepo } from './repositories/channel-provisioning';
import { createAcknowledgementsRepo } from './repositories/acknowledgements';
import { createConversationRefsRepo } from './repositories/conversation-refs';
import { createFeedbackRepo } from './repositories/feedback';
import { createHeldRunsRepo } from './repositories/held-runs';
import { createLeasesRepo } from './repositories/leases';
import { createActualMembershipsRepo, createDesiredMembershipsRepo } from './repositories/memberships';
import { createMessageRefsRepo } from './repositories/message-refs';
import { createNoticesRepo } from './repositories/notices';
import { createNoticePlansRepo } from './repositories/notice-plans';
import { createOnboardingRepo } from './repositories/onboarding';
import { createOutboxRepo, type OutboxOptions } from './repositories/outbox';
import { createOverridesRepo } from './repositories/overrides';
import { createPeopleRepo } from './repositories/people';
import { createQualityCardRepo } from './repositories/quality-card';
import { createQualityLoopRepo } from './repositories/quality-loop';
import { createSitesRepo } from './repositories/sites';
import { createAuditRepo, createSyncRunsRepo } from './repositories/sync-runs';
import { createSyncJournalRepo } from './repositories/sync-journal';
import { createTableOfContentsRepo } from './repositories/table-of-contents';
import { createWeeklyStatusRepo } from './repositories/weekly-status';
import { inTransaction } from './support';

export interface StoreOptions {
  outbox?: OutboxOptions;
}

function buildRepos(db: Kysely<Database>, clock: Clock, options: StoreOptions) {
  const deps = { db, clock };
  return {
    accounts: createAccountsRepo(deps),
    sites: createSitesRepo(deps),
    people: createPeopleRepo(deps),
    desiredMemberships: createDesiredMembershipsRepo(deps),
    actualMemberships: createActualMembershipsRepo(deps),
    overrides: createOverridesRepo(deps),
    syncRuns: createSyncRunsRepo(deps),
    audit: createAuditRepo(deps),
    syncJournal: createSyncJournalRepo(deps),
    heldRuns: createHeldRunsRepo(deps),
    outbox: createOutboxRepo(deps, options.outbox),
    leases: createLeasesRepo(deps),
    conversationRefs: createConversationRefsRepo(deps),
    messageRefs: createMessageRefsRepo(deps),
    notices: createNoticesRepo(deps),
    acknowledgements: createAcknowledgementsRepo(deps),
    weeklyStatus: createWeeklyStatusRepo(deps),
    feedback: createFeedbackRepo(deps),
    annualClock: createAnnualClockRepo(deps),
    clockReminders: createClockRemindersRepo(deps),
    qualityCard: createQualityCardRepo(deps),
    tableOfContents: createTableOfContentsRepo(deps),
    channelProvisioning: createChannelProvisioningRepo(deps),
    noticePlans: createNoticePlansRepo(deps),
    onboarding: createOnboardingRepo(deps),
    qualityLoop: createQualityLoopRepo(deps),
  };
}

/** Every repository by name; use cases pick theirs for a narrow `StorePort` (src/ports/store.ts). */
export type Repositories = ReturnType<typeof buildRepos>;

export type Store = Repositories & {
  /** The typed query builder, for queries no repository verb covers yet. */
  readonly db: Kysely<Database>;
  /**
   * Runs fn with a store whose repositories all share one transaction (nested calls reuse it).
   * Inside fn use only the store passed in: on SQLite the outer store waits for the transaction's
   * single connection, so touching it from inside would never finish.
   */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
};

/** Every repository over one database; features take `store` as a dependency. */
export function createStore(db: Kysely<Database>, clock: Clock, options: StoreOptions = {}): Store {
  const store: Store = {
    ...buildRepos(db, clock, options),
    db,
    transaction: (fn) => (db.isTransaction ? fn(store) : inTransaction(db, (trx) => fn(createStore(trx, clock, options)))),
  };
  return store;
}
