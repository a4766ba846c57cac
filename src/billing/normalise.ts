/** Value rules for billing cells. Text stays text: nothing here interprets HTML or formulas. */

// C0/C1 controls and bidi overrides (which can disguise a name); tabs and newlines become spaces.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped or refused
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const PLAIN = /^[\x20-\x7e]*$/;

export function cleanText(v: string): string {
  if (PLAIN.test(v)) return v.trim(); // most cells: nothing to strip or normalise
  return v
    .replace(CONTROLS, '')
    .replace(/[\t\r\n]+/g, ' ')
    .normalize('NFC')
    .trim();
}

/** The app's one e-mail rule (src/domain/email.ts). */
export { normaliseEmail } from '../domain/email';

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A deliberately plain address check (what Entra UPNs and mail addresses look like), on a normalised email. */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  return LOCAL.test(email.slice(0, at)) && DOMAIN.test(email.slice(at + 1));
}

export type DateFormat = 'yyyy-mm-dd' | 'd.m.yyyy';

/** Returns an ISO date (yyyy-mm-dd), or null if the text is not a real date in the format (or ISO). */
export function parseDate(v: string, format: DateFormat): string | null {
  const s = v.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if (format === 'd.m.yyyy' && (match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    // ISO is also accepted with the Finnish format: XLSX cells that hold real dates arrive as ISO.
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** Parses an amount with the configured decimal separator; spaces and the other separator are grouping. */
export function parseDecimal(v: string, separator: '.' | ','): number | null {
  let s = v.replace(/[\s\u00A0\u202F€]/g, '');
  if (s === '') return null;
  if (separator === ',') {
    // a plain "1234.5" (XLSX number cell) has no comma: keep its point as the decimal point
    if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  } else {
    s = s.replace(/,/g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** Shows a cell value in a report without letting it break the report (quoted, escaped, capped). */
export function displayValue(v: string, max = 80): string {
  const cut = v.length > max ? `${v.slice(0, max)}…` : v;
  return JSON.stringify(cut);
}
