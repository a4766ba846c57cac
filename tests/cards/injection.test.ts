import fs from 'node:fs';
import path from 'node:path';
import {
  accessGrantedCard,
  escalationCard,
  escapeCardText,
  feedbackReceivedCard,
  membersCard,
  removalApprovalCard,
  urgentNoticeCard,
  weeklyStatusCard,
  weeklyStatusFormCard,
  welcomeCard,
  whyAccessCard,
  type AdaptiveCardJson,
} from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { notice, weeklyData } from './fixtures';
import { libraryProblems } from './render-helpers';

const ZWSP = /\u200B/g;
// Taken from the raw file: the formula contains an unquoted comma, so a CSV parser would split it.
const raw = fs.readFileSync(path.join(__dirname, '../../samples/billing/bad/11-injection.csv'), 'utf8');
const fromBilling = [/=HYPERLINK\([^)]*\)/, /<script>[^,]*/, /@SUM[^,]*/].map((re) => {
  const m = raw.match(re);
  if (!m) throw new Error(`sample no longer contains ${re}`);
  return m[0];
});
const crafted = [
  '[Kirjaudu tästä](https://evil.example/login)',
  '![pixel](https://evil.example/p.png)',
  '<at>Toimitusjohtaja</at>',
  'Matti</at><at>Kaikki',
  '${$root.s.appName} ${secret}',
  '{{DATE(2026-01-01T00:00:00Z, SHORT)}}',
  '[x][1]\n\n[1]: https://evil.example',
  '# Otsikko\n- lista',
  '<https://evil.example>',
];
const hostile = [...fromBilling, ...crafted];

/** Visible texts of the card, leaving out action URLs and data payloads. */
function shownTexts(card: AdaptiveCardJson): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (['text', 'value', 'title'].includes(key)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'data' && k !== 'msteams') walk(x, k);
  };
  walk(card.body);
  walk(card.actions);
  return out;
}

