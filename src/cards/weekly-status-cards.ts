import { expandCard, buildCard, type AdaptiveCardJson } from './build-card';
import { fitList } from './card-size';
import { escapeInputValue, fmt, verbatim } from './escape';
import { clip, formatDate, formatDateTime, type CardOptions } from './format';
import { cardStrings, type CardLocale } from './strings';

/** The owner's part of the weekly status (viikkoviesti), edited in the task module. */
export interface WeeklyOwnerFields {
  stage: string;
  targetSchedule: string;
  /** Explicit estimated date of the next milestone, YYYY-MM-DD. */
  estimatedDate: string;
  nextWeek: string;
  needFromYou?: string;
}

export type WeeklyField = keyof WeeklyOwnerFields;

/** Input limits, shared by the form card and the server-side check of the submitted form. */
export const WEEKLY_FIELD_LIMITS: Record<Exclude<WeeklyField, 'estimatedDate'>, number> = {
  stage: 200,
  targetSchedule: 1000,
  nextWeek: 1500,
  needFromYou: 1000,
};

export interface AnnualClockEvent {
  /** YYYY-MM-DD or an ISO timestamp. */
  date: string;
  title: string;
  owner?: string;
}

export type TrafficLight = 'green' | 'yellow' | 'red' | 'unknown';

export interface WeeklyStatusCardData {
  customerId: string;
  accountName: string;
  /** ISO week, e.g. "2026-W48". */
  isoWeek: string;
  /** False when the owner did not update this week: the owner's part is omitted and a note says so. */
  ownerUpdated: boolean;
  owner?: WeeklyOwnerFields & { updatedBy?: string; updatedAt?: string | Date };
  eventsThisWeek: AnnualClockEvent[];
  eventsNextWeek: AnnualClockEvent[];
  urgentNotices: Array<{ title: string; sentAt: string | Date; acknowledged: number; total: number }>;
  joined: string[];
  left: string[];
  quality: Array<{ label: string; status: TrafficLight; note?: string }>;
  /** Shows the "Edit" button that opens the task module (default true). */
  editable?: boolean;
}

const LIGHT: Record<TrafficLight, string> = { green: '🟢', yellow: '🟡', red: '🔴', unknown: '⚪' };

export function weeklyStatusCard(data: WeeklyStatusCardData, locale: CardLocale, opts: CardOptions = {}): AdaptiveCardJson {
  const s = cardStrings[locale];
  const w = s.weekly;
  const tz = opts.timeZone;
  const o = data.ownerUpdated ? data.owner : undefined;
  const ownerFacts = o
    ? [
        { title: verbatim(w.stage), value: o.stage },
        { title: verbatim(w.targetSchedule), value: o.targetSchedule },
        { title: verbatim(w.estimatedDate), value: verbatim(formatDate(o.estimatedDate, locale, tz)) },
        { title: verbatim(w.nextWeek), value: o.nextWeek },
        ...(o.needFromYou?.trim() ? [{ title: verbatim(w.needFromYou), value: o.needFromYou }] : []),
      ]
    : [];
  const updatedBy =
    o && o.updatedBy && o.updatedAt
      ? fmt(w.updatedBy, { name: clip(o.updatedBy, 120), date: formatDateTime(o.updatedAt, locale, tz) })
      : '';

  const eventLine = (e: AnnualClockEvent) =>
    verbatim(
      `**${formatDate(e.date, locale, tz)}** ${fmt('{title}', { title: clip(e.title, 200) }).value}` +
        (e.owner ? ` – ${fmt(w.eventOwner, { owner: clip(e.owner, 120) }).value}` : ''),
    );
  const all = {
    eventsThisWeek: data.eventsThisWeek.map(eventLine),
    eventsNextWeek: data.eventsNextWeek.map(eventLine),
    notices: data.urgentNotices.map((n) =>
      verbatim(
        `🚨 ${fmt('**{title}**', { title: clip(n.title, 200) }).value} (${formatDate(n.sentAt, locale, tz)}) – ` +
          fmt(w.noticeAcks, { acked: n.acknowledged, total: n.total }).value,
      ),
    ),
    joined: data.joined.map((n) => fmt('• {name}', { name: clip(n, 120) })),
    left: data.left.map((n) => fmt('• {name}', { name: clip(n, 120) })),
    quality: data.quality.map((q) =>
      verbatim(
        `${LIGHT[q.status] ?? LIGHT.unknown} ${fmt('**{label}**', { label: clip(q.label, 120) }).value} – ${w.qualityStatus[q.status] ?? w.qualityStatus.unknown}` +
          (q.note ? `: ${fmt('{note}', { note: clip(q.note, 200) }).value}` : ''),
      ),
    ),
  };
  const section = (title: string, lines: ReturnType<typeof verbatim>[], empty: string, cap: number) => ({
    title: verbatim(title),
    lines: lines.slice(0, cap).map((text) => ({ text })),
    empty: verbatim(empty),
    more: lines.length > cap ? fmt(s.andMore, { count: lines.length - cap }) : '',
  });
  const longest = Math.max(0, ...Object.values(all).map((l) => l.length));
  return fitList(longest, 30, (cap) =>
    expandCard(
      'weekly-status',
      {
        title: fmt(w.title, { week: weekNumber(data.isoWeek), account: clip(data.accountName, 200) }),
        customerId: data.customerId,
        isoWeek: data.isoWeek,
        ownerUpdated: data.ownerUpdated,
        notUpdated: verbatim(w.notUpdated),
        ownerPartTitle: verbatim(w.ownerPart),
        ownerFacts,
        updatedBy,
        sections: [
          section(w.eventsThisWeek, all.eventsThisWeek, w.noEvents, cap),
          section(w.eventsNextWeek, all.eventsNextWeek, w.noEvents, cap),
          section(w.notices, all.notices, w.noNotices, cap),
          section(w.joined, all.joined, w.noChanges, cap),
          section(w.left, all.left, w.noChanges, cap),
          section(w.quality, all.quality, s.none, cap),
        ],
        editable: data.editable !== false,
        editTitle: verbatim(w.edit),
      },
      locale,
    ),
  );
}

