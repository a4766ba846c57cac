import { planSync, type PlanInput } from '../../src/sync/plan';
import { billingFingerprint, teamsFingerprint, type TeamsState } from '../../src/sync/held-run';
import type { DesiredAccount } from '../../src/membership';
import type { ChannelInfo, ConversationMember, DirectoryUser } from '../../src/ports/teams-directory';

// Team membership follows private-channel membership: leaving the team empties a person's private channels.
const user = (n: string): DirectoryUser => ({ id: `id-${n}`, displayName: n, mail: `${n}@x.example`, userPrincipalName: `${n}@x.example` });
const member = (n: string, owner = false): ConversationMember => ({
  membershipId: `m-${n}`,
  userId: `id-${n}`,
  displayName: n,
  email: `${n}@x.example`,
  roles: owner ? ['owner'] : [],
  isOwner: owner,
});
const site = (n: string) => ({
  email: `${n}@x.example`,
  reasons: [{ kind: 'site' as const, siteId: 's1', siteName: 'Site', role: 'supervisor' as const, line: 2 }],
});
const kad = (n: string) => ({ email: `${n}@x.example`, reasons: [{ kind: 'key_account_director' as const, line: 2 }] });
const channel = (id: string, type: ChannelInfo['membershipType'] = 'private'): ChannelInfo => ({
  id: `ch-${id}`,
  displayName: `Asiakas ${id}`,
  description: `Valtakunnallinen asiakkuus: Asiakas ${id} (asiakasnro ${id}).`,
  membershipType: type,
  webUrl: null,
});
const account = (id: string, owners: string[], members: string[]): DesiredAccount => ({
  customerId: id,
  name: `Asiakas ${id}`,
  nationalBy: 'flag',
  ended: false,
  siteCount: 1,
  owners: owners.map(kad),
  members: members.map(site),
  excluded: [],
});
const known = (id: string, missingSince: string | null = null) => ({
  customerId: id,
  name: `Asiakas ${id}`,
  channelId: `ch-${id}`,
  channelName: `Asiakas ${id}`,
  channelState: 'active' as const,
  missingSince,
});

/** Account 1 stays in billing; account 2 dropped out of it `missingDays` ago. */
function plan(o: { account1Members: string[]; missingDays: number; extra?: Partial<PlanInput>; extraChannel?: ChannelInfo }) {
  const people = ['kad', 'sup', 'leaver', 'graced', 'other'];
  const c1 = [member('kad', true), member('sup'), member('leaver')];
  const c2 = [member('kad', true), member('graced')];
  const channels = [channel('100001'), channel('100002'), ...(o.extraChannel ? [o.extraChannel] : [])];
  const members = new Map<string, ConversationMember[]>([
    ['ch-100001', c1],
    ['ch-100002', c2],
    ...(o.extraChannel ? [[o.extraChannel.id, [member('other')]] as [string, ConversationMember[]]] : []),
  ]);
  const since = new Date(Date.parse('2026-11-02T00:00:00Z') - o.missingDays * 86_400_000).toISOString().slice(0, 10);
  const team = people.map((n) => member(n));
  const input: PlanInput = {
    desired: new Map([['100001', account('100001', ['kad'], o.account1Members)]]),
    users: new Map(people.map((n) => [`${n}@x.example`, user(n)])),
    known: new Map([
      ['100001', known('100001')],
      ['100002', known('100002', since)],
    ]),
    channels,
    members,
    teamMembers: team,
    managedUserIds: new Set(team.map((m) => m.userId)),
    channelType: 'private',
    today: '2026-11-02',
    graceDays: 30,
    ...o.extra,
  };
  return planSync(input);
}
const emails = (list: readonly { email: string | null }[]) => list.map((x) => x.email).sort();

describe('team membership follows private-channel membership', () => {
  it('keeps a member of an account in grace in the team, and removes one who leaves their only channel', () => {
    const p = plan({ account1Members: ['sup'], missingDays: 5 });
    expect(emails(p.removes)).toEqual(['leaver@x.example']);
    // "graced" is wanted nowhere, but their account's channel is in grace: leaving the team would empty it.
    expect(emails(p.teamRemoves)).toEqual(['leaver@x.example', 'other@x.example']);
  });

  it('lets the member of an archived account leave the team with the archive removal that takes them out', () => {
    const p = plan({ account1Members: ['sup'], missingDays: 31 });
    expect(p.channels.map((c) => `${c.kind} ${c.customerId}`)).toEqual(['archive 100002']);
    expect(emails(p.removes)).toEqual(['graced@x.example', 'leaver@x.example']);
    expect(emails(p.teamRemoves)).toEqual(['graced@x.example', 'leaver@x.example', 'other@x.example']);
  });

  it('keeps anyone in a private channel the app did not make, and nobody leaves when a channel was unreadable', () => {
    const own = plan({ account1Members: ['sup'], missingDays: 5, extraChannel: channel('hand-made') });
    expect(emails(own.teamRemoves)).toEqual(['leaver@x.example']);
    // A shared channel does not hold its members through the team: they may leave it.
    const shared = plan({ account1Members: ['sup'], missingDays: 5, extraChannel: channel('shared', 'shared') });
    expect(emails(shared.teamRemoves)).toEqual(['leaver@x.example', 'other@x.example']);
    const unread = plan({ account1Members: ['sup'], missingDays: 5, extra: { someChannelsUnread: true } });
    expect(emails(unread.removes)).toEqual(['leaver@x.example']);
    expect(unread.teamRemoves).toEqual([]);
  });
});

describe('the fingerprints an approval compares', () => {
  it('billing: the same people in the same accounts, whatever the reasons or row order', () => {
    const a = new Map([['100001', account('100001', ['kad'], ['sup', 'leaver'])]]);
    const reordered = new Map([
      ['100001', { ...account('100001', ['kad'], ['leaver', 'sup']), members: [site('sup'), { ...site('leaver'), reasons: [] }] }],
    ]);
    expect(billingFingerprint(reordered)).toBe(billingFingerprint(a));
    expect(billingFingerprint(new Map([['100001', account('100001', ['kad'], ['sup'])]]))).not.toBe(billingFingerprint(a));
  });

  it('Teams: only the channels and people the held part touches count', () => {
    const p = plan({ account1Members: ['sup'], missingDays: 5 });
    const held = { ...p, adds: [], roleChanges: [], channels: [], teamAdds: [], teamRemoves: p.teamRemoves.slice(0, 1) };
    const state = (ch1: string[], ch2: string[], team: string[]): TeamsState => ({
      members: new Map([
        ['ch-100001', ch1.map((n) => ({ userId: `id-${n}`, isOwner: n === 'kad' }))],
        ['ch-100002', ch2.map((n) => ({ userId: `id-${n}`, isOwner: n === 'kad' }))],
      ]),
      teamUserIds: new Set(team.map((n) => `id-${n}`)),
    });
    const base = teamsFingerprint(held, state(['kad', 'sup', 'leaver'], ['kad', 'graced'], ['kad', 'sup', 'leaver']));
    expect(teamsFingerprint(held, state(['kad', 'leaver', 'sup'], ['kad'], ['leaver', 'kad', 'sup', 'x']))).toBe(base);
    expect(teamsFingerprint(held, state(['kad', 'sup', 'leaver', 'x'], ['kad', 'graced'], ['kad', 'sup', 'leaver']))).not.toBe(base);
    expect(teamsFingerprint(held, state(['kad', 'sup', 'leaver'], ['kad', 'graced'], ['kad', 'sup']))).not.toBe(base);
  });
});
