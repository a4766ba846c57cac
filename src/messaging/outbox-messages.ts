import type { ExpiryNoteData, Person, WallNoteData } from '../cards';
import type { AccessReason } from '../domain/access-reason';
import type { MessageLocation } from '../ports/messenger';
import type { EnqueueInput, OutboxItem, Store } from '../store';

/** Where a message goes: a channel (new thread), a person (personal chat), or a message already posted. */
export interface ChannelTarget {
  customerId?: string;
  channelId: string;
  teamId?: string | null;
}
export interface UserTarget {
  userId: string;
}
export type PostedTarget = MessageLocation;

/**
 * Every outbox item, by `kind`, with its payload and target. Renderers and senders narrow on `kind`
 * instead of casting. (The sync enqueues `welcome`, `access-granted` and `removal-approval` itself.)
 */
/** One channel a person gained: which account and why. */
export interface AccessGrantedChannel {
  customerId: string;
  accountName: string;
  channelId: string | null;
  reasons: AccessReason[];
}

/** A person's note for one sync run, listing every channel they gained (items queued before that carry one channel). */
export type AccessGrantedPayload = { runId: string; channels: AccessGrantedChannel[] } | AccessGrantedChannel;

export type OutboxMessage =
  | { kind: 'welcome'; target: ChannelTarget; payload: { customerId: string; accountName: string } }
  | { kind: 'access-granted'; target: UserTarget; payload: AccessGrantedPayload }
  | {
      kind: 'removal-approval';
      target: UserTarget;
      payload: {
        runId: string;
        customerId: string;
        reasons: Array<string | { message?: string; fi?: string }>;
        removals: Array<{ email: string; reason?: string }>;
        /** Held additions of the account (items queued before they were listed carry none). */
        additions?: Array<{ email: string }>;
      };
    }
  | { kind: 'access-note'; target: UserTarget; payload: WallNoteData | ExpiryNoteData }
  | { kind: 'notice'; target: ChannelTarget & { customerId: string }; payload: { noticeId: string } }
  | { kind: 'notice-update'; target: PostedTarget; payload: { noticeId: string; customerId: string | null } }
  | { kind: 'message-delete'; target: PostedTarget; payload: { kind?: 'notice' | 'weekly'; refId?: string } }
  | { kind: 'notice-reminder'; target: UserTarget; payload: { noticeId: string; customerId: string } }
  | { kind: 'notice-escalation'; target: UserTarget; payload: { noticeId: string; customerId: string; pending: Person[] } }
  | { kind: 'feedback'; target: UserTarget; payload: { accountName: string; from: Person; text: string; receivedAt: string } }
  | { kind: 'weekly'; target: ChannelTarget; payload: { customerId: string; isoWeek: string } }
  | { kind: 'weekly-update'; target: PostedTarget; payload: { customerId: string; isoWeek: string } }
  | {
      kind: 'clock-reminder';
      target: UserTarget;
      payload: { eventId: string; date: string; title: string; customerId: string; accountName: string };
    }
  | { kind: 'weekly-reminder'; target: UserTarget; payload: { text: string } }
  | { kind: 'text'; target: UserTarget; payload: { text: string } }
  | { kind: 'notice-approval'; target: UserTarget; payload: { planId: string } }
  | { kind: 'notice-plan'; target: UserTarget; payload: { planId: string } }
  | { kind: 'notice-start'; target: ChannelTarget & { customerId: string }; payload: { noticeId: string } }
  | { kind: 'onboarding-reminder'; target: UserTarget; payload: { customerId: string } }
  | { kind: 'onboarding-reread'; target: UserTarget; payload: { customerId: string; itemId: string; version: number } }
  | { kind: 'onboarding-joined'; target: UserTarget; payload: { customerId: string; accountName: string; person: Person } }
  | { kind: 'digest'; target: UserTarget; payload: { isoWeek: string } }
  | { kind: 'quality-instruction'; target: UserTarget; payload: { instructionId: string; customerId: string } }
  | { kind: 'feedback-reply'; target: UserTarget; payload: { feedbackId: string; customerId: string } }
  | { kind: 'survey-reminder'; target: ChannelTarget & { customerId: string }; payload: { customerId: string; year: number; url: string } };

export type OutboxKind = OutboxMessage['kind'];
export type MessageOf<K extends OutboxKind> = Extract<OutboxMessage, { kind: K }>;
/** A stored item read back as the message it holds (the store keeps target and payload as JSON). */
export type TypedOutboxItem<K extends OutboxKind = OutboxKind> = Omit<OutboxItem, 'kind' | 'target' | 'payload'> & MessageOf<K>;

/** Priorities: an urgent notice, its edit and its withdrawal go out before anything routine already queued. */
export const PRIORITY = { routine: 0, urgent: 10 } as const;

export function priorityOf(m: OutboxMessage): number {
  if (m.kind === 'notice' || m.kind === 'notice-update') return PRIORITY.urgent;
  if (m.kind === 'message-delete' && m.payload.kind === 'notice') return PRIORITY.urgent;
  // A notice waiting for its second pair of eyes, and a disruption starting now, are as urgent as the notice.
  if (m.kind === 'notice-approval' || m.kind === 'notice-start') return PRIORITY.urgent;
  return PRIORITY.routine;
}

export type MessageInput = OutboxMessage & Omit<EnqueueInput, 'kind' | 'target' | 'payload' | 'priority'>;

/** The enqueue row for a typed message, with its priority. */
function toEnqueue(m: MessageInput): EnqueueInput {
  return { ...m, priority: priorityOf(m) };
}

export function enqueueMessage(store: Pick<Store, 'outbox'>, m: MessageInput): Promise<{ id: string; created: boolean }> {
  return store.outbox.enqueue(toEnqueue(m));
}

export function enqueueMessages(store: Pick<Store, 'outbox'>, ms: readonly MessageInput[]): Promise<void> {
  return store.outbox.enqueueMany(ms.map(toEnqueue));
}

/** Reads a stored item as its typed message (the kind names the shape; unknown kinds are the caller's error). */
export function asMessage(item: OutboxItem): TypedOutboxItem {
  return item as unknown as TypedOutboxItem;
}
