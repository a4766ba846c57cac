import { MAX_CARD_BYTES, cardBytes, type CardLocale } from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { allCards } from './fixtures';
import { libraryProblems } from './render-helpers';

describe.each<CardLocale>(['fi', 'en'])('every card in %s', (locale) => {
  const cards = allCards(locale);

  it.each(cards)('%s is valid against the Adaptive Card 1.5 schema', (_name, card) => {
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.version).toBe('1.5');
    expect(card.msteams?.width).toBe('Full');
  });

  it.each(cards)('%s parses in the adaptivecards library without warnings', (_name, card) => {
    expect(libraryProblems(card)).toEqual([]);
  });

  it.each(cards)('%s is under 28 KB', (_name, card) => {
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});

it('Finnish and English cards differ (texts really are localised)', () => {
  const fi = allCards('fi');
  const en = allCards('en');
  for (let i = 0; i < fi.length; i++) expect(JSON.stringify(fi[i][1])).not.toEqual(JSON.stringify(en[i][1]));
});
