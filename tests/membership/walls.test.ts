import type { DesiredAccount, DesiredPerson } from '../../src/membership';
import { enforceWalls, parseWalls } from '../../src/membership';

const person = (email: string): DesiredPerson => ({ email, reasons: [{ kind: 'override' }] });
const account = (id: string, owners: string[], members: string[]): DesiredAccount => ({
  customerId: id,
  name: `Account ${id}`,
  nationalBy: 'flag',
  ended: false,
  siteCount: 1,
  owners: owners.map(person),
  members: members.map(person),
  excluded: [],
});

describe('walls between accounts', () => {
  it('parses ACCOUNT_WALLS and refuses a bad value with a reason', () => {
    expect(parseWalls('')).toEqual([]);
    expect(parseWalls('elinkaari=1, 2 ;3,4,3')).toEqual([
      { name: 'elinkaari', accounts: ['1', '2'] },
      { name: 'wall 2', accounts: ['3', '4'] },
    ]);
    expect(() => parseWalls('1,2;3')).toThrow(/group 2 \("3"\) needs at least two account ids/);
  });

  const accounts = new Map([
    ['A', account('A', ['kad-a@x.example'], ['both@x.example', 'only-a@x.example'])],
    ['B', account('B', ['kad-b@x.example'], ['both@x.example', 'only-b@x.example'])],
    ['C', account('C', ['kad-c@x.example'], ['both@x.example'])],
  ]);
  const walls = [{ name: 'kilpailijat', accounts: ['A', 'B'] }];

  it('keeps the membership a person already had and refuses the other', () => {
    const { accounts: out, conflicts } = enforceWalls(accounts, walls, (e) => new Set(e === 'both@x.example' ? ['B'] : []));
    expect(conflicts).toEqual([{ wall: 'kilpailijat', email: 'both@x.example', keptIn: 'B', refused: ['A'] }]);
    expect(out.get('A')!.members.map((m) => m.email)).toEqual(['only-a@x.example']);
    expect(out.get('B')!.members.map((m) => m.email)).toEqual(['both@x.example', 'only-b@x.example']);
    expect(out.get('C')!.members.map((m) => m.email)).toEqual(['both@x.example']); // not behind the wall
    expect(accounts.get('A')!.members).toHaveLength(2); // pure: the input is untouched
  });

  it('keeps the first account by id when neither was held, and lets exempt people (directors) through', () => {
    expect(enforceWalls(accounts, walls, () => new Set()).conflicts[0]).toMatchObject({ keptIn: 'A', refused: ['B'] });
    expect(enforceWalls(accounts, walls, () => new Set(), new Set(['both@x.example'])).conflicts).toEqual([]);
  });

  it('never takes an owner away; a member who owns the other account is refused membership', () => {
    const owned = new Map([...accounts, ['B', account('B', ['both@x.example'], ['only-b@x.example'])]]);
    const { accounts: out, conflicts } = enforceWalls(owned, walls, () => new Set());
    expect(conflicts).toEqual([{ wall: 'kilpailijat', email: 'both@x.example', keptIn: 'B', refused: ['A'] }]);
    expect(out.get('B')!.owners.map((o) => o.email)).toEqual(['both@x.example']);
    expect(out.get('A')!.members.map((m) => m.email)).toEqual(['only-a@x.example']);
  });
});
