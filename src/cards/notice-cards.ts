import { AppError } from '../errors/app-error';
import { expandCard, buildCard, type AdaptiveCardJson } from './build-card';
import { fitList } from './card-size';
import { escapeInputValue, fmt, safeUrl, verbatim } from './escape';
import { clip, formatDateTime, type CardOptions } from './format';
import { mentionEntities, type Person } from './mentions';
import { cardStrings, type CardLocale } from './strings';
import { formatNoticeBody } from './notice-markdown';
import { noticeDialogStrings } from './notice-dialog-strings';

/**
 * Teams docs "User Specific Views" (Universal Actions): at most 60 users get their own view; in
 * conversations over 60 members only the listed `userIds` refresh automatically. The docs' example
 * lists Teams user ids (MRIs, "29:…"), so pass those here, not Entra object ids.
 */
const MAX_REFRESH_USER_IDS = 60;

export const NOTICE_VERBS = { ack: 'ack', refresh: 'refresh', withdraw: 'withdrawNotice', edit: 'editNotice' } as const;

export interface UrgentNoticeData {
  noticeId: string;
  title: string;
  body: string;
  author: Person;
  sentAt: string | Date;
  editedAt?: string | Date;
  /** People @mentioned (Entra object ids); each gets a real mention entity. */
  mentions: Person[];
  /** False: for information only, no Acknowledge button (default true). */
  ackRequired?: boolean;
  dueAt?: string | Date;
  /** A planned disruption or change: its start and end. */
  window?: { start: string | Date; end: string | Date };
  approvedBy?: Person;
}

/** Which per-user variant to render (the refresh handler picks it for the user who asked). */
export type UrgentNoticeView =
  | { kind: 'recipient'; acknowledgedAt?: string | Date }
  | { kind: 'author'; acknowledged: Array<{ person: Person; at: string | Date }>; pending: Person[] }
  | { kind: 'withdrawn'; withdrawnAt: string | Date };

export interface UrgentNoticeOptions extends CardOptions {
  /** Teams user ids (MRIs) whose clients refresh automatically (≤ 60); omit to let channels of ≤ 60 members refresh everyone. */
  refreshUserIds?: string[];
}

