import {
  completionIndex,
  dueReminders,
  exceptionIndex,
  moveAllowed,
  resolvedOccurrences,
  shareId,
  type AnnualEvent,
} from '../../src/domain/annual-clock';

const meeting: AnnualEvent = {
  id: 'acc:meeting',
  customerId: 'acc',
  title: 'Kuukausipalaveri',
  ring: 'kad',
  ownerEmail: 'kad@example.fi',
  start: '2026-01-15',
  recurrence: { kind: 'monthly' },
};

describe('single occurrences of a series', () => {
  const index = exceptionIndex([
    { eventId: meeting.id, seriesDate: '2026-03-15', movedTo: '2026-03-18', title: 'Palaveri (siirretty)' },
    { eventId: meeting.id, seriesDate: '2026-04-15', cancelled: true },
    { eventId: meeting.id, seriesDate: '2026-05-15', movedTo: '2026-06-30' },
    // Not a date of the series (e.g. left behind when the series changed): ignored.
    { eventId: meeting.id, seriesDate: '2026-05-16', movedTo: '2026-05-20' },
  ]);

  it('moves, renames and cancels one occurrence; the others follow the series', () => {
    expect(resolvedOccurrences(meeting, '2026-03-01', '2026-06-30', index).map((o) => [o.date, o.seriesDate, o.title ?? null])).toEqual([
      ['2026-03-18', '2026-03-15', 'Palaveri (siirretty)'],
      ['2026-06-15', '2026-06-15', null],
      ['2026-06-30', '2026-05-15', null],
    ]);
    expect(resolvedOccurrences(meeting, '2026-04-01', '2026-04-30', index, true)).toEqual([
      { date: '2026-04-15', seriesDate: '2026-04-15', cancelled: true },
    ]);
  });

  it('a move across the range edge leaves one range and enters the other', () => {
    expect(resolvedOccurrences(meeting, '2026-05-01', '2026-05-31', index)).toEqual([]);
    expect(resolvedOccurrences(meeting, '2026-06-20', '2026-07-31', index).map((o) => o.date)).toEqual(['2026-06-30', '2026-07-15']);
  });

  it('reminds before the new day, keyed by the series date, and not for a cancelled one', () => {
    const due = dueReminders([meeting], completionIndex([]), '2026-03-15', 3, new Set(), index).get('kad@example.fi')!;
    expect(due.map((r) => [r.date, r.seriesDate, r.title, r.key])).toEqual([
      ['2026-03-18', '2026-03-15', 'Palaveri (siirretty)', 'acc:meeting@2026-03-15'],
    ]);
    expect(dueReminders([meeting], completionIndex([]), '2026-04-13', 3, new Set(), index).size).toBe(0);
    // Ticked by its series date before the move: no reminder after it.
    const done = completionIndex([{ eventId: meeting.id, date: '2026-03-15' }]);
    expect(dueReminders([meeting], done, '2026-03-16', 3, new Set(), index).size).toBe(0);
  });

  it('a site share follows its event\u2019s exceptions and keeps its site in a new title', () => {
    const share: AnnualEvent = { ...meeting, id: shareId(meeting.id, 'S1'), title: 'Kuukausipalaveri – Varikko' };
    const due = dueReminders([share], completionIndex([]), '2026-03-16', 3, new Set(), index).get('kad@example.fi')!;
    expect(due.map((r) => [r.date, r.title])).toEqual([['2026-03-18', 'Palaveri (siirretty) – Varikko']]);
  });

  it('allows a move of up to a year', () => {
    expect(moveAllowed('2026-06-15', '2027-06-15')).toBe(true);
    expect(moveAllowed('2026-06-15', '2027-06-17')).toBe(false);
  });
});
