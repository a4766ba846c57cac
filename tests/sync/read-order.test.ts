import { removalsFirst } from '../../src/sync/read-order';
import type { DesiredAccount } from '../../src/membership';
import type { KnownAccount } from '../../src/sync/plan';

const person = (email: string) => ({ email, reasons: [] });
const desired = (id: string, members: number, ended = false): DesiredAccount => ({
  accountId: id,
  name: id,
  nationalBy: 'flag',
  ended,
  siteCount: 1,
  owners: [person(`owner-${id}@x.example`)],
  members: Array.from({ length: members }, (_, i) => person(`m${i}-${id}@x.example`)),
  excluded: [],
});
const known = (id: string, state: KnownAccount['channelState'] = 'active'): KnownAccount => ({ customerId: id, name: id, channelId: `ch-${id}`, channelName: id, channelState: state, missingSince: null });
const recorded = (n: number) => new Set(Array.from({ length: n }, (_, i) => `u${i}`));

describe('channel read order for a confirmed run', () => {
  it('reads the channels that will lose the most members first: ended or gone accounts, then the biggest shrink', () => {
    const order = removalsFirst(
      new Map([
        ['A', desired('A', 10)], // recorded 11, wants 11: nobody leaves
        ['B', desired('B', 3)], // recorded 12, wants 4: 8 leave
        ['C', desired('C', 5, true)], // contract ended: everyone but the owners
        ['D', desired('D', 8)], // recorded 10, wants 9: 1 leaves
      ]),
      new Map([['A', known('A')], ['B', known('B')], ['C', known('C')], ['D', known('D')], ['E', known('E')], ['F', known('F', 'archived')]]),
      new Map([['A', recorded(11)], ['B', recorded(12)], ['C', recorded(6)], ['D', recorded(10)], ['E', recorded(3)], ['F', recorded(2)]]),
    );
    // E is gone from billing (archived after the grace period), C has ended; F is archived already.
    expect(order(['ch-A', 'ch-new', 'ch-D', 'ch-F', 'ch-B', 'ch-E', 'ch-C'])).toEqual(['ch-C', 'ch-E', 'ch-B', 'ch-D', 'ch-A', 'ch-new', 'ch-F']);
  });
});