export function urgentNoticeCard(
  data: UrgentNoticeData,
  view: UrgentNoticeView,
  locale: CardLocale,
  opts: UrgentNoticeOptions = {},
): AdaptiveCardJson {
  const s = cardStrings[locale].notice;
  const tz = opts.timeZone;
  if (opts.refreshUserIds && opts.refreshUserIds.length > MAX_REFRESH_USER_IDS) {
    throw new AppError('BAD_INPUT', `refresh.userIds has ${opts.refreshUserIds.length} ids, at most ${MAX_REFRESH_USER_IDS} allowed`);
  }
  const withdrawn = view.kind === 'withdrawn';
  const d = noticeDialogStrings[locale];
  const ackRequired = data.ackRequired !== false;
  const people = withdrawn ? [] : mentionEntities(data.mentions);
  const acked = view.kind === 'author' ? [...view.acknowledged].sort((a, b) => a.person.name.localeCompare(b.person.name, locale)) : [];
  const pending = view.kind === 'author' ? [...view.pending].sort((a, b) => a.name.localeCompare(b.name, locale)) : [];
  const refresh = withdrawn
    ? undefined
    : {
        action: { type: 'Action.Execute' as const, verb: NOTICE_VERBS.refresh, data: { noticeId: data.noticeId } },
        ...(opts.refreshUserIds && opts.refreshUserIds.length > 0 ? { userIds: [...opts.refreshUserIds] } : {}),
      };
  const longest = Math.max(people.length, acked.length, pending.length);

  return fitList(longest, 200, (cap) => {
    const shown = people.slice(0, cap);
    const more = (n: number) => (n > cap ? fmt(cardStrings[locale].andMore, { count: n - cap }).value : '');
    const toLine =
      shown.length > 0
        ? verbatim(
            fmt(s.to, { mentions: verbatim(shown.map((m) => m.text).join(', ')) }).value +
              (more(people.length) ? ` ${more(people.length)}` : ''),
          )
        : '';
    const lists =
      view.kind === 'author'
        ? [
            {
              title: verbatim(s.pendingList),
              lines: pending.slice(0, cap).map((p) => ({ text: fmt('• {name}', { name: clip(p.name, 120) }) })),
              empty: verbatim(s.everyoneAcked),
              more: verbatim(more(pending.length)),
            },
            {
              title: verbatim(s.ackedList),
              lines: acked
                .slice(0, cap)
                .map((a) => ({ text: fmt('• {name} – {at}', { name: clip(a.person.name, 120), at: formatDateTime(a.at, locale, tz) }) })),
              empty: verbatim(s.nobodyAcked),
              more: verbatim(more(acked.length)),
            },
          ]
        : [];
    return expandCard(
      'urgent-notice',
      {
        noticeId: data.noticeId,
        headerStyle: verbatim(withdrawn ? 'emphasis' : 'attention'),
        icon: verbatim(withdrawn ? '🚫' : '🚨'),
        label: verbatim(withdrawn ? s.withdrawnTitle.toUpperCase() : s.urgent),
        labelColor: verbatim(withdrawn ? 'Default' : 'Attention'),
        title: clip(data.title, 300),
        fromLine: fmt(s.from, { name: clip(data.author.name, 120), date: formatDateTime(data.sentAt, locale, tz) }),
        editedLine: data.editedAt && !withdrawn ? fmt(s.edited, { date: formatDateTime(data.editedAt, locale, tz) }) : '',
        // Formatted text: bold, italic and lists are kept, everything else is inert (notice-markdown.ts).
        body: verbatim(formatNoticeBody(data.body)),
        windowLine: data.window
          ? fmt(d.window, { start: formatDateTime(data.window.start, locale, tz), end: formatDateTime(data.window.end, locale, tz) })
          : '',
        dueLine: data.dueAt && !withdrawn ? fmt(d.due, { date: formatDateTime(data.dueAt, locale, tz) }) : '',
        noAckLine: !ackRequired && !withdrawn ? verbatim(d.noAck) : '',
        approvedLine: data.approvedBy ? fmt(d.approvedBy, { name: clip(data.approvedBy.name, 120) }) : '',
        withdrawn,
        withdrawnText: withdrawn ? fmt(s.withdrawn, { date: formatDateTime(view.withdrawnAt, locale, tz) }) : '',
        toLine,
        pleaseAck: ackRequired && view.kind === 'recipient' && !view.acknowledgedAt ? verbatim(s.pleaseAck) : '',
        ackedText:
          view.kind === 'recipient' && view.acknowledgedAt ? fmt(s.acked, { date: formatDateTime(view.acknowledgedAt, locale, tz) }) : '',
        isAuthorView: view.kind === 'author',
        summary: view.kind === 'author' ? fmt(s.authorSummary, { acked: acked.length, total: acked.length + pending.length }) : '',
        lists,
        showAck: ackRequired && view.kind === 'recipient' && !view.acknowledgedAt,
        ackTitle: verbatim(s.ack),
        showWithdraw: view.kind === 'author',
        withdrawTitle: verbatim(s.withdraw),
        editTitle: verbatim(s.edit),
        editTitleLabel: verbatim(s.editTitleLabel),
        editBodyLabel: verbatim(s.editBodyLabel),
        editRequired: verbatim(s.editRequired),
        editSave: verbatim(s.editSave),
        // Input values are not rendered as markdown and come back to us: only template syntax is neutralised.
        editTitleValue: verbatim(view.kind === 'author' ? escapeInputValue(data.title, 300) : ''),
        editBodyValue: verbatim(view.kind === 'author' ? escapeInputValue(data.body, 4000) : ''),
      },
      locale,
      { entities: shown, refresh },
    );
  });
}

export interface NoticeRef {
  noticeId: string;
  title: string;
  accountName: string;
  sentAt: string | Date;
  /** Deep link to the channel message, if known. */
  url?: string;
}

/** Personal-chat reminder to someone who has not acknowledged; it carries its own Acknowledge button. */
export function reminderCard(data: NoticeRef, locale: CardLocale, opts: CardOptions = {}): AdaptiveCardJson {
  const s = cardStrings[locale].reminder;
  return buildCard(
    'reminder',
    {
      noticeId: data.noticeId,
      title: verbatim(s.title),
      text: fmt(s.text, {
        title: clip(data.title, 300),
        account: clip(data.accountName, 200),
        date: formatDateTime(data.sentAt, locale, opts.timeZone),
      }),
      ackTitle: verbatim(cardStrings[locale].notice.ack),
      url: verbatim(safeUrl(data.url) ?? ''),
      openTitle: verbatim(s.open),
    },
    locale,
  );
}

/** To a regional director: their people who still have not acknowledged. */
export function escalationCard(data: NoticeRef & { pending: Person[] }, locale: CardLocale, opts: CardOptions = {}): AdaptiveCardJson {
  const s = cardStrings[locale].escalation;
  const pending = [...data.pending].sort((a, b) => a.name.localeCompare(b.name, locale));
  return fitList(pending.length, 200, (cap) =>
    expandCard(
      'escalation',
      {
        title: verbatim(s.title),
        text: fmt(s.text, {
          title: clip(data.title, 300),
          account: clip(data.accountName, 200),
          date: formatDateTime(data.sentAt, locale, opts.timeZone),
        }),
        lines: pending.slice(0, cap).map((p) => ({ text: fmt('• {name}', { name: clip(p.name, 120) }) })),
        more: pending.length > cap ? fmt(cardStrings[locale].andMore, { count: pending.length - cap }) : '',
        url: verbatim(safeUrl(data.url) ?? ''),
        openTitle: verbatim(s.open),
      },
      locale,
    ),
  );
}
