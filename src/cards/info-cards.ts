import { AppError, genericUserMessage } from '../errors/app-error';
import { buildCard, expandCard, type AdaptiveCardJson } from './build-card';
import { fitList } from './card-size';
import { fmt, safeUrl, verbatim } from './escape';
import { clip, formatDateTime, type CardOptions } from './format';
import type { Person } from './mentions';
import type { AccessReason } from '../domain/access-reason';
import { COMMAND_SYNONYMS, cardStrings, type CardLocale, type RefusalAction } from './strings';

export function helpCard(locale: CardLocale, opts: { isAdmin?: boolean } = {}): AdaptiveCardJson {
  const s = cardStrings[locale].help;
  const other: CardLocale = locale === 'fi' ? 'en' : 'fi';
  // Each command by its lead word, then every other word that reaches it: this language's, then the other's.
  const commands = s.commands
    .filter(([key]) => key !== 'sync' || opts.isAdmin !== false)
    .map(([key, text]) => {
      const [word, ...same] = COMMAND_SYNONYMS[key][locale];
      const also = [
        ...(same.length ? [fmt(s.also, { words: same.join(', ') })] : []),
        fmt(s.inOther, { words: COMMAND_SYNONYMS[key][other].join(', ') }),
      ];
      return { word: verbatim(word), text: verbatim(text), also: verbatim(also.map((a) => a.value).join(' · ')) };
    });
  return buildCard('help', { title: verbatim(s.title), intro: verbatim(s.intro), commands }, locale);
}

export interface WelcomeCardData {
  accountName: string;
  owner?: Person;
  /** Links to the channel's tabs (annual clock, quality card, table of contents); non-http(s) links are dropped. */
  tabs?: Array<{ title: string; url: string }>;
}

export function welcomeCard(data: WelcomeCardData, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale].welcome;
  const tabs = (data.tabs ?? [])
    .map((t) => ({ title: clip(t.title, 60), url: safeUrl(t.url) }))
    .filter((t): t is { title: string; url: string } => t.url !== undefined)
    .slice(0, 6)
    .map((t) => ({ title: t.title, url: verbatim(t.url) }));
  return buildCard(
    'welcome',
    {
      title: fmt(s.title, { account: clip(data.accountName, 200) }),
      purpose: fmt(s.purpose, { account: clip(data.accountName, 200) }),
      hasOwner: data.owner !== undefined,
      owner: data.owner ? fmt(s.owner, { owner: clip(data.owner.name, 200) }) : '',
      etiquetteTitle: verbatim(s.etiquetteTitle),
      etiquette: s.etiquette.map(([icon, text]) => ({ icon: verbatim(icon), text: verbatim(text) })),
      tabsTitle: verbatim(s.tabsTitle),
      tabs,
    },
    locale,
  );
}

/** `viewerIsOwner`: the refused person owns the account in question, so the help does not send them to "the owner". */
export function refusalCard(action: RefusalAction, locale: CardLocale, opts: { viewerIsOwner?: boolean } = {}): AdaptiveCardJson {
  const s = cardStrings[locale].refusal;
  return buildCard(
    'refusal',
    { title: verbatim(s.title), reason: verbatim(s.reasons[action]), help: verbatim(opts.viewerIsOwner ? s.helpOwner : s.help) },
    locale,
  );
}

/**
 * Shows only a user-safe message: an AppError's `userMessage`, or the generic text. Internal
 * messages and stack traces never reach the card; the correlation id lets support find the log.
 */
export function errorCard(data: { error?: unknown; userMessage?: string; correlationId?: string }, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale].error;
  const message =
    data.userMessage ?? (data.error instanceof AppError ? data.error.userMessage(locale) : genericUserMessage('INTERNAL', locale));
  return buildCard(
    'error',
    {
      title: verbatim(s.title),
      message,
      reference: data.correlationId ? fmt(s.reference, { id: clip(data.correlationId, 100) }) : '',
    },
    locale,
  );
}

export interface FeedbackCardData {
  accountName: string;
  from: Person;
  text: string;
  receivedAt: string | Date;
}

