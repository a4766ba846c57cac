import { buildCard, type AdaptiveCardJson } from './build-card';
import { escapeInputValue, fmt, verbatim } from './escape';
import { clip, formatDateTime, type CardOptions } from './format';
import type { Person } from './mentions';
import { noticeDialogStrings } from './notice-dialog-strings';
import { formatNoticeBody } from './notice-markdown';
import type { CardLocale } from './strings';

/** Audiences of the dialog: the billing roles a notice can @mention, and everyone. */
export const NOTICE_AUDIENCES = ['supervisor', 'regional_director', 'manager', 'sales_manager', 'all'] as const;
/** The value of the "all accounts" choice (directors only). */
export const ALL_ACCOUNTS_VALUE = '*';

/** A date and a time as the dialog's Input.Date / Input.Time give them (local to APP_TIMEZONE). */
export interface LocalDateTimeInput {
  date: string;
  time: string;
}

export interface NoticeFormValues {
  title: string;
  body: string;
  /** Account ids, or [ALL_ACCOUNTS_VALUE]. */
  accounts: string[];
  audience: string[];
  ackRequired: boolean;
  due?: LocalDateTimeInput;
  sendAt?: LocalDateTimeInput;
  windowStart?: LocalDateTimeInput;
  windowEnd?: LocalDateTimeInput;
  approval: boolean;
}

export interface NoticeFormData {
  planId?: string;
  values: NoticeFormValues;
  /** The accounts this author may post to (a director also gets "all accounts"). */
  accountChoices: Array<{ value: string; title: string }>;
  errors: string[];
}

const input = (v: string | undefined, max = 4000) => verbatim(escapeInputValue(v ?? '', max));

/** The notice dialog's form (task module), prefilled with what was typed and the errors found. */
export function noticeFormCard(data: NoticeFormData, locale: CardLocale): AdaptiveCardJson {
  const d = noticeDialogStrings[locale];
  const v = data.values;
  const pair = (p: LocalDateTimeInput | undefined) => ({ date: input(p?.date, 10), time: input(p?.time, 5) });
  const due = pair(v.due);
  const send = pair(v.sendAt);
  const start = pair(v.windowStart);
  const end = pair(v.windowEnd);
  return buildCard(
    'notice-form',
    {
      planId: data.planId ?? '',
      intro: verbatim(d.intro),
      errorsTitle: verbatim(d.errorsTitle),
      errors: data.errors.map((e) => ({ text: verbatim(e) })),
      titleLabel: verbatim(d.titleLabel),
      bodyLabel: verbatim(d.bodyLabel),
      bodyHelp: verbatim(d.bodyHelp),
      required: verbatim(d.required),
      title: input(v.title, 300),
      body: input(v.body),
      accountsLabel: verbatim(d.accountsLabel),
      accountsPlaceholder: verbatim(d.accountsPlaceholder),
      accountsValue: input(v.accounts.join(','), 20000),
      accountChoices: data.accountChoices.map((c) => ({ value: input(c.value, 100), title: clip(c.title, 200) })),
      audienceLabel: verbatim(d.audienceLabel),
      audienceValue: input(v.audience.join(','), 200),
      audienceChoices: NOTICE_AUDIENCES.map((a) => ({ value: verbatim(a), title: verbatim(d.audience[a]) })),
      ackLabel: verbatim(d.ackLabel),
      ackValue: verbatim(v.ackRequired ? 'true' : 'false'),
      dueLabel: verbatim(d.dueLabel),
      sendAtLabel: verbatim(d.sendAtLabel),
      windowStartLabel: verbatim(d.windowStartLabel),
      windowEndLabel: verbatim(d.windowEndLabel),
      windowHelp: verbatim(d.windowHelp),
      timeLabel: verbatim(d.timeLabel),
      dueDate: due.date,
      dueTime: due.time,
      sendDate: send.date,
      sendTime: send.time,
      startDate: start.date,
      startTime: start.time,
      endDate: end.date,
      endTime: end.time,
      approvalLabel: verbatim(d.approvalLabel),
      approvalValue: verbatim(v.approval ? 'true' : 'false'),
      previewTitle: verbatim(d.preview),
    },
    locale,
  );
}

export interface NoticePreviewData {
  planId: string;
  /** The notice card exactly as it will be posted (urgentNoticeCard). */
  notice: AdaptiveCardJson;
  channels: string[];
  sendAt?: string | Date;
  approval: boolean;
  approverChoices: Person[];
  errors: string[];
}

/** The preview: the posted card's body as is, what it goes to and when, then Send / Back to edit. */
export function noticePreviewCard(data: NoticePreviewData, locale: CardLocale, opts: CardOptions = {}): AdaptiveCardJson {
  const d = noticeDialogStrings[locale];
  const shown = data.channels.slice(0, 30).map((c) => clip(c, 80));
  const names = shown.join(', ') + (data.channels.length > shown.length ? ` … (+${data.channels.length - shown.length})` : '');
  const card = buildCard(
    'notice-preview',
    {
      planId: data.planId,
      previewIntro: verbatim(d.previewIntro),
      channelsLine: fmt(d.previewChannels, { count: data.channels.length, names }),
      sendLine: data.sendAt
        ? fmt(d.previewSendAt, { date: formatDateTime(data.sendAt, locale, opts.timeZone) })
        : verbatim(d.previewSendNow),
      errorsTitle: verbatim(d.errorsTitle),
      errors: data.errors.map((e) => ({ text: verbatim(e) })),
      approval: data.approval,
      approverLabel: verbatim(d.approverLabel),
      errApprover: verbatim(d.errApprover),
      approverChoices: data.approverChoices.slice(0, 100).map((p) => ({ value: input(p.id, 100), title: clip(p.name, 120) })),
      sendTitle: verbatim(data.approval ? d.sendForApproval : data.sendAt ? d.schedule : d.send),
      backTitle: verbatim(d.back),
    },
    locale,
  );
  const slot = card.body.find((b) => (b as { id?: string }).id === 'noticePreview') as { items: unknown[] };
  slot.items = data.notice.body;
  card.msteams = { ...card.msteams, ...(data.notice.msteams?.entities ? { entities: data.notice.msteams.entities } : {}) };
  return card;
}

