import type { LocalDate } from './local-date';

// Average glyph advance of a proportional UI font, as a share of the font size (conservative).
const CHAR_WIDTH_EM = 0.6;
// Longest arc a single event's label may take, so one lone event does not write across half the year.
const MAX_LABEL_DEG = 30;
const LABEL_GAP_DEG = 1;
// A label's baseline sits this many font sizes inside its centre line, so the glyphs straddle it.
export const BASELINE_EM = 0.35;
// Fewer characters than this read as stubs ("Laa", "L"): a title is cut no shorter (unless it is shorter).
const MIN_LABEL_CHARS = 8;
// WCAG 2.5.5: a tap target at least 44 CSS px long.
const MIN_TARGET_PX = 44;

/** What the label pass needs of a marker: sorted by angle within one ring. */
export interface LabelInput {
  eventId: string;
  date: LocalDate;
  title: string;
  angle: number;
  endAngle: number | null;
}

/**
 * One text on a ring, for a single marker or for a run of neighbours that have no room for their own
 * ("Laatukäynti ×3", "3 tapahtumaa"). Tapping it selects the marker or lists the group's events.
 */
export interface WheelLabel {
  ring: string;
  /** Radius of the text's centre line. */
  radius: number;
  members: { eventId: string; date: LocalDate }[];
  text: string;
  /** Where the text starts (after the first member's dot) and where it is estimated to end. */
  textStartAngle: number;
  textEndAngle: number;
  /** The arc the text may use (up to the next label's first marker), for a <textPath>. */
  pathEndAngle: number;
  /** The tap target along the ring: from the first member to the text's end, at least 44 px long. */
  hitStartAngle: number;
  hitEndAngle: number;
}

/** Cuts `text` to at most `maxChars` characters, ending with "…" when cut. */
export function fitLabel(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  if (maxChars < 2) return '';
  return (
    chars
      .slice(0, maxChars - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/** The title cut at the last word boundary that fits (else as fitLabel); "" when that would be a stub. */
function fitTitle(text: string, maxChars: number): string {
  const whole = Array.from(text).length;
  if (maxChars < Math.min(whole, MIN_LABEL_CHARS)) return '';
  const cut = fitLabel(text, maxChars);
  if (!cut.endsWith('…')) return cut;
  const words = cut.slice(0, -1).split(/\s+/);
  const kept = words.slice(0, -1).join(' ');
  return Array.from(kept).length >= MIN_LABEL_CHARS - 1 ? `${kept}…` : cut;
}

const countText = (n: number, locale: 'fi' | 'en') => (locale === 'fi' ? `${n} tapahtumaa` : `${n} events`);

/** The label of a run of markers in `maxChars`: its title, "title ×n" for one series, else "n events"; "" if none fits. */
function runLabel(titles: readonly string[], maxChars: number, locale: 'fi' | 'en'): string {
  if (titles.length === 1) return fitTitle(titles[0], maxChars);
  if (titles.every((t) => t === titles[0])) {
    const suffix = ` ×${titles.length}`;
    const title = fitTitle(titles[0], maxChars - suffix.length);
    if (title) return title + suffix;
  }
  const count = countText(titles.length, locale);
  return Array.from(count).length <= maxChars ? count : '';
}

interface RingGeometry {
  ring: string;
  /** Radius of the ring's dots, where a single marker's text runs (after its dot). */
  radius: number;
  /** Radius a group's text runs along, beside the dots so it does not write over them. */
  groupRadius: number;
  fontSize: number;
  locale: 'fi' | 'en';
  /** Width in px of the ring's name, drawn across 12 o'clock: labels keep clear of it. */
  nameWidth?: number;
}

/**
 * Labels for one ring's markers (sorted by angle): each marker gets its own text where it fits before
 * the next marker, else the shortest run from it whose label fits before the marker after the run.
 * Every marker thus belongs to exactly one label, and no two labels overlap.
 */
export function ringLabels(list: readonly LabelInput[], g: RingGeometry): WheelLabel[] {
  const at = (r: number) => 180 / (Math.PI * r);
  // A single marker's text starts after its dot (about one font size), not at its centre.
  const lead = g.fontSize * at(g.radius);
  // The ring's name sits across 12 o'clock: no text runs in [360 - zone, 360 + zone).
  const zone = g.nameWidth ? (g.nameWidth / 2 + 4) * at(Math.min(g.radius, g.groupRadius) - g.fontSize) : 0;
  const bound = (to: number) => (to + 1 < list.length ? list[to + 1].angle : list[0].angle + 360);
  const labelOf = (from: number, to: number) => {
    const first = list[from];
    const single = from === to;
    const radius = single ? g.radius : g.groupRadius;
    const start = Math.max(first.angle + (single ? lead : 0), zone);
    // Text is measured along its baseline, a little inside its centre line (see BASELINE_EM).
    const charDeg = g.fontSize * CHAR_WIDTH_EM * at(radius - g.fontSize * BASELINE_EM);
    // A single event's label may run along its whole arc, a one-day one's up to a month; a group's up to the next label.
    const limit = single ? Math.max(MAX_LABEL_DEG, (first.endAngle ?? first.angle) - first.angle) : 360;
    const pathEnd = Math.min(first.angle + Math.min(bound(to) - first.angle, limit), 360 - zone) - LABEL_GAP_DEG;
    // A marker under the name starts no text of its own: it joins the run before it.
    const maxChars = first.angle >= 360 - zone ? 0 : Math.floor((pathEnd - start) / charDeg);
    const titles = list.slice(from, to + 1).map((m) => m.title);
    const text = maxChars > 0 ? runLabel(titles, maxChars, g.locale) : '';
    return { text, radius, start, end: start + Array.from(text).length * charDeg, pathEnd };
  };
  const runs: { from: number; to: number }[] = [];

  for (let from = 0; from < list.length;) {
    let to = from;
    while (to + 1 < list.length && !labelOf(from, to).text) to++;
    runs.push({ from, to });
    from = to + 1;
  }
  // The last run may still lack room (it ends where the first begins): merge it into the run before it.
  while (runs.length > 1 && !labelOf(runs.at(-1)!.from, runs.at(-1)!.to).text) {
    const last = runs.pop()!;
    runs[runs.length - 1].to = last.to;
  }

  return runs.map(({ from, to }) => {
    const { text, radius, start, end, pathEnd } = labelOf(from, to);
    const first = list[from].angle;
    const lastEnd = Math.max(...list.slice(from, to + 1).map((m) => m.endAngle ?? m.angle));
    const hitStart = first - lead / 2;
    return {
      ring: g.ring,
      radius,
      members: list.slice(from, to + 1).map((m) => ({ eventId: m.eventId, date: m.date })),
      text,
      textStartAngle: start,
      textEndAngle: end,
      pathEndAngle: pathEnd,
      hitStartAngle: hitStart,
      hitEndAngle: Math.max(end, lastEnd, hitStart + MIN_TARGET_PX * at(g.radius)),
    };
  });
}
