import { MAX_CARD_BYTES, cardBytes, digestCard, onboardingCard, type AdaptiveCardJson, type CardLocale } from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { libraryProblems } from './render-helpers';

const accounts = [
  {
    customerId: '100016',
    accountName: 'Etelä Koulut Oyj',
    why: 'Kohde Kirkkokatu 22 · esimies',
    channelUrl: 'https://teams.microsoft.com/l/channel/19%3Aabc/Etel%C3%A4?groupId=g&tenantId=t',
    items: [
      { itemId: 't-rules', title: 'Asiakkaan säännöt', version: 1, href: 'https://example.com/rules', done: true },
      { itemId: 't-keys', title: 'Avaimet ja hälytykset', version: 2, href: null, done: false },
    ],
  },
  {
    customerId: '100428',
    accountName: 'Åbo Fastigheter Ab',
    items: [{ itemId: 'x', title: 'Perehdytysmateriaali', version: 1, done: false }],
  },
];
const many = Array.from({ length: 30 }, (_, i) => ({
  itemId: `i${i}`,
  title: `Ohje ${i}`,
  version: 1,
  href: `https://example.com/${i}`,
  done: i % 2 === 0,
}));

function cards(locale: CardLocale): Array<[string, AdaptiveCardJson]> {
  return [
    ['onboarding (welcome)', onboardingCard('welcome', accounts, locale)],
    ['onboarding (reminder)', onboardingCard('reminder', [accounts[0]!], locale)],
    ['onboarding (reread)', onboardingCard('reread', [accounts[1]!], locale)],
    [
      'onboarding (complete)',
      onboardingCard('progress', [{ ...accounts[0]!, items: accounts[0]!.items.map((i) => ({ ...i, done: true })) }], locale),
    ],
    ['onboarding (long list)', onboardingCard('welcome', [{ ...accounts[0]!, items: many }], locale)],
    [
      'digest',
      digestCard(
        {
          isoWeek: '2026-W48',
          accountCount: 4,
          sections: [
            { key: 'notices', lines: ['Vesivahinko — Etelä Koulut Oyj'], more: 3 },
            { key: 'reds', lines: ['Etelä Koulut Oyj: Laatuauditoinnin tulos'], more: 0 },
            { key: 'events', lines: ['2.12.2026 Johtoryhmä — Åbo Fastigheter Ab'], more: 0 },
            { key: 'joined', lines: ['Sanna Salo — Etelä Koulut Oyj'], more: 0 },
            { key: 'left', lines: [], more: 0 },
            { key: 'onboarding', lines: ['Etelä Koulut Oyj: 1/2'], more: 0 },
          ],
        },
        locale,
      ),
    ],
    ['digest (nothing)', digestCard({ isoWeek: '2026-W01', accountCount: 2, sections: [] }, locale)],
  ];
}

describe.each<CardLocale>(['fi', 'en'])('onboarding and digest cards in %s', (locale) => {
  it.each(cards(locale))('%s is valid Adaptive Card 1.5, parses without warnings and fits', (_name, card) => {
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.version).toBe('1.5');
    expect(libraryProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});

it('texts are localised, long lists are capped with "+N more", and ticked items lose their button', () => {
  const [fi, en] = [cards('fi'), cards('en')];
  for (let i = 0; i < fi.length; i++) expect(JSON.stringify(fi[i]![1])).not.toEqual(JSON.stringify(en[i]![1]));
  const long = JSON.stringify(cards('en')[4]![1]);
  expect(long).toContain('+18 more');
  expect(long.match(/"verb":"onboardingAck"/g)).toHaveLength(6); // the 12 shown, every other one ticked
  expect(JSON.stringify(cards('fi')[5]![1])).toContain('+3 muuta');
});

it('user text cannot become a link, mention or template expression', () => {
  const card = onboardingCard(
    'welcome',
    [
      {
        customerId: 'c',
        accountName: '<at>Boss</at> ${s.title}',
        items: [{ itemId: 'i', title: '[click](https://evil.example)', version: 1, done: false }],
      },
    ],
    'en',
  );
  const json = JSON.stringify(card);
  expect(json).not.toContain('<at>Boss');
  expect(json).not.toContain('](https://evil');
  expect(json).not.toContain('${s.title}');
  const digest = JSON.stringify(
    digestCard(
      { isoWeek: '2026-W48', accountCount: 2, sections: [{ key: 'notices', lines: ['<at>x</at> [a](https://evil.example)'], more: 0 }] },
      'fi',
    ),
  );
  expect(digest).not.toContain('<at>x');
  expect(digest).not.toContain('](https://evil');
});
