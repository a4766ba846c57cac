import {
  MAX_CARD_BYTES,
  cardBytes,
  formatNoticeBody,
  noticeFormCard,
  noticeOpenCard,
  noticePlanCard,
  noticePreviewCard,
  noticeStartCard,
  urgentNoticeCard,
  type AdaptiveCardJson,
  type CardLocale,
  type NoticePlanCardData,
} from '../../src/cards';
import { validateCard } from '../../src/cards/validate-card';
import { author, notice, people } from './fixtures';
import { allText, findActions, libraryProblems } from './render-helpers';

const hostile = '[Kirjaudu](https://evil.example) <at>Kaikki</at> ${secret} {{DATE(2026-01-01T00:00:00Z)}}';
const accounts = Array.from({ length: 120 }, (_, i) => ({ value: String(100000 + i), title: `Asiakas ${i} Oy (${100000 + i})` }));

const plan: NoticePlanCardData = {
  planId: 'p-1',
  title: 'Vesikatko Kallion kohteessa',
  body: 'Vesi poikki **klo 8–12**.\n- Ilmoita asukkaille\n- Sulje pesutilat',
  author,
  accounts: ['Alfa Oy', 'Beta Oy'],
  status: 'awaiting-approval',
  approverName: 'Reijo Regional',
  window: { start: '2026-12-07T06:00:00Z', end: '2026-12-07T10:00:00Z' },
};

function dialogCards(locale: CardLocale): Array<[string, AdaptiveCardJson]> {
  const filled = {
    title: 'Vesikatko',
    body: 'Vesi poikki.\n- Ilmoita',
    accounts: ['100001', '100002'],
    audience: ['supervisor', 'manager'],
    ackRequired: true,
    due: { date: '2026-12-07', time: '12:00' },
    sendAt: { date: '2026-12-06', time: '08:00' },
    windowStart: { date: '2026-12-07', time: '08:00' },
    windowEnd: { date: '2026-12-07', time: '12:00' },
    approval: true,
  };
  const posted = urgentNoticeCard(
    {
      ...notice,
      ackRequired: false,
      dueAt: '2026-12-07T10:00:00Z',
      window: { start: '2026-12-07T06:00:00Z', end: '2026-12-07T10:00:00Z' },
    },
    { kind: 'recipient' },
    locale,
  );
  return [
    [
      'form (empty)',
      noticeFormCard(
        {
          values: {
            ...filled,
            title: '',
            body: '',
            accounts: [],
            audience: ['supervisor'],
            due: undefined,
            sendAt: undefined,
            windowStart: undefined,
            windowEnd: undefined,
            approval: false,
          },
          accountChoices: accounts,
          errors: [],
        },
        locale,
      ),
    ],
    [
      'form (errors, hostile values)',
      noticeFormCard(
        {
          planId: 'p-1',
          values: { ...filled, title: hostile, body: hostile },
          accountChoices: [{ value: '*', title: 'Kaikki' }, ...accounts],
          errors: ['Anna otsikko.', 'Valitse asiakkuus.'],
        },
        locale,
      ),
    ],
    [
      'preview (approval)',
      noticePreviewCard(
        {
          planId: 'p-1',
          notice: posted,
          channels: ['Alfa Oy', 'Beta Oy'],
          sendAt: '2026-12-06T06:00:00Z',
          approval: true,
          approverChoices: people(3),
          errors: [],
        },
        locale,
      ),
    ],
    [
      'preview (now)',
      noticePreviewCard(
        {
          planId: 'p-1',
          notice: urgentNoticeCard(notice, { kind: 'recipient' }, locale),
          channels: accounts.map((a) => a.title),
          approval: false,
          approverChoices: [],
          errors: ['x'],
        },
        locale,
      ),
    ],
    ['plan (approver)', noticePlanCard(plan, 'approver', locale)],
    ['plan (approver, decided)', noticePlanCard({ ...plan, status: 'sent', decidedAt: '2026-12-05T08:00:00Z' }, 'approver', locale)],
    ['plan (author, scheduled)', noticePlanCard({ ...plan, status: 'scheduled', sendAt: '2026-12-06T06:00:00Z' }, 'author', locale)],
    ['plan (author, rejected)', noticePlanCard({ ...plan, status: 'rejected', decidedBy: 'Reijo Regional' }, 'author', locale)],
    ['start reminder', noticeStartCard({ title: plan.title, window: plan.window!, author, sentAt: '2026-12-05T08:00:00Z' }, locale)],
    ['open dialog', noticeOpenCard({ customerId: '100001' }, locale)],
  ];
}

