import { addMentions, helpCard, mentionEntities, urgentNoticeCard, type AdaptiveCardJson } from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { notice } from './fixtures';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('validateCard', () => {
  const good = urgentNoticeCard(notice, { kind: 'recipient' }, 'fi');

  it('accepts a real card including its msteams extension', () => {
    expect(validateCard(good)).toEqual({ valid: true, errors: [] });
  });

  it.each<[string, (c: AdaptiveCardJson) => unknown]>([
    ['an unknown element type', (c) => (c.body.push({ type: 'TextBloc', text: 'x' }), c)],
    ['a TextBlock without text', (c) => (c.body.push({ type: 'TextBlock' }), c)],
    ['an unknown property on an element', (c) => (((c.body[1] as Record<string, unknown>).colour = 'red'), c)],
    ['an unknown root property besides msteams', (c) => ({ ...c, speakText: 'x' })],
    ['a wrong root type', (c) => ({ ...c, type: 'HeroCard' })],
    ['Action.Execute with a non-string verb', (c) => (((c.actions![0] as Record<string, unknown>).verb = 42), c)],
    [
      'a mention whose text is not in the card',
      (c) => ({ ...c, msteams: { entities: [...c.msteams!.entities!, ...mentionEntities([{ id: 'x', name: 'Ei Kortilla' }])] } }),
    ],
    ['a mention without an id', (c) => (((c.msteams!.entities![0].mentioned as { id?: string }).id = ''), c)],
    ['a mention text that is not <at>…</at>', (c) => (((c.msteams!.entities![0] as { text: string }).text = 'Henna'), c)],
    ['msteams.width other than Full', (c) => ({ ...c, msteams: { ...c.msteams, width: 'Wide' } })],
    ['not an object', () => 'card'],
  ])('rejects %s', (_what, breakIt) => {
    const r = validateCard(breakIt(clone(good)));
    expect(r.valid).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it('names the faulty path in its errors', () => {
    const c = clone(helpCard('en'));
    (c.body[0] as Record<string, unknown>).size = 'Huge';
    const r = validateCard(c);
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toContain('/body/0');
  });
});

describe('addMentions', () => {
  it('puts each <at>Name</at> in the body with an entity pointing to the given id, and stays valid', () => {
    const who = [
      { id: 'e1f2a3b4-0000-4000-8000-000000000001', name: 'Henna Lahtinen' },
      { id: 'e1f2a3b4-0000-4000-8000-000000000002', name: 'Ville [Salo](https://evil.example)' },
      { id: 'e1f2a3b4-0000-4000-8000-000000000001', name: 'Henna Lahtinen' },
    ];
    const card = addMentions(helpCard('fi'), who, 'Huom.');
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.msteams!.entities!.map((e) => e.mentioned.id)).toEqual([who[0].id, who[1].id]);
    const last = card.body[card.body.length - 1] as { text: string };
    for (const e of card.msteams!.entities!) expect(last.text).toContain(e.text);
    expect(last.text).not.toMatch(/\]\(/);
    expect(helpCard('fi').msteams?.entities).toBeUndefined();
  });
});
