import { buildCard, type AdaptiveCardJson } from './build-card';
import { fmt, safeUrl, verbatim } from './escape';
import { clip, formatDate } from './format';
import { cardStrings, type CardLocale } from './strings';

export interface ClockReminderCardData {
  eventTitle: string;
  accountName: string;
  /** YYYY-MM-DD of the occurrence. */
  date: string;
  daysUntil: number;
  /** Deep link to the account's annual-clock tab. */
  url?: string;
}

/** Personal-chat reminder to an annual-clock event's owner, some days before the occurrence. */
export function clockReminderCard(data: ClockReminderCardData, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale].clockReminder;
  const when = data.daysUntil <= 0 ? s.today : data.daysUntil === 1 ? s.tomorrow : fmt(s.days, { count: data.daysUntil }).value;
  return buildCard(
    'clock-reminder',
    {
      title: verbatim(s.title),
      text: verbatim(s.text),
      eventLabel: verbatim(s.event),
      event: clip(data.eventTitle, 200),
      accountLabel: verbatim(s.account),
      account: clip(data.accountName, 200),
      dateLabel: verbatim(s.date),
      date: fmt(s.inDays, { date: formatDate(data.date, locale), when: verbatim(when) }),
      url: verbatim(safeUrl(data.url) ?? ''),
      openTitle: verbatim(s.open),
    },
    locale,
  );
}

/**
 * Teams deep link to a channel tab (Teams docs "Create deep links to an application":
 * /l/entity/{appId}/{entityId}?context={"channelId":…}); the sync names the tab `annual-clock:<id>`.
 */
export function annualClockTabLink(
  teamsAppId: string | undefined,
  customerId: string,
  channelId: string | null | undefined,
): string | undefined {
  if (!teamsAppId || !channelId) return undefined;
  const context = encodeURIComponent(JSON.stringify({ channelId }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${encodeURIComponent(`annual-clock:${customerId}`)}?context=${context}`;
}
