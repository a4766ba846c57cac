import { MAX_CARD_BYTES, cardBytes, reminderCard, urgentNoticeCard, type AdaptiveCardJson } from '../../src/cards';
import { AppError } from '../../src/errors/app-error';
import { validateCard } from '../../src/cards/validate-card';
import { notice, people } from './fixtures';
import { allText, findActions, libraryProblems } from './render-helpers';

function expectValid(card: AdaptiveCardJson): void {
  expect(validateCard(card)).toEqual({ valid: true, errors: [] });
  expect(libraryProblems(card)).toEqual([]);
}

describe('urgent notice', () => {
  it('mentions every given person by id, and each mention text is in the body', () => {
    const card = urgentNoticeCard(notice, { kind: 'recipient' }, 'fi');
    const entities = card.msteams?.entities ?? [];
    expect(entities.map((e) => e.mentioned.id)).toEqual(notice.mentions.map((p) => p.id));
    const body = allText(card.body);
    for (const e of entities) {
      expect(e.type).toBe('mention');
      expect(e.text).toBe(`<at>${e.mentioned.name}</at>`);
      expect(body).toContain(e.text);
    }
    expect(entities.map((e) => e.mentioned.name)).toEqual(notice.mentions.map((p) => p.name));
  });

  it('is styled as urgent and offers Acknowledge as Action.Execute verb "ack" with the notice id', () => {
    const card = urgentNoticeCard(notice, { kind: 'recipient' }, 'en');
    expect(JSON.stringify(card.body[0])).toContain('"style":"attention"');
    expect(allText(card.body)).toContain('🚨');
    expect(allText(card.body)).toContain('URGENT NOTICE');
    const ack = findActions(card).find((a) => a.verb === 'ack');
    expect(ack).toMatchObject({ type: 'Action.Execute', title: 'Acknowledge', data: { noticeId: notice.noticeId } });
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { noticeId: notice.noticeId } } });
  });

  it('puts userIds in refresh only when given, and refuses more than 60', () => {
    const ids = people(60).map((p) => p.id);
    expect(urgentNoticeCard(notice, { kind: 'recipient' }, 'fi', { refreshUserIds: ids }).refresh?.userIds).toEqual(ids);
    expect(urgentNoticeCard(notice, { kind: 'recipient' }, 'fi').refresh).not.toHaveProperty('userIds');
    const tooMany = people(61).map((p) => p.id);
    expect(() => urgentNoticeCard(notice, { kind: 'recipient' }, 'fi', { refreshUserIds: tooMany })).toThrow(AppError);
  });

  it('shows an acknowledged recipient the time and no button', () => {
    const card = urgentNoticeCard(notice, { kind: 'recipient', acknowledgedAt: '2026-11-25T07:14:00Z' }, 'fi', {
      timeZone: 'Europe/Helsinki',
    });
    expectValid(card);
    expect(allText(card.body)).toContain('Kuittasit tiedotteen 25.11.2026 klo 9.14');
    expect(findActions(card).some((a) => a.verb === 'ack')).toBe(false);
  });

  it('shows the author who has and has not acknowledged, with counts', () => {
    const [a, b, c, d, e] = people(5);
    const card = urgentNoticeCard(
      { ...notice, mentions: [a, b, c, d, e] },
      {
        kind: 'author',
        acknowledged: [
          { person: b, at: '2026-11-25T07:00:00Z' },
          { person: d, at: '2026-11-25T07:05:00Z' },
        ],
        pending: [a, c, e],
      },
      'en',
    );
    expectValid(card);
    const texts = (card.body as unknown[]).flatMap((el) => allText(el).split('\n'));
    expect(texts).toContain('2/5 acknowledged');
    const pendingAt = texts.indexOf('Not yet acknowledged');
    const ackedAt = texts.indexOf('Acknowledged');
    expect(pendingAt).toBeGreaterThan(-1);
    expect(ackedAt).toBeGreaterThan(pendingAt);
    const pendingLines = texts.slice(pendingAt + 1, ackedAt).filter((t) => t.startsWith('• '));
    expect(pendingLines.map((t) => t.slice(2)).sort()).toEqual([a, c, e].map((p) => p.name).sort());
    const ackedLines = texts.slice(ackedAt + 1).filter((t) => t.startsWith('• '));
    expect(ackedLines.map((t) => t.slice(2).split(' – ')[0]).sort()).toEqual([b, d].map((p) => p.name).sort());
    expect(findActions(card).some((x) => x.verb === 'ack')).toBe(false);
    expect(findActions(card).find((x) => x.verb === 'withdrawNotice')).toMatchObject({
      type: 'Action.Execute',
      data: { noticeId: notice.noticeId },
    });
  });

  it('author view of a 200-person notice stays under 28 KB and says how many are left out', () => {
    const everyone = people(200);
    const card = urgentNoticeCard(
      { ...notice, body: 'Pitkä tiedote. '.repeat(200), mentions: everyone },
      {
        kind: 'author',
        acknowledged: everyone.slice(0, 20).map((person) => ({ person, at: '2026-11-25T07:00:00Z' })),
        pending: everyone.slice(20),
      },
      'fi',
    );
    expectValid(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const text = allText(card.body);
    expect(text).toContain('Kuitannut 20/200');
    const shownPending = (text.match(/^• /gm) ?? []).length;
    expect(shownPending).toBeGreaterThan(0);
    // Every shown mention has its entity, and the rest are counted in "…ja N muuta".
    const shownMentions = card.msteams!.entities!.length;
    expect(text).toContain(`…ja ${200 - shownMentions} muuta`);
  });

  it('withdrawn: no body, buttons, mentions or refresh', () => {
    const card = urgentNoticeCard(notice, { kind: 'withdrawn', withdrawnAt: '2026-11-25T08:00:00Z' }, 'en');
    expectValid(card);
    expect(allText(card.body)).not.toContain(notice.body.slice(0, 20));
    expect(allText(card.body)).toContain('withdrew this notice');
    expect(card.actions).toBeUndefined();
    expect(card.refresh).toBeUndefined();
    expect(card.msteams?.entities).toBeUndefined();
  });

  it('reminder carries its own Acknowledge button for the same notice', () => {
    const card = reminderCard(
      { noticeId: 'n-9', title: 'T', accountName: 'A', sentAt: '2026-11-25T06:30:00Z', url: 'javascript:alert(1)' },
      'fi',
    );
    expect(findActions(card)).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'ack', data: { noticeId: 'n-9' } })]);
  });
});
