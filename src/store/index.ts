export * from './database';
export { openDatabase, SQLITE_FILE_NAME, type Engine, type OpenDatabaseOptions, type OpenedDatabase } from './open-database';
export { migrateToLatest, MIGRATION_NAMES, type MigrateOptions } from './migrate';
export { createStore, type Store, type StoreOptions } from './store';
export { openStore } from './open-store';
export { normaliseEmail } from './support';
export type { Account, AccountInput } from './repositories/accounts';
export type { Site, SiteInput } from './repositories/sites';
export type { Person, Resolution } from './repositories/people';
export type { MembershipReason, DesiredMembership, ActualMembership, ActualMembershipInput } from './repositories/memberships';
export type { MembershipOverride } from './repositories/overrides';
export type { SyncRun, RunFinish, AuditEntry, AuditInput } from './repositories/sync-runs';
export type { OutboxItem, EnqueueInput, OutboxOptions } from './repositories/outbox';
export type { Lease } from './repositories/leases';
export type { JournalEntry, JournalInput } from './repositories/sync-journal';
export type { HeldRun, HeldRunInput } from './repositories/held-runs';
export type { ConversationRef, ConversationRefInput } from './repositories/conversation-refs';
export type { MessageRef, MessageRefInput } from './repositories/message-refs';
export type { Notice, NoticeTargets, MentionSpec, NoticeOptions } from './repositories/notices';
export type { NoticePlan, NoticePlanFields } from './repositories/notice-plans';
export type { Acknowledgement } from './repositories/acknowledgements';
export type { WeeklyStatus, WeeklyStatusFields } from './repositories/weekly-status';
export type { Feedback } from './repositories/feedback';
export type {
  ClockEvent,
  ClockEventInput,
  ClockEventPatch,
  ClockCompletion,
  ClockException,
  Recurrence,
} from './repositories/annual-clock';
export type { QualityPeriod, KpiValue, KpiInput } from './repositories/quality-card';
export type { TocItem, TocItemInput, TocOverride, TocOverrideInput, Contract, ContractInput } from './repositories/table-of-contents';
export type { MustRead, OnboardingAck, OnboardingStart, DigestPref } from './repositories/onboarding';
