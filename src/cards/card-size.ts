import { AppError } from '../errors/app-error';

/** Teams rejects card messages over about 28 KB (Teams docs "Format cards in Teams" / "Cards reference"). */
export const MAX_CARD_BYTES = 28 * 1024;

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function assertCardSize(card: unknown, name: string): void {
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) {
    throw new AppError('INTERNAL', `card ${name} is ${bytes} bytes, over ${MAX_CARD_BYTES}`);
  }
}

/**
 * Renders a card showing the first `n` items of a list and returns the largest `n` (≤ total) whose
 * card fits; `render(n)` is expected to add the "+N more" line itself when n < total.
 */
export function fitList<T>(total: number, maxShown: number, render: (shown: number) => T): T {
  const card = fitListUnchecked(total, maxShown, render);
  assertCardSize(card, 'list card');
  return card;
}

function fitListUnchecked<T>(total: number, maxShown: number, render: (shown: number) => T): T {
  const first = Math.min(total, maxShown);
  const card = render(first);
  if (cardBytes(card) <= MAX_CARD_BYTES) return card;
  let lo = 0;
  let hi = first - 1;
  let best: T | undefined;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const c = render(mid);
    if (cardBytes(c) <= MAX_CARD_BYTES) {
      best = c;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ?? render(0);
}
