import { heapKeeper } from '../../src/server/services';

const MB = 2 ** 20;

describe('the sync heap keeper (SyncDependencies.collectGarbage)', () => {
  it('is absent when node cannot collect on request (no --expose-gc)', () => {
    expect(heapKeeper(undefined)).toBeUndefined();
  });

  it('collects when forced, then only once the heap has grown half as much again as was live (at least 32 MB)', () => {
    let live = 70 * MB;
    let heap = live;
    const gc = jest.fn(() => (heap = live)); // a collection leaves what is live
    const keep = heapKeeper(gc, () => heap)!;
    keep({ force: true });
    expect(gc).toHaveBeenCalledTimes(1);
    heap = 101 * MB; // 70 live + 31 of garbage: under 70 + 35
    keep();
    expect(gc).toHaveBeenCalledTimes(1);
    heap = 106 * MB;
    keep();
    expect(gc).toHaveBeenCalledTimes(2);
    expect(heap).toBe(70 * MB);
    // A small heap still gets 32 MB of room, not collections at every channel.
    live = 10 * MB;
    keep({ force: true });
    expect(gc).toHaveBeenCalledTimes(3);
    heap = 40 * MB;
    keep();
    expect(gc).toHaveBeenCalledTimes(3);
    heap = 43 * MB;
    keep();
    expect(gc).toHaveBeenCalledTimes(4);
  });
});
