export type ParsedKpiValue = { ok: true; value: number; percent: boolean } | { ok: false; reason: string };

// Spaces Finnish Excel uses as thousands separators: space, no-break space, narrow no-break space.
const GROUP_SPACE = /[ \u00a0\u202f]/g;

/**
 * Reads one KPI cell from another system's export. Accepts "12,5", "12.5", "12,5 %", "-3",
 * "1 234,5" and, with both separators present, "1.234,5" / "1,234.5" (the last one is the decimal
 * mark). A lone "1,234" is a thousands group only for `en`; for `fi` it is 1.234.
 * A percent sign is dropped and flagged: "12,5 %" is value 12.5 with percent = true.
 * Anything else (text, two decimal marks, exponents, empty) is rejected, not guessed.
 */
export function parseKpiValue(text: string, locale: 'fi' | 'en'): ParsedKpiValue {
  let s = text.trim().replace(/\u2212/g, '-');
  if (s === '') return { ok: false, reason: 'empty' };
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  const m = /^([+-]?)(.+)$/.exec(s);
  const sign = m?.[1] === '-' ? -1 : 1;
  let body = (m?.[2] ?? '').trim();
  if (/^\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/.test(body)) body = body.replace(GROUP_SPACE, '');
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return { ok: false, reason: 'not a number' };

  const commas = (body.match(/,/g) ?? []).length;
  const dots = (body.match(/\./g) ?? []).length;
  let normalized: string;
  if (commas > 0 && dots > 0) {
    const decimal = body.lastIndexOf(',') > body.lastIndexOf('.') ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const [intPart, frac, ...rest] = body.split(decimal);
    if (rest.length > 0 || frac === undefined || frac.length === 0 || !isGrouped(intPart, group))
      return { ok: false, reason: 'ambiguous separators' };
    normalized = `${intPart.split(group).join('')}.${frac}`;
  } else if (commas + dots === 0) {
    normalized = body;
  } else {
    const sep = commas > 0 ? ',' : '.';
    const count = commas + dots;
    const [intPart, frac] = body.split(sep);
    if (count > 1) {
      if (!isGrouped(body, sep)) return { ok: false, reason: 'more than one decimal mark' };
      normalized = body.split(sep).join('');
    } else if (intPart === '' || frac === '') {
      return { ok: false, reason: 'incomplete number' };
    } else if (locale === 'en' && sep === ',' && isGrouped(body, ',')) {
      normalized = intPart + frac;
    } else {
      normalized = `${intPart}.${frac}`;
    }
  }
  const value = sign * Number(normalized);
  if (!Number.isFinite(value)) return { ok: false, reason: 'not a number' };
  return { ok: true, value: value === 0 ? 0 : value, percent };
}

function isGrouped(s: string, sep: string): boolean {
  const parts = s.split(sep);
  return parts.length > 1 && /^\d{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}
