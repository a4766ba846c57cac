import {
  MAX_CARD_BYTES,
  buildCard,
  verbatim,
  cardBytes,
  escalationCard,
  membersCard,
  removalApprovalCard,
  weeklyStatusCard,
  type AdaptiveCardJson,
} from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { members, people, weeklyData } from './fixtures';
import { allText, libraryProblems } from './render-helpers';

const LONG = 'Erittäin pitkä teksti ilman loppua, jossa on paljon sanoja. '.repeat(80);

function expectGood(card: AdaptiveCardJson): void {
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(validateCard(card)).toEqual({ valid: true, errors: [] });
  expect(libraryProblems(card)).toEqual([]);
}

/** Lines starting with "• " plus the N of "and N more" must account for every item. */
function shownPlusMore(card: AdaptiveCardJson, morePattern: RegExp): { shown: number; more: number } {
  const text = allText(card.body);
  const shown = (text.match(/^• /gm) ?? []).length;
  const m = text.match(morePattern);
  return { shown, more: m ? Number(m[1]) : 0 };
}

describe('long lists stay under 28 KB and say how many were left out', () => {
  it('members card with 200 members with long names', () => {
    const many = members(200).map((m) => ({ ...m, name: `${m.name} ${'Pitkänimi-'.repeat(8)}` }));
    const card = membersCard({ accountName: 'Etelä Koulut Oyj', members: many }, 'en');
    expectGood(card);
    const { shown, more } = shownPlusMore(card, /…and (\d+) more/);
    expect(shown).toBeGreaterThan(20);
    expect(more).toBeGreaterThan(0);
    expect(shown + more).toBe(200);
    expect(allText(card.body)).toContain('200 members');
  });

  it('members card with few members lists them all, sorted, with reasons', () => {
    const card = membersCard({ accountName: 'A', members: members(3).reverse() }, 'fi');
    const text = allText(card.body);
    const names = members(3)
      .map((m) => m.name)
      .sort((a, b) => a.localeCompare(b, 'fi'));
    const lines = text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines.map((l) => l.slice(4).split('**')[0])).toEqual(names);
    expect(lines[0]).toMatch(/esimies, kohde Etelä Kuopio \d/);
    expect(text).not.toContain('muuta');
  });

  it('weekly status with 200 joiners, long owner texts and many events', () => {
    const card = weeklyStatusCard(
      {
        ...weeklyData,
        owner: { ...weeklyData.owner!, stage: LONG, targetSchedule: LONG, nextWeek: LONG, needFromYou: LONG },
        joined: people(200).map((p) => p.name),
        left: people(150, 'l').map((p) => p.name),
        eventsThisWeek: Array.from({ length: 80 }, (_, i) => ({
          date: '2026-11-26',
          title: `${LONG.slice(0, 150)} ${i}`,
          owner: 'Anu Laaksonen',
        })),
      },
      'fi',
    );
    expectGood(card);
    expect(allText(card.body)).toMatch(/…ja \d+ muuta/);
  });

  it('removal approval with 1,000 removals', () => {
    const card = removalApprovalCard(
      {
        runId: 'run-1',
        removals: people(1000).map((p, i) => ({ accountName: `Asiakas ${i % 40}`, personName: p.name, reason: LONG.slice(0, 150) })),
        totalMemberships: 2300,
        limits: { maxShare: 0.1, maxCount: 50 },
      },
      'fi',
    );
    expectGood(card);
    const { shown, more } = shownPlusMore(card, /…ja (\d+) muuta/);
    expect(shown + more).toBe(1000);
    expect(allText(card.body)).toContain('poistaisi 1000 jäsenyyttä 2300 jäsenyydestä');
  });

  it('account approval with 1,000 held additions and 1,000 removals: both lists capped with "+N more"', () => {
    const card = removalApprovalCard(
      {
        runId: 'run-1',
        customerId: '100016',
        removals: people(1000).map((p) => ({ accountName: 'Asiakas', personName: p.name, reason: LONG.slice(0, 150) })),
        additions: people(1000).map((p) => ({ accountName: 'Asiakas', personName: p.name })),
        totalMemberships: 2300,
        limits: { maxShare: 0.1, maxCount: 50 },
        reasons: ['syy'],
      },
      'en',
    );
    expectGood(card);
    const text = allText(card.body);
    expect(text).toContain('would add 1000 and remove 1000 memberships');
    expect(text).toContain('Memberships to add');
    expect(text.match(/…and \d+ more/g)).toHaveLength(2);
    const action = JSON.stringify(card.actions);
    expect(action).toContain('"customerId":"100016"');
    expect(text).toContain('npm run sync -- --approve run-1 --account 100016');
  });

  it('escalation with 300 pending people', () => {
    const card = escalationCard(
      { noticeId: 'n', title: 'T', accountName: 'A', sentAt: '2026-11-25T06:30:00Z', pending: people(300) },
      'en',
    );
    expectGood(card);
    const { shown, more } = shownPlusMore(card, /…and (\d+) more/);
    expect(shown + more).toBe(300);
  });
});

it('a card that cannot be made small enough is refused, not sent', () => {
  const huge = verbatim('x'.repeat(MAX_CARD_BYTES));
  expect(() => buildCard('refusal', { title: huge, reason: 'r', help: 'h' }, 'fi')).toThrow(/over 28672/);
});