describe.each<CardLocale>(['fi', 'en'])('notice dialog cards in %s', (locale) => {
  it.each(dialogCards(locale))('%s is valid Adaptive Card 1.5, parses without warnings and fits', (_name, card) => {
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(libraryProblems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});

describe('notice dialog cards', () => {
  it('the form offers a searchable multi-select of accounts and the five audiences', () => {
    const card = noticeFormCard(
      {
        values: { title: '', body: '', accounts: ['100001'], audience: ['supervisor'], ackRequired: true, approval: false },
        accountChoices: accounts,
        errors: [],
      },
      'fi',
    );
    const sets = card.body.filter((b: any) => b.type === 'Input.ChoiceSet') as any[];
    expect(sets[0]).toMatchObject({ id: 'noticeAccounts', style: 'filtered', isMultiSelect: true, value: '100001' });
    expect(sets[0].choices).toHaveLength(120);
    expect(sets[1].choices.map((c: any) => c.title)).toEqual([
      'Esimiehet',
      'Aluejohtajat',
      'Päälliköt',
      'Myynti',
      'Kaikki kanavan jäsenet',
    ]);
    expect(findActions(card)[0]).toMatchObject({ type: 'Action.Submit', data: { dialog: 'notice', step: 'preview' } });
  });

  it('hostile text stays inert in the form values and the preview', () => {
    const form = noticeFormCard(
      {
        values: { title: hostile, body: hostile, accounts: [], audience: [], ackRequired: true, approval: false },
        accountChoices: [],
        errors: [],
      },
      'en',
    );
    expect(JSON.stringify(form)).not.toContain('${secret}');
    const preview = noticePreviewCard(
      {
        planId: 'p',
        notice: urgentNoticeCard({ ...notice, body: hostile }, { kind: 'recipient' }, 'en'),
        channels: [hostile],
        approval: false,
        approverChoices: [],
        errors: [],
      },
      'en',
    );
    const text = allText(preview.body);
    expect(text).not.toMatch(/\]\(/);
    expect(text).not.toContain('${');
    expect(text).not.toMatch(/<at>Kaikki<\/at>/);
  });

  it('the preview carries the posted card body unchanged, with its mentions', () => {
    const posted = urgentNoticeCard(notice, { kind: 'recipient' }, 'fi');
    const preview = noticePreviewCard(
      { planId: 'p', notice: posted, channels: ['Alfa Oy'], approval: false, approverChoices: [], errors: [] },
      'fi',
    );
    expect((preview.body[1] as any).items).toEqual(posted.body);
    expect(preview.msteams?.entities).toEqual(posted.msteams?.entities);
    expect(findActions(preview).map((a) => a.title)).toEqual(['Lähetä', '← Muokkaa']);
  });

  it('the notice card shows the window and due time, and has no Acknowledge when none is asked', () => {
    const card = urgentNoticeCard(
      {
        ...notice,
        ackRequired: false,
        dueAt: '2026-12-07T10:00:00Z',
        window: { start: '2026-12-07T06:00:00Z', end: '2026-12-07T10:00:00Z' },
      },
      { kind: 'recipient' },
      'fi',
    );
    const text = allText(card.body);
    expect(text).toContain('Ajankohta: 7.12.2026 klo 8.00 – 7.12.2026 klo 12.00');
    expect(text).toContain('Toimi viimeistään 7.12.2026 klo 12.00');
    expect(text).toContain('kuittausta ei tarvita');
    expect(JSON.stringify(card.actions ?? [])).not.toContain('"verb":"ack"');
  });

  it('a notice body keeps bold, italic and lists and nothing else', () => {
    expect(formatNoticeBody('**Huom** _nyt_\n- yksi\n* kaksi\n1. kolme\n# otsikko\n> lainaus\n[x](https://a.example)')).toBe(
      '**Huom** _nyt_\n- yksi\n- kaksi\n1. kolme\n\u200B# otsikko\n\u200B> lainaus\n[x]\u200B(https:\u200B//a.example)',
    );
  });

  it('the approver card approves or rejects; the author card cancels while waiting', () => {
    expect(findActions(noticePlanCard(plan, 'approver', 'fi')).map((a) => a.verb)).toEqual(['approveNotice', 'rejectNotice']);
    expect(findActions(noticePlanCard(plan, 'author', 'fi')).map((a) => a.verb)).toEqual(['cancelNoticePlan']);
    expect(findActions(noticePlanCard({ ...plan, status: 'sent' }, 'author', 'fi'))).toEqual([]);
    expect(allText(noticePlanCard(plan, 'approver', 'fi').body)).toContain('- Ilmoita asukkaille');
  });
});
