import type { CompletionIndex } from './completion';
import { isDone } from './completion';
import { addDays, daysInMonth, parseLocalDate, type LocalDate } from './local-date';
import { planningYearRange } from './recurrence';
import { ringLabels, type LabelInput, type WheelLabel } from './wheel-labels';

export { fitLabel, type WheelLabel } from './wheel-labels';

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
  /** Width in px of each ring's name drawn across 12 o'clock (by ring id), which labels keep clear of. */
  ringNameWidths?: Readonly<Record<string, number>>;
  /** Language of the group labels ("3 tapahtumaa" / "3 events"); Finnish by default. */
  locale?: 'fi' | 'en';
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
  /** Radius of the ring's marker dots. */
  dotRadius: number;
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
  /** Index of the label in `labels` that names this marker (alone or in its group). */
  group: number;
  /** The occurrence began before the wheel's year: its arc is drawn from the year's start. */
  startsBefore: boolean;
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
  /** Every marker belongs to exactly one label; labels on a ring never overlap. */
  labels: WheelLabel[];
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
    const dotRadius = Math.max(4, Math.min(9, width * 0.16));
    return { id, outerRadius, innerRadius: outerRadius - width, midRadius: outerRadius - width / 2, dotRadius };
  });
  const ringById = new Map(rings.map((r) => [r.id, r]));

  const perRing = new Map<string, Omit<WheelMarker, 'group'>[]>();
  for (const item of input.items) {
    const band = ringById.get(item.event.ring);
    if (!band) continue;
    const days = item.event.durationDays ?? 1;
    for (const date of item.occurrences) {
      const last = addDays(date, days - 1);
      // An occurrence that began last year but lasts into this one is drawn from the year's start.
      if (last < from || date > to) continue;
      const startsBefore = date < from;
      const angle = startsBefore ? 0 : angleOfDate(date, yearStartMonth);
      const p = polarToCartesian(cx, cy, band.midRadius, angle);
      const endAngle = days > 1 ? (last > to ? 360 : angleOfDate(last, yearStartMonth)) : null;
      const list = perRing.get(band.id) ?? [];
      list.push({
        eventId: item.event.id,
        date,
        ring: band.id,
        angle,
        endAngle,
        startsBefore,
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
  const labels: WheelLabel[] = [];
  for (const band of rings) {
    const list = (perRing.get(band.id) ?? []).sort((a, b) => a.angle - b.angle || a.title.localeCompare(b.title, 'fi'));
    if (list.length === 0) continue;
    // A group's text runs beside the dots (towards the centre), inside its band as far as it can.
    const half = (band.outerRadius - band.innerRadius) / 2;
    const offset = Math.min(band.dotRadius + 2 + fontSize / 2, Math.max(0, half - fontSize / 2 + 2));
    const geometry = {
      ring: band.id,
      radius: band.midRadius,
      groupRadius: band.midRadius - offset,
      fontSize,
      locale: input.locale ?? 'fi',
      nameWidth: input.ringNameWidths?.[band.id],
    };
    // Labels take the ring's markers in order, each a contiguous run of them.
    let k = 0;
    for (const label of ringLabels(list as LabelInput[], geometry)) {
      const index = labels.push(label) - 1;
      for (let n = 0; n < label.members.length; n++) markers.push({ ...list[k++], group: index });
    }
  }
  markers.sort((a, b) => a.angle - b.angle || a.ring.localeCompare(b.ring));

  const todayAngle =
    input.today !== undefined && input.today >= from && input.today <= to ? angleOfDate(input.today, yearStartMonth) : null;
  return {
    size,
    center: { x: cx, y: cy },
    months,
    monthBand: { innerRadius: monthInner, outerRadius: outer },
    rings,
    markers,
    labels,
    todayAngle,
  };
}
