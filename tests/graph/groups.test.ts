import { setup, users, type Setup } from './helpers';
import { directoryGroupMembership } from '../../src/messaging/deps';
import { ManualClock } from '../../src/ports/clock';

const DIRECTORS = '11111111-1111-4111-8111-111111111111';
const ADMINS = '22222222-2222-4222-8222-222222222222';

describe('group membership through Graph checkMemberGroups', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup({ users: users(3) });
    s.em.setGroupMembers(DIRECTORS, ['user1@yritysx.example']);
    s.em.setGroupMembers(ADMINS, ['user2@yritysx.example']);
  });
  afterAll(() => s.em.close());

  it('tells which of the configured groups a user is in', async () => {
    const [u1, u2, u3] = (await s.dir.resolveUsers(['user1@yritysx.example', 'user2@yritysx.example', 'user3@yritysx.example'])).values();
    expect(await s.dir.checkMemberGroups(u1!.id, [DIRECTORS, ADMINS])).toEqual([DIRECTORS]);
    expect(await s.dir.checkMemberGroups(u2!.id, [DIRECTORS, ADMINS])).toEqual([ADMINS]);
    expect(await s.dir.checkMemberGroups(u3!.id, [DIRECTORS, ADMINS])).toEqual([]);
  });

  it('caches answers briefly and never grants rights when the check fails', async () => {
    const clock = new ManualClock();
    const [u1] = (await s.dir.resolveUsers(['user1@yritysx.example'])).values();
    const isInGroup = directoryGroupMembership(s.dir, clock);
    s.em.clearRequests();
    expect(await isInGroup(u1!.id, DIRECTORS)).toBe(true);
    expect(await isInGroup(u1!.id, DIRECTORS)).toBe(true);
    expect(s.em.requests().filter((r) => r.path.includes('checkMemberGroups'))).toHaveLength(1);
    // Removed from the group: seen once the cached answer expires.
    s.em.setGroupMembers(DIRECTORS, []);
    clock.advance(6 * 60_000);
    expect(await isInGroup(u1!.id, DIRECTORS)).toBe(false);
    const failing = directoryGroupMembership(
      {
        checkMemberGroups: async () => {
          throw new Error('Graph down');
        },
      },
      clock,
    );
    expect(await failing(u1!.id, DIRECTORS)).toBe(false);
  });
});
