import { buildCard, type AdaptiveCardJson } from './build-card';
import { fmt, safeUrl, verbatim } from './escape';
import { clip, formatDate, type CardOptions } from './format';
import type { CardLocale } from './strings';

/** Texts of the monthly quality-card loop's and the feedback handling's personal and channel cards. */
const STRINGS = {
  fi: {
    instructionTitle: 'Johtoryhmän ohje: {account}',
    commentTitle: 'Johtoryhmän kommentti: {account}',
    instructionFrom: '{name} · laatukortti {period}',
    instructionFooter: 'Ohje näkyy laatukortilla, kunnes merkitset sen tehdyksi.',
    openCard: 'Avaa laatukortti',
    replyTitle: 'Vastaus palautteeseesi: {account}',
    replyFrom: '{name} vastasi {date}',
    yourFeedback: 'Palautteesi',
    status: { new: 'Tila: uusi', 'in-progress': 'Tila: käsittelyssä', done: 'Tila: käsitelty' },
    surveyTitle: 'Käyttäjäkysely {year}: {account}',
    surveyText: 'Kerro, miten yhteistyö sujuu. Vastaaminen vie muutaman minuutin, ja vastaukset käsitellään nimettöminä.',
    surveyOpen: 'Vastaa kyselyyn',
  },
  en: {
    instructionTitle: 'Management instruction: {account}',
    commentTitle: 'Management comment: {account}',
    instructionFrom: '{name} · quality card {period}',
    instructionFooter: 'It stays on the quality card until you mark it done.',
    openCard: 'Open the quality card',
    replyTitle: 'A reply to your feedback: {account}',
    replyFrom: '{name} replied on {date}',
    yourFeedback: 'Your feedback',
    status: { new: 'Status: new', 'in-progress': 'Status: in progress', done: 'Status: done' },
    surveyTitle: 'User survey {year}: {account}',
    surveyText: 'Tell us how the cooperation works. Answering takes a few minutes and the answers are handled anonymously.',
    surveyOpen: 'Answer the survey',
  },
} as const;

export interface InstructionCardData {
  kind: 'comment' | 'instruction';
  accountName: string;
  authorName: string;
  /** "1–8/2020": the card's period as the management team names it. */
  periodLabel: string;
  text: string;
  /** Deep link to the account's quality-card tab. */
  url?: string;
}

/** Personal card to the account's owners when a director comments on or instructs about the month's card. */
export function qualityInstructionCard(d: InstructionCardData, locale: CardLocale): AdaptiveCardJson {
  const s = STRINGS[locale];
  const account = clip(d.accountName, 200);
  return buildCard(
    'quality-loop-note',
    {
      title: fmt(d.kind === 'instruction' ? s.instructionTitle : s.commentTitle, { account }),
      subtitle: fmt(s.instructionFrom, { name: clip(d.authorName, 200), period: d.periodLabel }),
      quoteLabel: '',
      quote: '',
      text: d.text,
      footer: d.kind === 'instruction' ? verbatim(s.instructionFooter) : '',
      url: verbatim(safeUrl(d.url) ?? ''),
      openTitle: verbatim(s.openCard),
    },
    locale,
  );
}

export interface FeedbackReplyCardData {
  accountName: string;
  ownerName: string;
  repliedAt: string;
  feedback: string;
  reply: string;
  status: 'new' | 'in-progress' | 'done';
}

/** Personal card to whoever gave feedback with `palaute`: the owner's reply and the handling status. */
export function feedbackReplyCard(d: FeedbackReplyCardData, locale: CardLocale, opts: CardOptions = {}): AdaptiveCardJson {
  const s = STRINGS[locale];
  return buildCard(
    'quality-loop-note',
    {
      title: fmt(s.replyTitle, { account: clip(d.accountName, 200) }),
      subtitle: fmt(s.replyFrom, { name: clip(d.ownerName, 200), date: verbatim(formatDate(d.repliedAt, locale, opts.timeZone)) }),
      quoteLabel: verbatim(s.yourFeedback),
      quote: clip(d.feedback, 1000),
      text: d.reply,
      footer: verbatim(s.status[d.status]),
      url: '',
      openTitle: '',
    },
    locale,
  );
}

export interface SurveyReminderCardData {
  accountName: string;
  year: number;
  url: string;
}

/** The yearly user-survey reminder posted in each account channel (the link is the configured survey). */
export function surveyReminderCard(d: SurveyReminderCardData, locale: CardLocale): AdaptiveCardJson {
  const s = STRINGS[locale];
  return buildCard(
    'quality-loop-note',
    {
      title: fmt(s.surveyTitle, { year: String(d.year), account: clip(d.accountName, 200) }),
      subtitle: verbatim(s.surveyText),
      quoteLabel: '',
      quote: '',
      text: '',
      footer: '',
      url: verbatim(safeUrl(d.url) ?? ''),
      openTitle: verbatim(s.surveyOpen),
    },
    locale,
  );
}

/**
 * Teams deep link to an account's quality-card tab (Teams docs "Create deep links to an application":
 * /l/entity/{appId}/{entityId}?context={"channelId":…}); the sync names the tab `quality-card:<id>`.
 */
export function qualityCardTabLink(
  teamsAppId: string | undefined,
  customerId: string,
  channelId: string | null | undefined,
): string | undefined {
  if (!teamsAppId || !channelId) return undefined;
  const context = encodeURIComponent(JSON.stringify({ channelId }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${encodeURIComponent(`quality-card:${customerId}`)}?context=${context}`;
}
