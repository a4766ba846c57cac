import type { ChannelMemberChangeResult, ConversationMember, Outcome } from '../ports/teams-directory';
import type { MemberRemove } from './plan';

/** Plans the removals of the given channels only (the full planner, fed the members read so far). */
export type RemovalPlanner = (members: ReadonlyMap<string, ConversationMember[]>) => readonly MemberRemove[];

/**
 * Starts a confirmed run's member removals channel by channel, as each channel's members arrive,
 * instead of after every channel has been read and the whole plan made.
 *
 * Why: removals are what a run with leavers waits for (Graph allows 15 DELETEs per second), and
 * reading ~100 channels' members takes 1.5-2 s at Graph's read limit. Only when the operator has
 * confirmed removals (`--confirm-removals`, or the approval card): otherwise the guard needs the
 * whole plan before any removal may go. Owners are never removed here: they leave only after their
 * successor is in place, which the apply step does in order.
 */
export class EarlyRemovals {
  private readonly arrived = new Map<string, ConversationMember[]>();
  /** Heard since the last plan, planned together at the end of the current turn. */
  private readonly queued = new Map<string, ConversationMember[]>();
  private readonly startedKeys = new Set<string>();
  private readonly started: MemberRemove[] = [];
  private readonly pending: Promise<void>[] = [];
  private readonly done: ChannelMemberChangeResult[] = [];
  private failure: unknown;
  private planner: RemovalPlanner | undefined;
  private closed = false;

  constructor(private readonly send: (removes: MemberRemove[]) => Promise<ChannelMemberChangeResult[]>) {}

  /** Feed for `listChannelMembersMany`'s listener. Unreadable channels are left to the full plan (which leaves them alone). */
  readonly channelRead = (channelId: string, outcome: Outcome<ConversationMember[]>): void => {
    if (!outcome.ok || this.closed) return;
    this.arrived.set(channelId, outcome.value);
    if (!this.planner) return;
    // Channels arrive a $batch at a time, in one synchronous loop: plan them together, once.
    if (this.queued.size === 0) queueMicrotask(() => this.flush());
    this.queued.set(channelId, outcome.value);
  };

  private flush(): void {
    const batch = new Map(this.queued);
    this.queued.clear();
    if (!this.closed) this.startFor(batch);
  }

  /** The desired state is known: plan what has arrived so far, and each channel that arrives from now on. */
  ready(planner: RemovalPlanner): void {
    if (this.closed) return;
    this.planner = planner;
    if (this.arrived.size) this.startFor(this.arrived);
  }

  /** No more starts (the full plan takes over). */
  close(): void {
    this.closed = true;
  }

  /** Removals already sent, so the apply step does not send them again. */
  has(r: Pick<MemberRemove, 'channelId' | 'membershipId'>): boolean {
    return this.startedKeys.has(keyOf(r));
  }

  get removes(): readonly MemberRemove[] {
    return this.started;
  }

  /** Every early removal's outcome (each is also audited and counted by the apply step). */
  async results(): Promise<ChannelMemberChangeResult[]> {
    await Promise.all(this.pending);
    if (this.failure !== undefined) throw this.failure;
    return this.done;
  }

  private startFor(members: ReadonlyMap<string, ConversationMember[]>): void {
    const fresh = this.planner!(members).filter((r) => !r.wasOwner && members.has(r.channelId) && !this.startedKeys.has(keyOf(r)));
    if (fresh.length === 0) return;
    for (const r of fresh) {
      this.startedKeys.add(keyOf(r));
      this.started.push(r);
    }
    // Sent at once, beside earlier ones: a channel with many leavers (an archived one) is held to
    // Graph's per-channel rate, so waiting for an earlier call to finish would put it last.
    const sent = this.send(fresh).then(
      (results) => void this.done.push(...results),
      (err: unknown) => void (this.failure ??= err), // surfaces where `results()` is awaited
    );
    this.pending.push(sent);
  }
}

const keyOf = (r: Pick<MemberRemove, 'channelId' | 'membershipId'>) => `${r.channelId}|${r.membershipId}`;
