import { planSync, type PlanInput } from '../../src/sync/plan';
import { guard } from '../../src/sync/guard';
import type { DesiredAccount } from '../../src/membership';
import type { ConversationMember, DirectoryUser } from '../../src/ports/teams-directory';

// The planner's owner rules on one existing channel, without Teams: who is promoted, demoted, removed.
const CH = 'ch-1';
const user = (name: string): DirectoryUser => ({
  id: `id-${name}`,
  displayName: name,
  mail: `${name}@x.example`,
  userPrincipalName: `${name}@x.example`,
});
const member = (name: string, owner = false): ConversationMember => ({
  membershipId: `m-${name}`,
  userId: `id-${name}`,
  displayName: name,
  email: `${name}@x.example`,
  roles: owner ? ['owner'] : [],
  isOwner: owner,
});
const person = (name: string) => ({
  email: `${name}@x.example`,
  reasons: [{ kind: 'site' as const, siteId: 's1', siteName: 'Site', role: 'supervisor' as const, line: 2 }],
});
const kad = (name: string) => ({ email: `${name}@x.example`, reasons: [{ kind: 'key_account_director' as const, line: 2 }] });

function plan(
  owners: string[],
  members: string[],
  current: ConversationMember[],
  known = ['kad', 'sup', 'old', 'new', 'rd'],
  team?: ConversationMember[],
) {
  const account: DesiredAccount = {
    customerId: '100001',
    name: 'Asiakas Oy',
    nationalBy: 'flag',
    ended: false,
    siteCount: 1,
    owners: owners.map(kad),
    members: members.map(person),
    excluded: [],
  };
  const input: PlanInput = {
    desired: new Map([[account.customerId, account]]),
    users: new Map(known.map((n) => [`${n}@x.example`, user(n)])),
    known: new Map([
      [
        account.customerId,
        {
          customerId: account.customerId,
          name: account.name,
          channelId: CH,
          channelName: 'Asiakas Oy',
          channelState: 'active',
          missingSince: null,
        },
      ],
    ]),
    channels: [
      {
        id: CH,
        displayName: 'Asiakas Oy',
        description: 'Valtakunnallinen asiakkuus: Asiakas Oy (asiakasnro 100001).',
        membershipType: 'private',
        webUrl: null,
      },
    ],
    members: new Map([[CH, current]]),
    channelType: 'private',
    today: '2026-11-02',
    graceDays: 30,
    ...(team ? { teamMembers: team, managedUserIds: new Set(team.map((m) => m.userId)) } : {}),
  };
  return planSync(input);
}
const roles = (p: ReturnType<typeof plan>) => p.roleChanges.map((c) => `${c.owner ? 'promote' : 'demote'} ${c.email}`);

describe('planning owner changes on an existing channel', () => {
  it('promotes the new director who is already a member and demotes the old one who still has a site', () => {
    const p = plan(['new'], ['old', 'sup'], [member('old', true), member('new'), member('sup')]);
    // Promotion first: apply keeps the order, so the channel always has an owner.
    expect(roles(p)).toEqual(['promote new@x.example', 'demote old@x.example']);
    expect(p.adds).toEqual([]);
    expect(p.removes).toEqual([]);
  });

  it('removes an old director who is no longer wanted at all, and adds a new one from outside', () => {
    const p = plan(['new'], ['sup'], [member('old', true), member('sup')]);
    expect(p.adds.map((a) => [a.email, a.owner])).toEqual([['new@x.example', true]]);
    expect(p.removes.map((r) => [r.email, r.wasOwner])).toEqual([['old@x.example', true]]);
    expect(p.roleChanges).toEqual([]);
  });

  it('keeps the current owners when no wanted owner can be found in the directory', () => {
    const p = plan(['new'], ['old', 'sup'], [member('old', true), member('sup'), member('rd', true)], ['sup', 'old', 'rd']);
    expect(p.roleChanges).toEqual([]);
    expect(p.removes).toEqual([]);
    expect(p.unknownPeople.map((u) => u.email)).toEqual(['new@x.example']);
  });

  it('keeps a kept owner in the team, since leaving the team would take them out of the channel too', () => {
    // "old" is wanted nowhere, but stays the channel's owner because the new director is unknown.
    const team = [member('old'), member('sup'), member('gone')];
    const p = plan(['new'], ['sup'], [member('old', true), member('sup'), member('gone')], ['sup', 'old', 'gone'], team);
    expect(p.removes.map((r) => r.email)).toEqual(['gone@x.example']);
    expect(p.teamRemoves.map((t) => t.email)).toEqual(['gone@x.example']);
  });

  it('plans nothing when owners and members already match', () => {
    const p = plan(['kad'], ['sup'], [member('kad', true), member('sup')]);
    expect(p.roleChanges).toEqual([]);
    expect(p.adds).toEqual([]);
    expect(p.removes).toEqual([]);
  });

  it('counts demotions towards the guard limits', () => {
    const p = plan(['new'], ['old', 'sup'], [member('old', true), member('new'), member('sup')]);
    const verdict = guard(p, {
      rows: 10,
      lastAcceptedRows: null,
      desired: new Map(),
      previousSites: new Map(),
      knownActiveAccounts: 1,
      limits: { maxRemoveShare: 0.1, maxRemoveCount: 0, minRowShare: 0.5 },
    });
    expect(verdict.held).toBe(true);
    expect(verdict.reasons[0]!.message).toMatch(/remove or demote 1 of 3 channel memberships/);
  });
});
