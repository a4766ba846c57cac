import { EarlyRemovals } from '../../src/sync/early-removals';
import type { ChannelMemberChangeResult, ConversationMember } from '../../src/ports/teams-directory';
import type { MemberRemove } from '../../src/sync/plan';

const member = (userId: string, isOwner = false): ConversationMember => ({ membershipId: `m-${userId}`, userId, displayName: null, email: `${userId}@x.example`, roles: isOwner ? ['owner'] : [], isOwner });

/** Billing wants only these people in each channel; everyone else read from a channel is a removal. */
const WANTED: Record<string, string[]> = { c1: ['keep'], c2: ['keep'], c3: [] };
const planner = (members: ReadonlyMap<string, ConversationMember[]>): MemberRemove[] =>
  [...members].flatMap(([channelId, ms]) =>
    ms.filter((m) => !WANTED[channelId]!.includes(m.userId)).map((m) => ({ customerId: channelId, channelId, membershipId: m.membershipId, userId: m.userId, email: m.email, wasOwner: m.isOwner, reason: 'not-in-billing' as const })),
  );

function recorder() {
  const sent: MemberRemove[][] = [];
  const send = async (removes: MemberRemove[]): Promise<ChannelMemberChangeResult[]> => {
    sent.push(removes);
    return removes.map((r) => ({ change: { kind: 'remove' as const, channelId: r.channelId, membershipId: r.membershipId }, ok: true }));
  };
  return { sent, send };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('removals started while channels are still being read (confirmed runs)', () => {
  it('waits for the desired state, then removes from channels already read and from each one that arrives', async () => {
    const { sent, send } = recorder();
    const early = new EarlyRemovals(send);
    early.channelRead('c1', { ok: true, value: [member('keep'), member('gone')] });
    await tick();
    expect(sent).toEqual([]); // nothing before the plan's inputs are known

    early.ready(planner);
    expect(sent.flat().map((r) => r.userId)).toEqual(['gone']);

    early.channelRead('c2', { ok: true, value: [member('keep'), member('left1'), member('left2')] });
    await tick();
    expect(sent.flat().map((r) => r.userId)).toEqual(['gone', 'left1', 'left2']);
    expect(early.has({ channelId: 'c2', membershipId: 'm-left1' })).toBe(true);
    expect((await early.results()).every((r) => r.ok)).toBe(true);
  });

  it('never removes an owner early, leaves unreadable channels alone, and sends each removal once', async () => {
    const { sent, send } = recorder();
    const early = new EarlyRemovals(send);
    early.ready(planner);
    early.channelRead('c3', { ok: true, value: [member('old-owner', true), member('x')] });
    early.channelRead('c2', { ok: false, error: new Error('403') as never });
    await tick();
    // The same channel heard again (a retried page) does not send its removals twice.
    early.channelRead('c3', { ok: true, value: [member('old-owner', true), member('x')] });
    await tick();
    expect(sent.flat().map((r) => `${r.channelId}:${r.userId}`)).toEqual(['c3:x']);
    expect(early.has({ channelId: 'c3', membershipId: 'm-old-owner' })).toBe(false);
  });

  it('plans the channels of one $batch answer together, and starts nothing once closed', async () => {
    const { sent, send } = recorder();
    let plans = 0;
    const early = new EarlyRemovals(send);
    early.ready((m) => {
      plans++;
      return planner(m);
    });
    early.channelRead('c1', { ok: true, value: [member('a')] });
    early.channelRead('c2', { ok: true, value: [member('b')] });
    await tick();
    expect(plans).toBe(1);
    expect(sent).toHaveLength(1);
    early.close();
    early.channelRead('c3', { ok: true, value: [member('c')] });
    await tick();
    expect(sent.flat().map((r) => r.userId)).toEqual(['a', 'b']);
  });
});
