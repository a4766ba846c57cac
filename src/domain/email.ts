/**
 * The one rule for "is this the same e-mail address". Emails are keys everywhere (billing rows, the
 * people cache, overrides, Graph look-ups, tab callers), so every place must agree on it: a second rule
 * in one place decides differently who is who.
 *
 * - invisible characters go: zero-width space/joiners, BOM, word joiner, soft hyphen, bidi marks and
 *   C0/C1 controls (pasted from mail clients and spreadsheets);
 * - every kind of whitespace goes, also inside (exports split long cells; "matti. m@x" is a typo);
 * - Unicode NFC, so a decomposed "ä" (a + U+0308) equals the composed one;
 * - lower case (Entra compares mail and UPN without case).
 * Returns '' for blank input.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped or refused
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const SPACE = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;
const PLAIN = /^[\x21-\x7e]*$/;

export function normaliseEmail(value: string): string {
  if (PLAIN.test(value)) return value.toLowerCase(); // almost every address: nothing to strip
  return value.replace(INVISIBLE, '').replace(SPACE, '').normalize('NFC').toLowerCase();
}

/** normaliseEmail for optional values: null when nothing is left. */
export function normaliseEmailOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return normaliseEmail(value) || null;
}
