import { buildCard, type AdaptiveCardJson } from './build-card';
import { fmt, safeUrl, verbatim } from './escape';
import type { CardLocale } from './strings';

export const ONBOARDING_ACK_VERB = 'onboardingAck';
export const DIGEST_OFF_VERB = 'digestOff';
export const DIGEST_DAY_VERB = 'digestDay';

const S = {
  fi: {
    welcomeTitle: 'Tervetuloa – sinulle on avattu pääsy',
    welcomeIntro: 'Lue nämä perehdytykseen kuuluvat kohdat ja kuittaa kukin luetuksi.',
    reminderTitle: 'Muistutus: perehdytys on kesken',
    reminderIntro: 'Nämä kohdat ovat vielä lukematta.',
    rereadTitle: 'Päivitetty ohje: lue uudelleen',
    rereadIntro: 'Asiakkuuden omistaja pyytää lukemaan päivitetyn kohdan uudelleen.',
    progressTitle: 'Perehdytys',
    progressIntro: '',
    completeIntro: 'Kaikki kohdat on luettu. Kiitos!',
    progress: '{done}/{total} luettu',
    open: 'Avaa',
    ack: 'Luettu',
    openChannel: 'Avaa kanava',
    doneMark: '✓ {title}',
    andMore: '+{count} muuta',
    digestTitle: 'Viikkokooste',
    digestSubtitle: 'Viikko {week} · {count} asiakkuutta',
    digestEmpty: 'Ei avoimia asioita tällä viikolla.',
    digestHint: 'Kirjoita "kooste pois" lopettaaksesi tai "kooste perjantai" vaihtaaksesi päivää.',
    digestOff: 'Lopeta kooste',
    digestDay: 'Vaihda päivää',
    digestDayLabel: 'Koosteen päivä',
    digestSave: 'Tallenna',
    days: ['maanantai', 'tiistai', 'keskiviikko', 'torstai', 'perjantai', 'lauantai', 'sunnuntai'],
    sections: {
      notices: 'Kuittaamatta olevat tiedotteet',
      reds: 'Punaiset valot laatukortilla',
      events: 'Vuosikellon tapahtumat tällä ja ensi viikolla',
      joined: 'Liittyneet',
      left: 'Poistuneet',
      onboarding: 'Keskeneräinen perehdytys',
    },
  },
  en: {
    welcomeTitle: 'Welcome – you have been given access',
    welcomeIntro: 'Please read these onboarding items and mark each as read.',
    reminderTitle: 'Reminder: your onboarding is not complete',
    reminderIntro: 'These items are still unread.',
    rereadTitle: 'Updated: please read again',
    rereadIntro: 'The account owner asks you to read an updated item again.',
    progressTitle: 'Onboarding',
    progressIntro: '',
    completeIntro: 'Every item is read. Thank you!',
    progress: '{done}/{total} read',
    open: 'Open',
    ack: 'Mark as read',
    openChannel: 'Open channel',
    doneMark: '✓ {title}',
    andMore: '+{count} more',
    digestTitle: 'Weekly digest',
    digestSubtitle: 'Week {week} · {count} accounts',
    digestEmpty: 'Nothing open this week.',
    digestHint: 'Write "digest off" to stop it or "digest friday" to change its day.',
    digestOff: 'Turn off digest',
    digestDay: 'Change the day',
    digestDayLabel: 'Day of the digest',
    digestSave: 'Save',
    days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    sections: {
      notices: 'Notices waiting for your acknowledgement',
      reds: 'Red lights on quality cards',
      events: 'Annual clock: this and next week',
      joined: 'Joined',
      left: 'Left',
      onboarding: 'Onboarding not complete',
    },
  },
} as const;

export type OnboardingCardMode = 'welcome' | 'reminder' | 'reread' | 'progress';

export interface OnboardingCardItem {
  itemId: string;
  title: string;
  version: number;
  href?: string | null;
  done: boolean;
}