/** `owner`: the feedback delivered to the account's owner; `sender`: the thank-you to the sender. */
export function feedbackReceivedCard(
  data: FeedbackCardData,
  audience: 'owner' | 'sender',
  locale: CardLocale,
  opts: CardOptions = {},
): AdaptiveCardJson {
  const s = cardStrings[locale].feedback;
  const account = clip(data.accountName, 200);
  if (audience === 'sender') {
    return buildCard(
      'feedback-received',
      { title: verbatim(s.senderTitle), subtitle: fmt(s.senderText, { account }), feedback: '' },
      locale,
    );
  }
  return buildCard(
    'feedback-received',
    {
      title: fmt(s.ownerTitle, { account }),
      subtitle: fmt(s.ownerFrom, { name: clip(data.from.name, 200), date: formatDateTime(data.receivedAt, locale, opts.timeZone) }),
      feedback: data.text,
    },
    locale,
  );
}

/** The role a reason gives, in words, and its site's name when it is a site reason. */
function roleAndSite(locale: CardLocale, reason: AccessReason): { role: string; site?: string } {
  const s = cardStrings[locale];
  switch (reason.kind) {
    case 'site':
      return { role: s.roles[reason.role], site: reason.siteName || reason.siteId };
    case 'key_account_director':
      return { role: s.roles.key_account_director };
    default:
      return { role: s.otherAccess[reason.kind] };
  }
}

function roleLabel(locale: CardLocale, reason: AccessReason): string {
  const s = cardStrings[locale];
  const { role, site } = roleAndSite(locale, reason);
  return site ? fmt(s.whyAccess.reasonSite, { role, site: clip(site, 120) }).value : fmt(s.whyAccess.reasonRole, { role }).value;
}

export interface AccessGrantedCardData {
  accountName: string;
  reason: AccessReason;
  channelUrl?: string;
}

/** One channel: the account's title and why (the single-channel card). */
export function accessGrantedCard(data: AccessGrantedCardData, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale];
  const url = safeUrl(data.channelUrl);
  return buildCard(
    'access-granted',
    {
      title: fmt(s.accessGranted.title, { account: clip(data.accountName, 200) }),
      text: accessWhy(locale, data.reason),
      channels: [],
      more: '',
      url: verbatim(url ?? ''),
      openTitle: verbatim(s.accessGranted.open),
    },
    locale,
  );
}

/**
 * Every channel a person gained in one run, in one card: each account with why and a link
 * (shortened with "…and N more" to fit). One channel gives the single-channel card.
 */
export function accessGrantedListCard(channels: AccessGrantedCardData[], locale: CardLocale): AdaptiveCardJson {
  if (channels.length === 1) return accessGrantedCard(channels[0]!, locale);
  const s = cardStrings[locale];
  const sections = [...channels]
    .sort((a, b) => a.accountName.localeCompare(b.accountName, locale))
    .map((c) => ({
      heading: clip(c.accountName, 200),
      why: accessWhy(locale, c.reason),
      url: verbatim(safeUrl(c.channelUrl) ?? ''),
      openTitle: verbatim(s.accessGranted.open),
    }));
  return fitList(sections.length, 100, (shown) =>
    expandCard(
      'access-granted',
      {
        title: fmt(s.accessGranted.titleMany, { count: channels.length }),
        text: verbatim(s.accessGranted.intro),
        channels: sections.slice(0, shown),
        more: shown < sections.length ? fmt(s.andMore, { count: sections.length - shown }) : '',
        url: verbatim(''),
        openTitle: verbatim(s.accessGranted.open),
      },
      locale,
    ),
  );
}

export function accessWhy(locale: CardLocale, reason: AccessReason) {
  const s = cardStrings[locale];
  const { role, site } = roleAndSite(locale, reason);
  return site ? fmt(s.accessGranted.text, { site: clip(site, 200), role }) : fmt(s.accessGranted.textNoSite, { role });
}

export interface WhyAccessEntry {
  accountName: string;
  reasons: AccessReason[];
  /** The viewer owns this account: they are not told to contact the owner. */
  viewerIsOwner?: boolean;
}

export function whyAccessCard(data: WhyAccessEntry, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale].whyAccess;
  return buildCard(
    'why-access',
    { title: fmt(s.title, { account: clip(data.accountName, 200) }), countText: '', accounts: [whySection(data, locale, false)], more: '' },
    locale,
  );
}

/** Every account the viewer has access to, in one card (shortened with "…and N more" to fit). */
export function whyAccessListCard(entries: WhyAccessEntry[], locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale];
  const sorted = [...entries].sort((a, b) => a.accountName.localeCompare(b.accountName, locale));
  const sections = sorted.map((e) => whySection(e, locale, true));
  return fitList(sections.length, 200, (shown) =>
    expandCard(
      'why-access',
      {
        title: verbatim(s.whyAccess.titleAll),
        countText: fmt(s.whyAccess.countAll, { count: entries.length }),
        accounts: sections.slice(0, shown),
        more: shown < sections.length ? fmt(s.andMore, { count: sections.length - shown }) : '',
      },
      locale,
    ),
  );
}

