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
  createdAt: string;
  updatedAt: string;
}

export interface ClockCompletionsTable {
  eventId: string;
  occurrence: string;
  doneBy: string;
  doneAt: string;
}

export interface QualityPeriodsTable {
  customerId: string;
  period: string;
  summary: string | null;
  updatedBy: string | null;
  updatedAt: string;
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
  qualityPeriods: QualityPeriodsTable;
  kpiValues: KpiValuesTable;
  tocItems: TocItemsTable;
  tocOverrides: TocOverridesTable;
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
}