/** `lists`: the text is a notice body, where "- " and "1. " lines are its documented formatting. */
function expectInert(card: AdaptiveCardJson, mustStillRead: string[], opts: { lists?: boolean } = {}): void {
  expect(validateCard(card)).toEqual({ valid: true, errors: [] });
  expect(libraryProblems(card)).toEqual([]);
  const entityTexts = new Set((card.msteams?.entities ?? []).map((e) => e.text));
  const joined = shownTexts(card).join('\n');
  expect(joined).not.toMatch(/\]\s*\(/); // markdown link
  expect(joined).not.toMatch(/\]\s*\[/); // reference link
  expect(joined).not.toMatch(/!\[/); // image
  expect(joined).not.toContain('${'); // template expression
  expect(joined).not.toContain('{{'); // Teams date function
  expect(joined).not.toMatch(/:\/\//); // auto-linked URL
  expect(joined).not.toMatch(opts.lists ? /^\s*# /m : /^\s*[#-] /m); // heading / list injected at a line start
  // The only tags left are real mentions whose entity we created.
  for (const tag of joined.match(/<\/?[A-Za-z][^>]*>/g) ?? []) expect(tag === '<at>' || tag === '</at>').toBe(true);
  for (const m of joined.match(/<at>.*?<\/at>/g) ?? []) expect(entityTexts.has(m)).toBe(true);
  // Still readable: without the invisible breaks the user's text is all there.
  const plain = joined.replace(ZWSP, '');
  for (const s of mustStillRead) expect(plain).toContain(s.replace(/\s+/g, ' ').trim().slice(0, 40));
}

describe('user text from billing and users is inert in cards', () => {
  it.each(hostile)('member list with %j', (bad) => {
    const card = membersCard(
      { accountName: bad, members: [{ name: bad, reasons: [{ kind: 'site', role: 'supervisor', siteId: '1', siteName: bad, line: 2 }] }] },
      'fi',
    );
    expectInert(card, [bad]);
  });

  it.each(hostile)('urgent notice with %j in title, body and mentioned name', (bad) => {
    const person = { id: '11111111-2222-4333-8444-555555555555', name: bad };
    const card = urgentNoticeCard(
      { ...notice, title: bad, body: `Alku ${bad} loppu`, mentions: [person], author: { id: 'a', name: bad } },
      { kind: 'recipient' },
      'en',
    );
    expectInert(card, [bad], { lists: true });
    expect(card.msteams?.entities).toHaveLength(1);
    expect(card.msteams!.entities![0].mentioned.id).toBe(person.id);
  });

  it.each(hostile)('weekly status with %j everywhere', (bad) => {
    const card = weeklyStatusCard(
      {
        ...weeklyData,
        accountName: bad,
        owner: { ...weeklyData.owner!, stage: bad, targetSchedule: bad, nextWeek: bad, needFromYou: bad, updatedBy: bad },
        eventsThisWeek: [{ date: '2026-11-26', title: bad, owner: bad }],
        urgentNotices: [{ title: bad, sentAt: '2026-11-25T06:30:00Z', acknowledged: 1, total: 2 }],
        joined: [bad],
        left: [bad],
        quality: [{ label: bad, status: 'red', note: bad }],
      },
      'fi',
    );
    expectInert(card, [bad]);
  });

  it.each(hostile)('other cards with %j', (bad) => {
    const cards = [
      welcomeCard({ accountName: bad, owner: { id: 'o', name: bad }, tabs: [{ title: bad, url: 'https://app.example/tab' }] }, 'en'),
      accessGrantedCard({ accountName: bad, reason: { kind: 'site', role: 'supervisor', siteId: '1', siteName: bad, line: 2 } }, 'fi'),
      whyAccessCard({ accountName: bad, reasons: [{ kind: 'site', role: 'manager', siteId: '1', siteName: bad, line: 2 }] }, 'en'),
      feedbackReceivedCard(
        { accountName: bad, from: { id: 'f', name: bad }, text: bad, receivedAt: '2026-11-24T10:00:00Z' },
        'owner',
        'fi',
      ),
      escalationCard(
        { noticeId: 'n', title: bad, accountName: bad, sentAt: '2026-11-24T10:00:00Z', pending: [{ id: 'p', name: bad }] },
        'en',
      ),
      removalApprovalCard(
        {
          runId: 'r1',
          removals: [{ accountName: bad, personName: bad, reason: bad }],
          additions: [{ accountName: bad, personName: bad }],
          totalMemberships: 10,
          limits: { maxShare: 0.1, maxCount: 50 },
        },
        'fi',
      ),
    ];
    for (const card of cards) expectInert(card, [bad]);
  });

  it('the form keeps prefilled user text verbatim except template expressions', () => {
    const card = weeklyStatusFormCard(
      { customerId: '1', accountName: 'A', isoWeek: '2026-W48', values: { stage: '[a](https://x.example) ${secret}' } },
      'fi',
    );
    const stage = (card.body as Array<Record<string, unknown>>).find((e) => e.id === 'stage')!;
    expect(String(stage.value).replace(ZWSP, '')).toBe('[a](https://x.example) ${secret}');
    expect(stage.value).not.toContain('${');
  });

  it('template expressions in data are not evaluated', () => {
    const card = membersCard({ accountName: '${s.appName}', members: [] }, 'en');
    expect(JSON.stringify(card)).not.toContain('Account Channels');
  });
});

describe('escapeCardText', () => {
  it.each(['Etelä Koulut Oyj', 'Henna Lahtinen', "O'Brien & Co (Oy)", 'Kirkkokatu 22:n kellari', '2 avointa, 5 * 3 = 15'])(
    'leaves ordinary text %j unchanged',
    (s) => {
      expect(escapeCardText(s)).toBe(s);
    },
  );

  it('is stable when applied twice (no growing escapes)', () => {
    for (const s of hostile) expect(escapeCardText(escapeCardText(s))).toBe(escapeCardText(s));
  });

  it('strips control characters and caps length', () => {
    expect(escapeCardText('a\u0000b\u001bc')).toBe('abc');
    expect(escapeCardText('x'.repeat(100), 10)).toHaveLength(10);
  });
});
