import type { CompletionIndex } from './completion';
import { isDone } from './completion';
import { addDays, daysInMonth, parseLocalDate, type LocalDate } from './local-date';
import { planningYearRange } from './recurrence';

export const MONTH_NAMES = {
  fi: [
    'tammikuu',
    'helmikuu',
    'maaliskuu',
    'huhtikuu',
    'toukokuu',
    'kesäkuu',
    'heinäkuu',
    'elokuu',
    'syyskuu',
    'lokakuu',
    'marraskuu',
    'joulukuu',
  ],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fiShort: ['tammi', 'helmi', 'maalis', 'huhti', 'touko', 'kesä', 'heinä', 'elo', 'syys', 'loka', 'marras', 'joulu'],
  enShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;

const MONTH_DEG = 30;
// Average glyph advance of a proportional UI font, as a share of the font size (conservative).
const CHAR_WIDTH_EM = 0.6;
// Longest arc a label may take, so one lone event does not write across half the year.
const MAX_LABEL_DEG = MONTH_DEG;
const LABEL_GAP_DEG = 1;
// Fewer characters than this read as stubs ("Laa", "L"): such a marker gets no text of its own, and
// the next marker that has room says how many it stands for ("Laatukäynti +1").
const MIN_LABEL_CHARS = 8;

export interface WheelItem {
  /** `durationDays` > 1: each occurrence is drawn as an arc from its first to its last day. */
  event: { id: string; title: string; ring: string; durationDays?: number };
  occurrences: readonly LocalDate[];
}

export interface WheelInput {
  yearStartMonth: number;
  year: number;
  rings: readonly string[];
  items: readonly WheelItem[];
  /** Width = height of the square SVG in px. */
  size: number;
  today?: LocalDate;
  fontSize?: number;
  done?: CompletionIndex;
}

export interface MonthSector {
  month: number;
  year: number;
  startAngle: number;
  endAngle: number;
  midAngle: number;
  label: { fi: string; en: string; fiShort: string; enShort: string };
}

export interface RingBand {
  id: string;
  innerRadius: number;
  outerRadius: number;
  midRadius: number;
}

export interface WheelMarker {
  eventId: string;
  date: LocalDate;
  ring: string;
  /** Centre of the occurrence's day. */
  angle: number;
  /**
   * For an event that lasts several days: the centre of its last day (clamped to the wheel's year), so
   * the arc angle..endAngle covers it; null for a one-day event.
   */
  endAngle: number | null;
  x: number;
  y: number;
  radius: number;
  /** The arc the label may use: from the marker up to the next marker on the same ring. */
  labelStartAngle: number;
  labelEndAngle: number;
  /**
   * Title cut to fit the arc at a word boundary where it can ("…" when cut), followed by "+N" when N
   * markers just before it had no room for a readable label; "" when it has no room either (details
   * show on tap).
   */
  label: string;
  title: string;
  done: boolean;
}

export interface WheelLayout {
  size: number;
  center: { x: number; y: number };
  months: MonthSector[];
  monthBand: { innerRadius: number; outerRadius: number };
  rings: RingBand[];
  markers: WheelMarker[];
  /** null when today is outside the wheel's year. */
  todayAngle: number | null;
}

/** Degrees clockwise from 12 o'clock to SVG coordinates (y grows downwards). */
export function polarToCartesian(cx: number, cy: number, r: number, angleDeg: number): { x: number; y: number } {
  const rad = (angleDeg * Math.PI) / 180;
  return { x: cx + r * Math.sin(rad), y: cy - r * Math.cos(rad) };
}

/** SVG path of a clockwise arc, e.g. for <textPath> labels and ring sectors. */
export function arcPath(cx: number, cy: number, r: number, startDeg: number, endDeg: number): string {
  const a = polarToCartesian(cx, cy, r, startDeg);
  const b = polarToCartesian(cx, cy, r, endDeg);
  const large = endDeg - startDeg > 180 ? 1 : 0;
  const f = (n: number) => Number(n.toFixed(2));
  return `M ${f(a.x)} ${f(a.y)} A ${f(r)} ${f(r)} 0 ${large} 1 ${f(b.x)} ${f(b.y)}`;
}

/** Month i of the planning year spans [i*30°, (i+1)*30°); a day sits proportionally inside it. */
export function angleOfDate(date: LocalDate, yearStartMonth: number): number {
  const { year, month, day } = parseLocalDate(date);
  const index = (month - yearStartMonth + 12) % 12;
  return (index + (day - 0.5) / daysInMonth(year, month)) * MONTH_DEG;
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

/** Cuts at the last word boundary that fits, if that keeps at least MIN_LABEL_CHARS; else as fitLabel. */
function fitWords(text: string, maxChars: number): string {
  const cut = fitLabel(text, maxChars);
  if (!cut.endsWith('…')) return cut;
  const words = cut.slice(0, -1).split(/\s+/);
  const whole = words.slice(0, -1).join(' ');
  return Array.from(whole).length >= MIN_LABEL_CHARS - 1 ? `${whole}…` : cut;
}

/** A readable label for a marker that also stands for `before` unlabelled markers, or "". */
function groupLabel(title: string, before: number, maxChars: number): string {
  const suffix = before > 0 ? ` +${before}` : '';
  const room = maxChars - suffix.length;
  const whole = Array.from(title).length;
  if (room < Math.min(whole, MIN_LABEL_CHARS)) return '';
  return fitWords(title, room) + suffix;
}

export function wheelLayout(input: WheelInput): WheelLayout {
  const { yearStartMonth, year, size } = input;
  const { from, to } = planningYearRange({ yearStartMonth, year });
  const cx = size / 2;
  const cy = size / 2;
  const outer = size / 2 - size * 0.02;
  const monthInner = outer * 0.88;
  const hole = outer * 0.22;
  const fontSize = input.fontSize ?? Math.max(9, size * 0.022);

  const months: MonthSector[] = Array.from({ length: 12 }, (_, i) => {
    const month = ((yearStartMonth - 1 + i) % 12) + 1;
    return {
      month,
      year: month >= yearStartMonth ? year : year + 1,
      startAngle: i * MONTH_DEG,
      endAngle: (i + 1) * MONTH_DEG,
      midAngle: i * MONTH_DEG + MONTH_DEG / 2,
      label: {
        fi: MONTH_NAMES.fi[month - 1],
        en: MONTH_NAMES.en[month - 1],
        fiShort: MONTH_NAMES.fiShort[month - 1],
        enShort: MONTH_NAMES.enShort[month - 1],
      },
    };
  });

  // First ring outermost: it has the longest arcs, and supervisors (the default first ring) have the most events.
  const width = input.rings.length > 0 ? (monthInner - hole) / input.rings.length : 0;
  const rings: RingBand[] = input.rings.map((id, i) => {
    const outerRadius = monthInner - i * width;
    return { id, outerRadius, innerRadius: outerRadius - width, midRadius: outerRadius - width / 2 };
  });
  const ringById = new Map(rings.map((r) => [r.id, r]));

  const perRing = new Map<string, Omit<WheelMarker, 'labelStartAngle' | 'labelEndAngle' | 'label'>[]>();
  for (const item of input.items) {
    const band = ringById.get(item.event.ring);
    if (!band) continue;
    for (const date of item.occurrences) {
      if (date < from || date > to) continue;
      const angle = angleOfDate(date, yearStartMonth);
      const p = polarToCartesian(cx, cy, band.midRadius, angle);
      const days = item.event.durationDays ?? 1;
      const last = addDays(date, days - 1);
      const endAngle = days > 1 ? (last > to ? 360 : angleOfDate(last, yearStartMonth)) : null;
      const list = perRing.get(band.id) ?? [];
      list.push({
        eventId: item.event.id,
        date,
        ring: band.id,
        angle,
        endAngle,
        x: p.x,
        y: p.y,
        radius: band.midRadius,
        title: item.event.title,
        done: input.done !== undefined && isDone(input.done, item.event.id, date),
      });
      perRing.set(band.id, list);
    }
  }

  const markers: WheelMarker[] = [];
  for (const list of perRing.values()) {
    list.sort((a, b) => a.angle - b.angle || a.title.localeCompare(b.title, 'fi'));
    let unlabelled = 0;
    list.forEach((m, i) => {
      const next = i + 1 < list.length ? list[i + 1].angle : list[0].angle + 360;
      // An arc's label may run along the whole arc; a one-day marker's up to a month.
      const limit = m.endAngle !== null ? Math.max(MAX_LABEL_DEG, m.endAngle - m.angle) : MAX_LABEL_DEG;
      const span = Math.max(0, Math.min(next - m.angle, limit) - LABEL_GAP_DEG);
      // The text starts after the marker's dot (about one font size), not at its centre.
      const arcLength = (span * Math.PI * m.radius) / 180 - fontSize;
      const maxChars = Math.floor(arcLength / (fontSize * CHAR_WIDTH_EM));
      const label = groupLabel(m.title, unlabelled, maxChars);
      unlabelled = label ? 0 : unlabelled + 1;
      markers.push({ ...m, labelStartAngle: m.angle, labelEndAngle: m.angle + span, label });
    });
  }
  markers.sort((a, b) => a.angle - b.angle || a.ring.localeCompare(b.ring));

  const todayAngle =
    input.today !== undefined && input.today >= from && input.today <= to ? angleOfDate(input.today, yearStartMonth) : null;
  return { size, center: { x: cx, y: cy }, months, monthBand: { innerRadius: monthInner, outerRadius: outer }, rings, markers, todayAngle };
}
