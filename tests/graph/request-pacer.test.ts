import { RequestPacer, type PaceRule } from '../../graph/request-pacer';

const rule: PaceRule[] = [{ key: 'class:delete', max: 2, windowMs: 1000 }];

function pacerAt(start: number) {
  let t = start;
  const pacer = new RequestPacer({ now: () => t, sleep: async (ms) => void (t += ms), marginMs: 0 });
  return { pacer, advance: (ms: number) => (t += ms), now: () => t };
}

// The server counts a request between our send and its answer; the window must not reopen before
// the latest moment it can have counted it, or the next window's requests draw 429s.
test('a full window reopens one second after the answer minus the return leg (half the fastest round trip)', () => {
  const { pacer, advance } = pacerAt(10_000);
  const a = pacer.reserve(rule);
  const b = pacer.reserve(rule);
  advance(100); // answered after a 100 ms round trip: counted at the latest 50 ms before the answer
  pacer.settle(a);
  pacer.settle(b);
  expect(pacer.waitMs(rule)).toBe(1000 - 100 + 50);
});

test('a request that got no answer counts from when we gave up, and a slow answer never moves a slot earlier than its send', () => {
  const { pacer, advance } = pacerAt(20_000);
  const fast = pacer.reserve(rule);
  advance(40);
  pacer.settle(fast); // fastest round trip 40 ms
  const lost = pacer.reserve(rule);
  advance(3000);
  pacer.settle(lost, false); // timed out: nothing is known about when (or whether) it was counted
  const again = pacer.reserve(rule);
  expect(pacer.waitMs(rule)).toBe(1000); // `lost` holds its slot until a second after we gave up
  advance(10);
  pacer.settle(again); // 10 ms round trip: the slot stays at its send time, not 5 ms before it
  expect(pacer.waitMs(rule)).toBe(1000 - 10);
});
