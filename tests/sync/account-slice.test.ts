import { accountSlice, heldAccounts, withoutDoneTeamChanges, type HeldPart } from '../../src/sync/held-run';
import type { SyncPlan } from '../../src/sync/plan';

const remove = (customerId: string, userId: string) => ({
  customerId,
  channelId: `ch-${customerId}`,
  membershipId: `m-${customerId}-${userId}`,
  userId,
  email: `${userId}@x.example`,
  wasOwner: false,
  reason: 'not-in-billing' as const,
});
const add = (customerId: string, userId: string) => ({
  customerId,
  channelId: `ch-${customerId}`,
  userId,
  email: `${userId}@x.example`,
  owner: false,
  reasons: [],
});
const teamRemove = (userId: string) => ({ membershipId: `t-${userId}`, userId, email: `${userId}@x.example` });

// "both" leaves A and B; "onlyA" leaves A; "newB" joins B; "stray" leaves the team with no account change held.
const held = {
  channels: [],
  adds: [add('B', 'newB')],
  removes: [remove('A', 'both'), remove('B', 'both'), remove('A', 'onlyA')],
  roleChanges: [],
  teamAdds: [{ userId: 'newB', email: 'newB@x.example' }],
  teamRemoves: [teamRemove('both'), teamRemove('onlyA'), teamRemove('stray')],
} as unknown as HeldPart['plan'];

describe('one account of a held run (accountSlice)', () => {
  it("takes that account's changes, and a team removal only when no account still held involves the person", () => {
    expect(heldAccounts(held)).toEqual(['A', 'B']);
    const a = accountSlice(held, ['A'], ['B']);
    expect(a.removes.map((r) => r.userId)).toEqual(['both', 'onlyA']);
    expect(a.adds).toEqual([]);
    expect(a.teamAdds).toEqual([]);
    expect(a.teamRemoves.map((t) => t.userId)).toEqual(['onlyA']);
    // B last: its people, "both" (nothing else holds them now) and the team change tied to no account;
    // not "onlyA" again (A's approval made it).
    const b = accountSlice(held, ['B'], []);
    expect(b.removes.map((r) => r.userId)).toEqual(['both']);
    expect(b.adds.map((x) => x.userId)).toEqual(['newB']);
    expect(b.teamAdds.map((t) => t.userId)).toEqual(['newB']);
    expect(b.teamRemoves.map((t) => t.userId)).toEqual(['both', 'stray']);
    // Everything at once is the whole held part.
    expect(accountSlice(held, ['A', 'B'], [])).toEqual(held);
  });

  it('skips team changes already made', () => {
    const plan = { ...held, teamRemoves: held.teamRemoves } as unknown as SyncPlan;
    const inTeam = (ids: string[]) => ids.map((userId) => ({ userId }) as never);
    const left = withoutDoneTeamChanges(plan, inTeam(['newB', 'both']));
    expect(left.teamAdds).toEqual([]);
    expect(left.teamRemoves.map((t) => t.userId)).toEqual(['both']);
    expect(withoutDoneTeamChanges(plan, undefined)).toBe(plan);
  });
});
