import { AppError } from '../errors/app-error';

/**
 * Our per-card budget: 28 KB of UTF-8 JSON. The Microsoft Teams connector reference ("Known issues and
 * limitations") gives about 28 KB per posted card; Teams "Format your bot messages" gives the bot limit
 * as 40 KB (older page) or 100 KB (newer, 80 KB recommended) for the whole activity counted as UTF-16;
 * a 28 KB mostly-ASCII card counts about 56 KB there, within the newer limit but not the older one.
 */
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
  const full = render(first);
  const fullBytes = cardBytes(full);
  if (fullBytes <= MAX_CARD_BYTES || first === 0) return full;
  // Template expansion is not cheap for long lists, so estimate from the average item size
  // instead of bisecting, then step down until the card fits.
  const empty = render(0);
  const base = cardBytes(empty);
  if (base > MAX_CARD_BYTES) return empty;
  const perItem = Math.max(1, (fullBytes - base) / first);
  let shown = Math.min(first - 1, Math.floor(((MAX_CARD_BYTES - base) / perItem) * 0.97));
  while (shown > 0) {
    const card = render(shown);
    if (cardBytes(card) <= MAX_CARD_BYTES) return card;
    shown = Math.floor(shown * 0.9);
  }
  return empty;
}