export interface OnboardingCardAccount {
  customerId: string;
  accountName: string;
  /** Why the person has access (the welcome's text); empty on later cards. */
  why?: string;
  channelUrl?: string;
  items: OnboardingCardItem[];
}

const MAX_ITEMS = 12;

/**
 * The onboarding checklist: each account with its must-read items, a link and a "read" button per
 * item (a ticked one shows ✓). The same card welcomes, reminds, asks to re-read, and replaces itself
 * after each tick.
 */
export function onboardingCard(mode: OnboardingCardMode, accounts: OnboardingCardAccount[], locale: CardLocale): AdaptiveCardJson {
  const s = S[locale];
  const cardAccounts = accounts.map((a) => a.customerId).join(',');
  const complete = accounts.every((a) => a.items.every((i) => i.done));
  const title = { welcome: s.welcomeTitle, reminder: s.reminderTitle, reread: s.rereadTitle, progress: s.progressTitle }[mode];
  const intro =
    mode === 'progress' && complete
      ? s.completeIntro
      : { welcome: s.welcomeIntro, reminder: s.reminderIntro, reread: s.rereadIntro, progress: s.progressIntro }[mode];
  return buildCard(
    'onboarding',
    {
      title: verbatim(title),
      intro: verbatim(intro),
      accounts: accounts.slice(0, 10).map((a) => {
        const shown = a.items.slice(0, MAX_ITEMS);
        const done = a.items.filter((i) => i.done).length;
        return {
          heading: a.accountName,
          why: a.why ?? '',
          progress: a.items.length > 0 ? fmt(s.progress, { done, total: a.items.length }) : '',
          items: shown.map((i) => {
            const href = safeUrl(i.href ?? undefined) ?? '';
            return {
              label: i.done ? fmt(s.doneMark, { title: i.title }) : i.title,
              href: verbatim(href),
              pending: !i.done,
              showActions: !i.done || href !== '',
              openTitle: verbatim(s.open),
              ackTitle: verbatim(s.ack),
              customerId: a.customerId,
              itemId: i.itemId,
              version: i.version,
              cardAccounts,
            };
          }),
          more: a.items.length > shown.length ? fmt(s.andMore, { count: a.items.length - shown.length }) : '',
          url: verbatim(safeUrl(a.channelUrl) ?? ''),
          openChannel: verbatim(s.openChannel),
        };
      }),
      more: accounts.length > 10 ? fmt(s.andMore, { count: accounts.length - 10 }) : '',
    },
    locale,
  );
}

export type DigestSectionKey = keyof (typeof S)['fi']['sections'];

export interface DigestCardData {
  isoWeek: string;
  /** The person's digest day now (1 = Monday), preselected in the day picker. */
  weekday?: number;
  accountCount: number;
  sections: Array<{ key: DigestSectionKey; lines: string[]; more: number }>;
}

/** The personal weekly digest across a person's accounts: only the sections with something in them. */
export function digestCard(data: DigestCardData, locale: CardLocale): AdaptiveCardJson {
  const s = S[locale];
  const sections = data.sections.filter((x) => x.lines.length > 0);
  return buildCard(
    'digest',
    {
      title: verbatim(s.digestTitle),
      subtitle: fmt(s.digestSubtitle, { week: data.isoWeek.replace(/^\d{4}-W0?/, ''), count: data.accountCount }),
      empty: verbatim(sections.length === 0 ? s.digestEmpty : ''),
      sections: sections.map((x) => ({
        heading: verbatim(s.sections[x.key]),
        lines: x.lines.map((text) => ({ text })),
        more: x.more > 0 ? fmt(s.andMore, { count: x.more }) : '',
      })),
      hint: verbatim(s.digestHint),
      offTitle: verbatim(s.digestOff),
      dayTitle: verbatim(s.digestDay),
      dayLabel: verbatim(s.digestDayLabel),
      saveTitle: verbatim(s.digestSave),
      weekday: verbatim(String(data.weekday ?? 1)),
      days: s.days.map((title, i) => ({ title: verbatim(title), value: verbatim(String(i + 1)) })),
    },
    locale,
  );
}
