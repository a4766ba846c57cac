import {
  completionIndex,
  dueReminders,
  isDone,
  nextOccurrence,
  occurrenceKey,
  occurrenceStatus,
  overdue,
  type AnnualEvent,
} from '../../src/domain/annual-clock';

const monthly: AnnualEvent = {
  id: 'acc-1:quality-visit',
  customerId: 'acc-1',
  title: 'Laatukäynti',
  ring: 'supervisors',
  ownerEmail: 'Maija.Meikalainen@example.fi',
  start: '2025-10-10',
  recurrence: { kind: 'monthly' },
};

describe('completion per occurrence', () => {
  it('ticking one occurrence leaves the others open', () => {
    const done = completionIndex([{ eventId: monthly.id, date: '2025-11-10' }]);
    expect(isDone(done, monthly.id, '2025-11-10')).toBe(true);
    expect(isDone(done, monthly.id, '2025-12-10')).toBe(false);
    expect(isDone(done, 'other', '2025-11-10')).toBe(false);
    expect(occurrenceKey(monthly.id, '2025-11-10')).not.toBe(occurrenceKey(monthly.id, '2025-12-10'));
  });

  it('overdue = past, unticked occurrences; today itself is not overdue yet', () => {
    const done = completionIndex([{ eventId: monthly.id, date: '2025-11-10' }]);
    expect(overdue(monthly, done, '2026-01-10')).toEqual(['2025-10-10', '2025-12-10']);
    expect(overdue(monthly, done, '2026-01-11')).toEqual(['2025-10-10', '2025-12-10', '2026-01-10']);
    expect(overdue(monthly, completionIndex([]), '2025-10-10')).toEqual([]);
  });

  it('overdue looks back a bounded time only', () => {
    expect(overdue(monthly, completionIndex([]), '2028-01-01', 90)).toHaveLength(3);
  });

  it('status of an occurrence follows completion and today', () => {
    const done = completionIndex([{ eventId: monthly.id, date: '2025-10-10' }]);
    expect(occurrenceStatus(done, monthly.id, '2025-10-10', '2025-12-01')).toBe('done');
    expect(occurrenceStatus(done, monthly.id, '2025-11-10', '2025-12-01')).toBe('overdue');
    expect(occurrenceStatus(done, monthly.id, '2025-12-01', '2025-12-01')).toBe('today');
    expect(occurrenceStatus(done, monthly.id, '2025-12-10', '2025-12-01')).toBe('upcoming');
  });

  it('next occurrence after the last one of the year is in January', () => {
    expect(nextOccurrence(monthly, '2025-12-11')).toBe('2026-01-10');
    expect(nextOccurrence(monthly, '2025-01-01')).toBe('2025-10-10');
  });
});

describe('reminders', () => {
  const yearly: AnnualEvent = {
    ...monthly,
    id: 'acc-1:audit',
    title: 'Sisäinen auditointi',
    start: '2025-04-15',
    recurrence: { kind: 'yearly' },
    ownerEmail: 'kad@example.fi',
    reminderDaysBefore: 14,
  };

  it('reminds the owner within the lead time, once per open occurrence', () => {
    const none = completionIndex([]);
    expect(dueReminders([monthly], none, '2025-12-06', 3).size).toBe(0);
    const due = dueReminders([monthly], none, '2025-12-07', 3);
    expect([...due.keys()]).toEqual(['maija.meikalainen@example.fi']);
    const [r] = due.get('maija.meikalainen@example.fi')!;
    expect(r).toMatchObject({ eventId: monthly.id, date: '2025-12-10', daysUntil: 3, title: 'Laatukäynti' });
    // A missed run still reminds later, but not after it was sent.
    expect(dueReminders([monthly], none, '2025-12-09', 3).get('maija.meikalainen@example.fi')).toHaveLength(1);
    expect(dueReminders([monthly], none, '2025-12-09', 3, new Set([r.key])).size).toBe(0);
  });

  it('ticked occurrences get no reminder', () => {
    const done = completionIndex([{ eventId: monthly.id, date: '2025-12-10' }]);
    expect(dueReminders([monthly], done, '2025-12-08', 3).size).toBe(0);
  });

  it('an event may ask for a longer lead time; owners get their own lists', () => {
    const due = dueReminders([monthly, yearly], completionIndex([]), '2026-04-01', 3);
    expect(due.get('kad@example.fi')?.map((r) => r.date)).toEqual(['2026-04-15']);
    expect(due.has('maija.meikalainen@example.fi')).toBe(false);
  });
});