export interface WeeklyStatusFormData {
  customerId: string;
  accountName: string;
  isoWeek: string;
  /** Last week's values (or the values just submitted, when re-showing the form with errors). */
  values?: Partial<WeeklyOwnerFields>;
  /** Earliest allowed estimated date, YYYY-MM-DD (e.g. today). */
  minDate?: string;
}

/** The task module's form, prefilled; Teams validates required fields and lengths before submitting. */
export function weeklyStatusFormCard(data: WeeklyStatusFormData, locale: CardLocale): AdaptiveCardJson {
  const f = cardStrings[locale].weeklyForm;
  const v = data.values ?? {};
  const tooLong = (max: number) => fmt(f.tooLong, { max });
  const estimated = v.estimatedDate && isIsoDate(v.estimatedDate) ? v.estimatedDate : '';
  const card = buildCard(
    'weekly-status-form',
    {
      title: fmt(f.title, { week: weekNumber(data.isoWeek), account: clip(data.accountName, 200) }),
      intro: verbatim(f.intro),
      customerId: data.customerId,
      isoWeek: data.isoWeek,
      minDate: verbatim(data.minDate && isIsoDate(data.minDate) ? data.minDate : ''),
      labels: Object.fromEntries(Object.entries(f).map(([k, t]) => [k, verbatim(t)])),
      values: {
        stage: verbatim(escapeInputValue(v.stage, WEEKLY_FIELD_LIMITS.stage)),
        targetSchedule: verbatim(escapeInputValue(v.targetSchedule, WEEKLY_FIELD_LIMITS.targetSchedule)),
        estimatedDate: verbatim(estimated),
        nextWeek: verbatim(escapeInputValue(v.nextWeek, WEEKLY_FIELD_LIMITS.nextWeek)),
        needFromYou: verbatim(escapeInputValue(v.needFromYou, WEEKLY_FIELD_LIMITS.needFromYou)),
      },
      limits: WEEKLY_FIELD_LIMITS,
      errors: {
        stage: verbatim(`${f.required} ${tooLong(WEEKLY_FIELD_LIMITS.stage).value}`),
        targetSchedule: verbatim(`${f.required} ${tooLong(WEEKLY_FIELD_LIMITS.targetSchedule).value}`),
        estimatedDate: verbatim(`${f.required} ${f.badDate}`),
        nextWeek: verbatim(`${f.required} ${tooLong(WEEKLY_FIELD_LIMITS.nextWeek).value}`),
        needFromYou: tooLong(WEEKLY_FIELD_LIMITS.needFromYou),
      },
    },
    locale,
  );
  // Empty optional properties are dropped rather than sent as "" (an empty `min`/`value` is not a date).
  for (const el of card.body as Array<Record<string, unknown>>) {
    for (const key of ['value', 'min']) if (el[key] === '') delete el[key];
  }
  return card;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export type WeeklyFormResult = { ok: true; value: WeeklyOwnerFields } | { ok: false; errors: Partial<Record<WeeklyField, string>> };

/** Server-side check of a submitted form (clients can be bypassed); messages are in the user's language. */
export function validateWeeklyStatusInput(raw: unknown, locale: CardLocale): WeeklyFormResult {
  const f = cardStrings[locale].weeklyForm;
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
  const errors: Partial<Record<WeeklyField, string>> = {};
  const value: WeeklyOwnerFields = {
    stage: text('stage'),
    targetSchedule: text('targetSchedule'),
    estimatedDate: text('estimatedDate'),
    nextWeek: text('nextWeek'),
    needFromYou: text('needFromYou') || undefined,
  };
  for (const k of ['stage', 'targetSchedule', 'nextWeek'] as const) {
    if (!value[k]) errors[k] = f.required;
    else if (value[k].length > WEEKLY_FIELD_LIMITS[k]) errors[k] = fmt(f.tooLong, { max: WEEKLY_FIELD_LIMITS[k] }).value;
  }
  if ((value.needFromYou?.length ?? 0) > WEEKLY_FIELD_LIMITS.needFromYou) {
    errors.needFromYou = fmt(f.tooLong, { max: WEEKLY_FIELD_LIMITS.needFromYou }).value;
  }
  if (!value.estimatedDate) errors.estimatedDate = f.required;
  else if (!isIsoDate(value.estimatedDate)) errors.estimatedDate = f.badDate;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** "2026-W49" → "49": people say "viikko 49", not the ISO form (which stays in the card's data). */
export function weekNumber(isoWeek: string): string {
  const m = /^\d{4}-W(\d{2})$/.exec(isoWeek);
  return m ? String(Number(m[1])) : clip(isoWeek, 20);
}