export type NoticePlanStatusView = 'draft' | 'awaiting-approval' | 'scheduled' | 'sent' | 'cancelled' | 'rejected';

export interface NoticePlanCardData {
  planId: string;
  title: string;
  body: string;
  author: Person;
  accounts: string[];
  status: NoticePlanStatusView;
  sendAt?: string | Date;
  window?: { start: string | Date; end: string | Date };
  approverName?: string;
  decidedBy?: string;
  decidedAt?: string | Date;
  sentAt?: string | Date;
}

/**
 * A notice on its way, in a personal chat: to the approver (`approver`: the notice with Approve /
 * Reject while it awaits them) or to the author (`author`: its state, with Cancel while it waits).
 */
export function noticePlanCard(
  data: NoticePlanCardData,
  view: 'approver' | 'author',
  locale: CardLocale,
  opts: CardOptions = {},
): AdaptiveCardJson {
  const d = noticeDialogStrings[locale];
  const tz = opts.timeZone;
  const at = (x: string | Date | undefined) => formatDateTime(x ?? new Date(), locale, tz);
  const waiting = data.status === 'awaiting-approval' || data.status === 'scheduled';
  const statusLine = (() => {
    switch (data.status) {
      case 'scheduled':
        return fmt(d.planScheduled, { date: at(data.sendAt) });
      case 'awaiting-approval':
        return fmt(d.planAwaiting, { name: clip(data.approverName ?? '', 120) });
      case 'sent':
        return view === 'approver' && data.decidedAt
          ? fmt(d.approvedByYou, { date: at(data.decidedAt) })
          : fmt(d.planSent, { date: at(data.sentAt) });
      case 'cancelled':
        return verbatim(d.planCancelled);
      case 'rejected':
        return view === 'approver'
          ? fmt(d.rejectedByYou, { date: at(data.decidedAt) })
          : fmt(d.planRejected, { name: clip(data.decidedBy ?? '', 120) });
      default:
        return verbatim('');
    }
  })();
  const names = data.accounts.slice(0, 30).map((c) => clip(c, 80));
  return buildCard(
    'notice-plan',
    {
      planId: data.planId,
      heading: view === 'approver' ? verbatim(d.approvalTitle) : fmt(d.planTitle, { title: clip(data.title, 200) }),
      intro:
        view === 'approver'
          ? fmt(d.approvalText, { author: clip(data.author.name, 120), accounts: names.join(', ') || '–' })
          : verbatim(''),
      showNotice: view === 'approver',
      title: clip(data.title, 300),
      windowLine: data.window ? fmt(d.window, { start: at(data.window.start), end: at(data.window.end) }) : '',
      body: verbatim(formatNoticeBody(data.body)),
      channelsLine: fmt(d.previewChannels, {
        count: data.accounts.length,
        names: names.join(', ') + (data.accounts.length > names.length ? ' …' : ''),
      }),
      statusLine,
      showApprove: view === 'approver' && data.status === 'awaiting-approval',
      approveTitle: verbatim(d.approve),
      rejectTitle: verbatim(d.reject),
      showCancel: view === 'author' && waiting,
      cancelTitle: verbatim(d.cancel),
    },
    locale,
  );
}

/** Posted to the channel when an announced disruption or change starts. */
export function noticeStartCard(
  data: { title: string; window: { start: string | Date; end: string | Date }; author: Person; sentAt: string | Date },
  locale: CardLocale,
  opts: CardOptions = {},
): AdaptiveCardJson {
  const d = noticeDialogStrings[locale];
  const tz = opts.timeZone;
  return buildCard(
    'notice-start',
    {
      label: verbatim(`⏰ ${d.startLabel}`),
      title: clip(data.title, 300),
      windowLine: fmt(d.window, { start: formatDateTime(data.window.start, locale, tz), end: formatDateTime(data.window.end, locale, tz) }),
      text: verbatim(d.startText),
      fromLine: fmt(noticeDialogStrings[locale].planSent, { date: formatDateTime(data.sentAt, locale, tz) }),
    },
    locale,
  );
}

/** The reply to `tiedote` / `notice` without text: a button that opens the notice dialog. */
export function noticeOpenCard(data: { customerId?: string }, locale: CardLocale): AdaptiveCardJson {
  const d = noticeDialogStrings[locale];
  return buildCard(
    'notice-open',
    {
      heading: verbatim(`🚨 ${d.openTitle}`),
      text: verbatim(d.openText),
      button: verbatim(d.openButton),
      customerId: input(data.customerId ?? '', 100),
    },
    locale,
  );
}