function whySection(e: WhyAccessEntry, locale: CardLocale, withHeading: boolean) {
  const s = cardStrings[locale].whyAccess;
  const lines = e.reasons.slice(0, 50).map((r) => ({ text: verbatim(`• ${roleLabel(locale, r)}`) }));
  return {
    heading: withHeading ? clip(e.accountName, 200) : '',
    intro: verbatim(lines.length > 0 ? s.because : s.none),
    lines,
    note: verbatim(e.viewerIsOwner ? s.ownerNote : s.contact),
  };
}

export interface AccountChoiceData {
  /** The command word as the user typed it (shown) and its key (sent back with the choice). */
  commandWord: string;
  command: string;
  accounts: Array<{ customerId: string; name: string }>;
}

/** A searchable choice of the caller's own accounts; Choose sends `chooseAccount` with the command. */
export function accountChoiceCard(data: AccountChoiceData, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale].accountChoice;
  const choices = [...data.accounts]
    .sort((a, b) => a.name.localeCompare(b.name, locale))
    .slice(0, 300)
    .map((a) => ({ title: `${clip(a.name, 120)} (${a.customerId})`, value: a.customerId }));
  return buildCard(
    'account-choice',
    {
      title: verbatim(s.title),
      intro: fmt(s.intro, { command: clip(data.commandWord, 40) }),
      label: verbatim(s.label),
      placeholder: verbatim(s.placeholder),
      choose: verbatim(s.choose),
      command: data.command,
      choices,
    },
    locale,
  );
}

export interface MemberEntry {
  name: string;
  reasons: AccessReason[];
}

/** Members with their reasons; long lists end with "…and N more" so the card stays under 28 KB. */
export function membersCard(
  data: { accountName: string; members: MemberEntry[] },
  locale: CardLocale,
  opts: { maxShown?: number } = {},
): AdaptiveCardJson {
  const s = cardStrings[locale];
  const sorted = [...data.members].sort((a, b) => a.name.localeCompare(b.name, locale));
  const lines = sorted.map((m) => {
    const reasons = m.reasons.slice(0, 5).map((r) => roleLabel(locale, r));
    const extra = m.reasons.length > 5 ? ` (+${m.reasons.length - 5})` : '';
    return { text: verbatim(`• ${fmt('**{name}**', { name: clip(m.name, 120) }).value} – ${reasons.join('; ')}${extra}`) };
  });
  return fitList(lines.length, opts.maxShown ?? 200, (shown) =>
    expandCard(
      'members',
      {
        title: fmt(s.members.title, { account: clip(data.accountName, 200) }),
        countText: fmt(s.members.count, { count: data.members.length }),
        lines: lines.slice(0, shown),
        more: shown < lines.length ? fmt(s.andMore, { count: lines.length - shown }) : '',
      },
      locale,
    ),
  );
}

/** A wall between accounts refused a membership (to both accounts' owners). */
export interface WallNoteData {
  kind: 'wall';
  person: string;
  account: string;
  other: string;
  wall: string;
}

/** A manual addition is about to end (to the owner who made it). */
export interface ExpiryNoteData {
  kind: 'expiry';
  person: string;
  account: string;
  /** yyyy-mm-dd */
  date: string;
}

export function accessNoteCard(data: WallNoteData | ExpiryNoteData, locale: CardLocale): AdaptiveCardJson {
  const s = cardStrings[locale].accessNote;
  if (data.kind === 'wall') {
    return buildCard(
      'access-note',
      {
        title: verbatim(s.wallTitle),
        text: fmt(s.wallText, {
          person: clip(data.person, 120),
          account: clip(data.account, 120),
          other: clip(data.other, 120),
          wall: clip(data.wall, 80),
        }),
      },
      locale,
    );
  }
  const [y, m, d] = data.date.split('-').map(Number);
  const date = locale === 'fi' ? `${d}.${m}.${y}` : data.date;
  return buildCard(
    'access-note',
    { title: verbatim(s.expiryTitle), text: fmt(s.expiryText, { person: clip(data.person, 120), account: clip(data.account, 120), date }) },
    locale,
  );
}
