import { cardBytes, feedbackReplyCard, MAX_CARD_BYTES, qualityInstructionCard, surveyReminderCard, type CardLocale } from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { cardText } from '../messaging/fixture';
import { libraryProblems } from './render-helpers';

const cards = (locale: CardLocale) =>
  [
    [
      'quality instruction',
      qualityInstructionCard(
        {
          kind: 'instruction',
          accountName: 'Etelä Koulut Oyj',
          authorName: 'Johanna Johtaja',
          periodLabel: '1–8/2020',
          text: 'Sovi laatukierros <at>Tampere</at> [tästä](https://evil.example)',
          url: 'https://teams.microsoft.com/l/entity/app/quality-card%3A100001',
        },
        locale,
      ),
    ],
    [
      'quality comment',
      qualityInstructionCard(
        { kind: 'comment', accountName: 'Etelä Koulut Oyj', authorName: 'J', periodLabel: '8/2020', text: 'Hyvä kuukausi' },
        locale,
      ),
    ],
    [
      'feedback reply',
      feedbackReplyCard(
        {
          accountName: 'Etelä Koulut Oyj',
          ownerName: 'Anna Asiakkuus',
          repliedAt: '2026-11-24T10:00:00Z',
          feedback: 'Avaimet ${hukassa}',
          reply: 'Uudet avaimet maanantaina',
          status: 'in-progress',
        },
        locale,
      ),
    ],
    [
      'survey reminder',
      surveyReminderCard({ accountName: 'Etelä Koulut Oyj', year: 2026, url: 'https://link.webropol.com/s/kysely' }, locale),
    ],
  ] as const;

describe.each<CardLocale>(['fi', 'en'])('monthly-loop and feedback cards in %s', (locale) => {
  it.each(cards(locale))('%s is a valid Adaptive Card 1.5 under 28 KB that the library renders', (_name, card) => {
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.version).toBe('1.5');
    expect(libraryProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it('user text stays inert (no mention, link or template expression)', () => {
    const [[, instruction], , [, reply]] = cards(locale);
    const text = JSON.stringify(instruction);
    expect(text).not.toContain('<at>');
    expect(text).not.toContain('](https://evil');
    expect(JSON.stringify(reply)).not.toContain('${hukassa}');
    expect(instruction.msteams?.entities).toBeUndefined();
  });
});

it('says the same things in Finnish and English, in different words', () => {
  const fi = cards('fi');
  const en = cards('en');
  expect(cardText(fi[0][1])).toContain('Johtoryhmän ohje: Etelä Koulut Oyj');
  expect(cardText(en[0][1])).toContain('Management instruction: Etelä Koulut Oyj');
  expect(cardText(fi[0][1])).toContain('Johanna Johtaja · laatukortti 1–8/2020');
  expect(cardText(fi[2][1])).toContain('Tila: käsittelyssä');
  expect(cardText(en[2][1])).toContain('Status: in progress');
  expect(JSON.stringify(fi[3][1])).toContain('https://link.webropol.com/s/kysely');
  for (let i = 0; i < fi.length; i++) expect(JSON.stringify(fi[i][1])).not.toEqual(JSON.stringify(en[i][1]));
});
