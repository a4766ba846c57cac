import type { CompletionIndex } from './completion';
import { isDone } from './completion';
import type { AnnualEvent, Occurrence } from './event';
import { addDays, assertTimeZone, type LocalDate } from './local-date';
import { agenda, sortOccurrences } from './recurrence';
import { resolvedOccurrences, type ExceptionIndex } from './exceptions';

export interface IcsOptions {
  calName: string;
  /** APP_TIMEZONE; all-day dates need no VTIMEZONE, but clients show it as the calendar's zone. */
  timeZone: string;
  now: Date;
  locale?: 'fi' | 'en';
  /** Ticked occurrences get a "✓ " prefix in SUMMARY, so the exported calendar shows progress. */
  done?: CompletionIndex;
  /** Domain part of UIDs; keep it fixed so re-imports update instead of duplicating. */
  uidDomain?: string;
  /** Owners' display names by lower-case address: people are shown by name, the address only when unknown. */
  ownerNames?: ReadonlyMap<string, string>;
  /** Single occurrences moved, renamed or cancelled (with a date range only). */
  exceptions?: ExceptionIndex;
}

interface IcsOccurrence extends Occurrence {
  /** Keeps the UID when the occurrence moves, so a re-imported calendar updates it. */
  seriesDate: LocalDate;
  title?: string;
  titleEn?: string;
}

function icsOccurrences(
  events: readonly AnnualEvent[],
  which: readonly Occurrence[] | { from: LocalDate; to: LocalDate },
  exceptions: ExceptionIndex | undefined,
): IcsOccurrence[] {
  if (!('from' in which)) return sortOccurrences([...which]).map((o) => ({ ...o, seriesDate: o.date }));
  if (!exceptions) return agenda(events, which.from, which.to).map((o) => ({ ...o, seriesDate: o.date }));
  const list = events.flatMap((e) => resolvedOccurrences(e, which.from, which.to, exceptions).map((o) => ({ eventId: e.id, ...o })));
  return sortOccurrences(list);
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** RFC 5545 3.3.11 TEXT escaping; other control characters are not allowed in TEXT, so they go. */
function escapeIcsText(s: string): string {
  return (
    s
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

export function unescapeIcsText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** RFC 5545 3.1: lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = out.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1; // continuation lines spend one octet on the space
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** Undoes folding; returns content lines (for tests and for importing calendars back). */
export function unfoldIcs(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l.length > 0);
}

function icsDate(d: LocalDate): string {
  return d.replace(/-/g, '');
}

function icsUtcStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function uidPart(s: string): string {
  return s.replace(/[^A-Za-z0-9._:-]/g, '_');
}

/**
 * An RFC 5545 calendar of all-day events, one VEVENT per occurrence (not an RRULE) so completion
 * and per-occurrence edits stay exact and every client renders the same days.
 * `which` is either explicit occurrences or a date range to expand.
 */
export function toIcs(
  events: readonly AnnualEvent[],
  which: readonly Occurrence[] | { from: LocalDate; to: LocalDate },
  options: IcsOptions,
): string {
  assertTimeZone(options.timeZone);
  const byId = new Map(events.map((e) => [e.id, e]));
  const occurrences = icsOccurrences(events, which, options.exceptions);

  const domain = options.uidDomain ?? 'account-channels';
  const stamp = icsUtcStamp(options.now);
  const en = options.locale === 'en';
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Account Channels//Annual clock//FI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeIcsText(options.calName)}`,
    `X-WR-CALNAME:${escapeIcsText(options.calName)}`,
    `X-WR-TIMEZONE:${options.timeZone}`,
  ];
  for (const o of occurrences) {
    const e = byId.get(o.eventId);
    if (!e) continue;
    // A renamed occurrence without an English title of its own reads its new Finnish one, not the series' English one.
    const enTitle = o.titleEn ?? (o.title ? undefined : e.titleEn);
    const title = (en ? enTitle : undefined) ?? o.title ?? e.title;
    const ticked = options.done !== undefined && isDone(options.done, e.id, o.seriesDate);
    const description = [
      (en ? e.descriptionEn : undefined) ?? e.description,
      `${en ? 'Owner' : 'Vastuuhenkilö'}: ${options.ownerNames?.get(e.ownerEmail.toLowerCase()) ?? e.ownerEmail}`,
      e.link,
    ]
      .filter(Boolean)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uidPart(e.id)}-${icsDate(o.seriesDate)}@${domain}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(o.date)}`,
      // DTEND of an all-day event is exclusive (RFC 5545 3.6.1): the day after the last one.
      `DTEND;VALUE=DATE:${icsDate(addDays(o.date, e.durationDays ?? 1))}`,
      `SUMMARY:${escapeIcsText(ticked ? `✓ ${title}` : title)}`,
      `DESCRIPTION:${escapeIcsText(description)}`,
      `CATEGORIES:${escapeIcsText(e.ring)}`,
      'TRANSP:TRANSPARENT',
    );
    // URL is a URI value (RFC 5545 3.8.4.6), not TEXT: backslash-escaping would break the link.
    // zod already limits links to http(s) URLs, which cannot hold CR/LF.
    if (e.link) lines.push(`URL:${e.link}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
