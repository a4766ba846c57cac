/*
 * Row types as the app sees them (camelCase; the tables are snake_case and Kysely's CamelCasePlugin maps
 * between them). Timestamps are ISO-8601 UTC text, booleans 0/1 integers, *Json columns JSON text:
 * repositories convert these so features never see the storage encoding.
 */

import type { MembershipRole } from '../domain/roles';

export type ChannelState = 'none' | 'active' | 'archived';
export type OverrideKind = 'add' | 'exclude';
export type SyncRunStatus = 'running' | 'done' | 'partial' | 'held' | 'failed' | 'rejected' | 'interrupted';
export type MessageRefKind = 'notice' | 'weekly' | 'welcome' | 'approval' | 'reminder';
export type AckKind = 'ack' | 'ok' | 'looking';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';
export type ConversationKind = 'team' | 'channel' | 'personal' | 'group';
export type TrafficLight = 'green' | 'yellow' | 'red';
export type TocOverrideKind = 'hide' | 'rename' | 'add';

export interface AccountsTable {
  customerId: string;
  name: string;
  isNational: number;
  contractStart: string | null;
  contractEnd: string | null;
  monthlyBilling: number | null;
  ownerEmail: string | null;
  channelId: string | null;
  channelName: string | null;
  /** The team that holds the channel (migration 0013; null before the account has a channel). */
  teamId: string | null;
  channelState: ChannelState;
  archivedAt: string | null;
  missingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SitesTable {
  siteId: string;
  customerId: string;
  name: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  region: string | null;
  supervisorEmail: string | null;
  roleEmailsJson: string;
  updatedAt: string;
}

export interface PeopleTable {
  email: string;
  displayName: string | null;
  objectId: string | null;
  resolvedAt: string | null;
  unknown: number;
}

export interface DesiredMembershipsTable {
  customerId: string;
  email: string;
  role: MembershipRole;
  /** AccessReason[] (src/domain/access-reason.ts) since 0012. */
  reasonsJson: string;
  computedAt: string;
}

export interface ActualMembershipsTable {
  customerId: string;
  channelId: string;
  userId: string;
  email: string | null;
  membershipId: string | null;
  rolesJson: string;
  seenAt: string;
}

export interface MembershipOverridesTable {
  id: string;
  customerId: string;
  email: string;
  kind: OverrideKind;
  setBy: string;
  reason: string | null;
  createdAt: string;
  /** Manual additions: the last day (yyyy-mm-dd, app time zone) the access is granted; null = no end. */
  expiresOn: string | null;
  /** When the owner who set it was reminded that it ends (once). */
  remindedAt: string | null;
}

export interface SyncRunsTable {
  id: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  status: SyncRunStatus;
  source: string | null;
  rowsTotal: number | null;
  rowsValid: number | null;
  rowsRejected: number | null;
  summaryJson: string;
}

/** A held sync run's approval material (one row per held run). */
export interface HeldRunsTable {
  runId: string;
  source: string;
  mappingJson: string;
  mappingName: string | null;
  /** The held part of the plan and the guard's reasons. */
  heldJson: string;
  billingFingerprint: string;
  teamsFingerprint: string;
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  approvalRunId: string | null;
  /** 'applied' or 'replanned' once handled. */
  outcome: string | null;
}

export interface AuditEntriesTable {
  id: string;
  runId: string | null;
  customerId: string | null;
  email: string | null;
  action: string;
  reason: string | null;
  detailJson: string;
  at: string;
  seq: number;
}

export interface ClockEventsTable {
  id: string;
  customerId: string;
  title: string;
  /** English title; null = the Finnish one serves both languages. */
  titleEn: string | null;
  ring: string;
  ownerEmail: string | null;
  description: string | null;
  descriptionEn: string | null;
  link: string | null;
  recurrenceJson: string | null;
  /** 'site-supervisor' = each site's supervisor makes it at their site; null = its owner does. */
  assignee: string | null;
  startsOn: string;
  endsOn: string | null;
  reminderDays: number | null;
  /** Days each occurrence lasts (null = one day); 0015. */
  durationDays: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClockCompletionsTable {
  eventId: string;
  occurrence: string;
  doneBy: string;
  doneAt: string;
}

/** One occurrence of a series moved, renamed or cancelled on its own (0015). */
export interface ClockOccurrenceExceptionsTable {
  eventId: string;
  /** YYYY-MM-DD the series gives the occurrence: its identity. */
  seriesDate: string;
  movedTo: string | null;
  title: string | null;
  titleEn: string | null;
  /** 0/1 (SQLite has no boolean). */
  cancelled: number;
  updatedBy: string;
  updatedAt: string;
}

export interface QualityPeriodsTable {
  customerId: string;
  period: string;
  summary: string | null;
  updatedBy: string | null;
  updatedAt: string;
  /** Marked ready for the management team by an owner (0017); null = not ready. */
  readyAt: string | null;
  readyBy: string | null;
}

export interface KpiValuesTable {
  customerId: string;
  period: string;
  kpiKey: string;
  value: number | null;
  target: number | null;
  light: TrafficLight | null;
  comment: string | null;
  source: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

export interface TocItemsTable {
  id: string;
  section: string;
  title: string;
  description: string | null;
  linkKind: string | null;
  linkTarget: string | null;
  sortOrder: number;
  updatedBy: string | null;
  updatedAt: string;
}

/** An account's own order of its table of contents: merged item ids, JSON array (0015). */
export interface TocOrdersTable {
  customerId: string;
  itemIdsJson: string;
  updatedBy: string;
  updatedAt: string;
}

export interface TocOverridesTable {
  id: string;
  customerId: string;
  itemId: string | null;
  kind: TocOverrideKind;
  section: string | null;
  title: string | null;
  description: string | null;
  linkKind: string | null;
  linkTarget: string | null;
  sortOrder: number | null;
  updatedBy: string | null;
  updatedAt: string;
}

export interface ContractsTable {
  id: string;
  customerId: string;
  title: string;
  validFrom: string | null;
  validTo: string | null;
  link: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

export interface NoticesTable {
  id: string;
  authorId: string;
  authorName: string | null;
  title: string;
  body: string;
  targetsJson: string;
  mentionJson: string;
  state: 'active' | 'withdrawn';
  createdAt: string;
  editedAt: string | null;
  withdrawnAt: string | null;
  /** JSON NoticeOptions (migration 0014); null on older notices. */
  optionsJson: string | null;
}

export interface MessageRefsTable {
  id: string;
  kind: MessageRefKind;
  refId: string;
  customerId: string | null;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  createdAt: string;
}

export interface AcknowledgementsTable {
  noticeId: string;
  userId: string;
  userName: string | null;
  customerId: string | null;
  kind: AckKind;
  at: string;
}

export interface WeeklyStatusTable {
  customerId: string;
  isoWeek: string;
  stage: string | null;
  targetSchedule: string | null;
  milestoneDate: string | null;
  nextWeek: string | null;
  needsFromYou: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

export interface ConversationRefsTable {
  conversationId: string;
  kind: ConversationKind;
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
  tenantId: string | null;
  serviceUrl: string;
  referenceJson: string;
  updatedAt: string;
}

export interface FeedbackTable {
  id: string;
  customerId: string | null;
  userId: string;
  userName: string | null;
  text: string;
  createdAt: string;
  /** 0017: handling by the account's owners; the reply goes back to the sender. */
  status: FeedbackStatus;
  reply: string | null;
  handledBy: string | null;
  handledAt: string | null;
}

export type FeedbackStatus = 'new' | 'in-progress' | 'done';

/** A director's comment or instruction on an account's monthly quality card (0017). */
export interface QualityInstructionsTable {
  id: string;
  customerId: string;
  period: string;
  kind: 'comment' | 'instruction';
  text: string;
  authorEmail: string;
  authorName: string | null;
  status: 'open' | 'done';
  doneBy: string | null;
  doneAt: string | null;
  createdAt: string;
}

/** Answer counts of one account's user survey (NPS 0-10), per survey month (0017). */
export interface NpsResultsTable {
  customerId: string;
  period: string;
  promoters: number;
  passives: number;
  detractors: number;
  source: string | null;
  importedBy: string | null;
  importedAt: string;
}

export interface OutboxTable {
  id: string;
  idempotencyKey: string;
  kind: string;
  customerId: string | null;
  targetJson: string;
  payloadJson: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  claimedBy: string | null;
  claimExpiresAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  activityId: string | null;
  /** Claimed before lower ones whatever their age (0005); 0 = routine. */
  priority: number;
}

/** A Teams change sent but not yet recorded (see src/sync/journal.ts). */
export interface SyncJournalTable {
  id: string;
  runId: string;
  customerId: string | null;
  checkJson: string;
  effectsJson: string;
  createdAt: string;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expiresAt: string;
}

export interface ClockRemindersTable {
  eventId: string;
  /** YYYY-MM-DD of the occurrence. */
  occurrence: string;
  ownerEmail: string;
  queuedAt: string;
}

/** Provisioning parts of an account channel; a part is done when its timestamp is set (0007). */
export interface ChannelProvisioningTable {
  customerId: string;
  channelId: string;
  appEnabledAt: string | null;
  tabsDoneAt: string | null;
  foldersDoneAt: string | null;
  /** The last refusal, for the report (null when the last attempt had none). */
  problem: string | null;
  updatedAt: string;
}

/** A TOC item (template item id or an account's own "add" override id) that a role must read. */
export interface TocMustReadTable {
  customerId: string;
  itemId: string;
  /** Roles that must read it: billing roles (supervisor, regional_director, …) or "everyone". */
  rolesJson: string;
  /** Grows when the owner asks everyone to read the item again; a tick counts for its own version. */
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface OnboardingAcksTable {
  customerId: string;
  itemId: string;
  userId: string;
  version: number;
  ackedAt: string;
}

export interface OnboardingStartsTable {
  customerId: string;
  userId: string;
  email: string | null;
  startedAt: string;
  remindedAt: string | null;
}

export interface DigestPrefsTable {
  userId: string;
  enabled: number;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  weekday: number;
  updatedAt: string;
}

export interface Database {
  accounts: AccountsTable;
  sites: SitesTable;
  people: PeopleTable;
  desiredMemberships: DesiredMembershipsTable;
  actualMemberships: ActualMembershipsTable;
  membershipOverrides: MembershipOverridesTable;
  syncRuns: SyncRunsTable;
  auditEntries: AuditEntriesTable;
  clockEvents: ClockEventsTable;
  clockCompletions: ClockCompletionsTable;
  clockReminders: ClockRemindersTable;
  clockOccurrenceExceptions: ClockOccurrenceExceptionsTable;
  qualityPeriods: QualityPeriodsTable;
  kpiValues: KpiValuesTable;
  tocItems: TocItemsTable;
  tocOverrides: TocOverridesTable;
  tocOrders: TocOrdersTable;
  contracts: ContractsTable;
  notices: NoticesTable;
  messageRefs: MessageRefsTable;
  acknowledgements: AcknowledgementsTable;
  weeklyStatus: WeeklyStatusTable;
  conversationRefs: ConversationRefsTable;
  feedback: FeedbackTable;
  outbox: OutboxTable;
  leases: LeasesTable;
  channelProvisioning: ChannelProvisioningTable;
  syncJournal: SyncJournalTable;
  noticePlans: NoticePlansTable;
  tocMustRead: TocMustReadTable;
  onboardingAcks: OnboardingAcksTable;
  onboardingStarts: OnboardingStartsTable;
  digestPrefs: DigestPrefsTable;
  heldRuns: HeldRunsTable;
  qualityInstructions: QualityInstructionsTable;
  npsResults: NpsResultsTable;
}

export type NoticePlanStatus = 'draft' | 'awaiting-approval' | 'scheduled' | 'sent' | 'cancelled' | 'rejected';

/** A notice written in the dialog before it goes out (migration 0014). */
export interface NoticePlansTable {
  id: string;
  authorId: string;
  authorName: string | null;
  title: string;
  body: string;
  targetsJson: string;
  mentionJson: string;
  optionsJson: string;
  sendAt: string | null;
  approverId: string | null;
  approverName: string | null;
  status: NoticePlanStatus;
  noticeId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  startRemindedAt: string | null;
  locale: string;
  createdAt: string;
  updatedAt: string;
}
