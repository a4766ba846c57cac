import type { ChannelAction, MemberAdd, MemberRemove, PlannedMember, RoleChange } from './plan';
import type { ProvisionOutcome } from './repair-provisioning';
import type { EnqueueInput } from '../store';

/** How an applied change ended; `error` says why it did not happen. */
interface Ended {
  ok: boolean;
  error?: string;
}

/** One change of the plan as carried out: what each apply phase returns, what the results module reads. */
export type AppliedChange =
  | (Ended & { kind: 'team-add'; userId: string; email: string; customerIds: string[]; teamId?: string })
  | (Ended & { kind: 'team-remove'; membershipId: string; userId: string; email: string | null; teamId?: string })
  | (Ended & { kind: 'channel'; action: ChannelAction; created?: CreatedChannel; provisioning?: ProvisionOutcome; teamFull?: boolean })
  | (Ended & { kind: 'member-add'; add: MemberAdd & { channelId: string }; membershipId?: string | null })
  | (Ended & { kind: 'member-remove'; remove: MemberRemove })
  | (Ended & { kind: 'role'; change: RoleChange })
  | { kind: 'deferred'; ok: false; customerId: string; what: string; error?: undefined }
  | { kind: 'held'; ok: true; reasons: string; removals: number; demotions: number; approvals: EnqueueInput[]; error?: undefined };

export interface CreatedChannel {
  channelId: string;
  displayName: string;
  /** The team it was made in (the next one when the planned team was full). */
  teamId?: string;
  /** Who went in with the channel (private: up to 200; shared: the owner). */
  initial: PlannedMember[];
}

export type AppliedOf<K extends AppliedChange['kind']> = Extract<AppliedChange, { kind: K }>;
