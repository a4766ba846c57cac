/**
 * User-provided text (names from billing, notice bodies, feedback) goes into TextBlocks that Teams
 * renders as markdown and scans for `<at>` mentions. We break every construct that could turn text
 * into a link, image, fake mention, tag, Teams date function or template expression by inserting an
 * invisible zero-width space, so the text still reads the same but is inert.
 */
const ZWSP = '\u200B';
const MAX_CARD_TEXT = 4000;

// Control characters other than tab/newline can hide text or break JSON consumers.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function escapeCardText(value: unknown, maxLength = MAX_CARD_TEXT): string {
  if (value === undefined || value === null) return '';
  let s = String(value).replace(/\r\n?/g, '\n').replace(CONTROL, '');
  if (s.length > maxLength) s = s.slice(0, Math.max(0, maxLength - 1)) + '…';
  return s
    .replace(/\$\{/g, `$${ZWSP}{`) // template expressions
    .replace(/\{\{/g, `{${ZWSP}{`) // Teams {{DATE()}} functions
    .replace(/<(?=[A-Za-z/!?])/g, `<${ZWSP}`) // <at>, </at>, <script>, <http://…> autolinks
    .replace(/\]\s*\(/g, (m) => `]${ZWSP}${m.slice(1)}`) // [text](url) links and ![img](url)
    .replace(/\]\s*\[/g, (m) => `]${ZWSP}${m.slice(1)}`) // [text][ref] links
    .replace(/!\[/g, `!${ZWSP}[`) // images
    .replace(/:\/\//g, `:${ZWSP}//`) // bare URLs that clients auto-link
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/^(\s*)([#>*+-]|\d+[.)])(?=\s)/gm, `$1${ZWSP}$2`); // headings, quotes, list markers
}

/**
 * Values prefilled into Input.Text are not rendered as markdown, and they round-trip back to us,
 * so only template expressions and control characters are neutralised (the text is otherwise kept).
 */
export function escapeInputValue(value: unknown, maxLength = MAX_CARD_TEXT): string {
  if (value === undefined || value === null) return '';
  let s = String(value).replace(/\r\n?/g, '\n').replace(CONTROL, '');
  if (s.length > maxLength) s = s.slice(0, maxLength);
  return s.replace(/\$\{/g, `$${ZWSP}{`);
}

/** Marks a string as already safe for its position in the card (built by our code, not by a user). */
export class Verbatim {
  constructor(readonly value: string) {}
}
export const verbatim = (value: string): Verbatim => new Verbatim(value);

/** Escapes every string in a view model except those wrapped in `verbatim()`. */
export function escapeDeep(value: unknown): unknown {
  if (value instanceof Verbatim) return value.value;
  if (typeof value === 'string') return escapeCardText(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeDeep(v);
    return out;
  }
  return value;
}

/** Fills `{name}` placeholders of one of our strings with escaped user values. */
export function fmt(template: string, vars: Record<string, string | number | Verbatim>): Verbatim {
  return verbatim(
    template.replace(/\{(\w+)\}/g, (whole, key: string) => {
      const v = vars[key];
      if (v === undefined) return whole;
      if (v instanceof Verbatim) return v.value;
      return typeof v === 'number' ? String(v) : escapeCardText(v);
    }),
  );
}

/** Only http(s) URLs may become buttons; anything else is dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
