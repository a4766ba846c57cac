import { interleaveByChannel } from '../../src/sync/interleave';

const c = (kind: 'add' | 'remove', channelId: string, n: number) => ({ kind, channelId, n });

describe('ordering membership changes for the rate limits', () => {
  it('starts with the busiest channel and spreads each channel over the run', () => {
    const changes = [c('add', 'a', 1), c('add', 'b', 1), ...[1, 2, 3, 4].map((n) => c('remove', 'big', n)), c('add', 'a', 2)];
    const out = interleaveByChannel(changes);
    expect(out).toHaveLength(changes.length);
    expect(new Set(out)).toEqual(new Set(changes));
    expect(out[0]!.channelId).toBe('big');
    // No channel gets two changes in a row while another channel still has work.
    expect(out.slice(0, 5).map((x) => x.channelId)).toEqual(['big', 'a', 'b', 'big', 'a']);
  });

  it('alternates removals and adds within a channel', () => {
    const out = interleaveByChannel([c('add', 'x', 1), c('add', 'x', 2), c('remove', 'x', 1), c('remove', 'x', 2)]);
    expect(out.map((x) => x.kind)).toEqual(['remove', 'add', 'remove', 'add']);
  });
});
