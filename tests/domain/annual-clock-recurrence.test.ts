import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  addDays,
  annualEventSchema,
  isoWeekday,
  localDateInZone,
  nextOccurrence,
  occurrencesBetween,
  occurrencesInYear,
  parseAnnualEvent,
  type AnnualEvent,
  type Recurrence,
} from '../../src/domain/annual-clock';
import { TZ_SAMPLE_EVENTS } from './fixtures/tz-sample-events';

const HKI = 'Europe/Helsinki';

function ev(start: string, recurrence: Recurrence, extra: Partial<AnnualEvent> = {}): AnnualEvent {
  return annualEventSchema.parse({
    id: 'e1',
    customerId: 'acc-1',
    title: 'Laatukäynti',
    ring: 'supervisors',
    ownerEmail: 'kad@example.fi',
    start,
    recurrence,
    ...extra,
  });
}

describe('monthly, quarterly and the year boundary', () => {
  it('a planning year starting in August runs from August to July, across December -> January', () => {
    const dates = occurrencesInYear(ev('2025-08-15', { kind: 'monthly' }), { yearStartMonth: 8, year: 2025, timeZone: HKI });
    expect(dates).toHaveLength(12);
    expect(dates[0]).toBe('2025-08-15');
    expect(dates[11]).toBe('2026-07-15');
    expect(dates).toEqual(expect.arrayContaining(['2025-12-15', '2026-01-15']));
  });

  it('a series that starts mid-year has no occurrences before its start', () => {
    const dates = occurrencesInYear(ev('2025-11-03', { kind: 'monthly' }), { yearStartMonth: 8, year: 2025, timeZone: HKI });
    expect(dates[0]).toBe('2025-11-03');
    expect(dates).toHaveLength(9);
  });

  it('day 31 falls on the last day of shorter months instead of skipping them (leap February too)', () => {
    const dates = occurrencesBetween(ev('2024-01-31', { kind: 'monthly', dayOfMonth: 31 }), '2024-01-01', '2024-06-30');
    expect(dates).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30']);
    const last = occurrencesBetween(ev('2025-01-01', { kind: 'monthly', dayOfMonth: -1 }), '2025-01-01', '2025-03-31');
    expect(last).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
  });

  it('monthly with an interval counts from the start month', () => {
    const dates = occurrencesBetween(ev('2025-11-10', { kind: 'monthly', interval: 2 }), '2025-01-01', '2026-05-31');
    expect(dates).toEqual(['2025-11-10', '2026-01-10', '2026-03-10', '2026-05-10']);
  });

  it('quarterly crosses the year end and clamps the 30th in February', () => {
    const dates = occurrencesBetween(ev('2025-11-30', { kind: 'quarterly' }), '2025-01-01', '2026-09-30');
    expect(dates).toEqual(['2025-11-30', '2026-02-28', '2026-05-30', '2026-08-30']);
  });
});

describe('yearly and leap years', () => {
  it('a yearly rule on Feb 29 falls on Feb 28 in common years and Feb 29 in leap years', () => {
    const dates = occurrencesBetween(ev('2024-02-29', { kind: 'yearly' }), '2024-01-01', '2028-12-31');
    expect(dates).toEqual(['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
  });

  it('an August-July planning year that contains a leap February finds Feb 29', () => {
    const dates = occurrencesInYear(ev('2024-02-29', { kind: 'yearly' }), { yearStartMonth: 8, year: 2027, timeZone: HKI });
    expect(dates).toEqual(['2028-02-29']);
  });

  it('a yearly event happens once in every planning year whatever the start month', () => {
    const e = ev('2023-12-20', { kind: 'yearly' });
    for (const yearStartMonth of [1, 8, 12]) {
      expect(occurrencesInYear(e, { yearStartMonth, year: 2025, timeZone: HKI })).toHaveLength(1);
    }
  });
});

describe('nth weekday', () => {
  it('last Friday (-1) is a Friday with no Friday left in its month', () => {
    const dates = occurrencesBetween(ev('2025-01-01', { kind: 'nthWeekday', n: -1, weekday: 'FR' }), '2025-01-01', '2025-12-31');
    expect(dates).toHaveLength(12);
    for (const d of dates) {
      expect(isoWeekday(d)).toBe(5);
      expect(addDays(d, 7).slice(5, 7)).not.toBe(d.slice(5, 7));
    }
    expect(dates.slice(0, 4)).toEqual(['2025-01-31', '2025-02-28', '2025-03-28', '2025-04-25']);
  });

  it('second Wednesday in chosen months only', () => {
    const dates = occurrencesBetween(
      ev('2026-01-01', { kind: 'nthWeekday', n: 2, weekday: 'WE', months: [2, 5, 9, 11] }),
      '2026-01-01',
      '2026-12-31',
    );
    expect(dates).toEqual(['2026-02-11', '2026-05-13', '2026-09-09', '2026-11-11']);
    for (const d of dates) expect(Number(d.slice(8))).toBeGreaterThanOrEqual(8);
  });

  it('a fifth Monday appears only in months that have one', () => {
    const dates = occurrencesBetween(ev('2025-01-01', { kind: 'nthWeekday', n: 5, weekday: 'MO' }), '2025-01-01', '2025-12-31');
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.length).toBeLessThan(12);
    for (const d of dates) {
      expect(isoWeekday(d)).toBe(1);
      expect(Number(d.slice(8))).toBeGreaterThanOrEqual(29);
    }
  });
});

describe('end date, fixed dates and one-off events', () => {
  it('until is inclusive and stops the series', () => {
    const e = ev('2025-01-15', { kind: 'monthly' }, { until: '2025-06-15' });
    expect(occurrencesBetween(e, '2025-01-01', '2025-12-31').at(-1)).toBe('2025-06-15');
    expect(occurrencesBetween(e, '2025-07-01', '2025-12-31')).toEqual([]);
    expect(nextOccurrence(e, '2025-06-16')).toBeNull();
  });

  it('until before start is rejected as input', () => {
    expect(() => ev('2025-05-01', { kind: 'yearly' }, { until: '2025-04-30' })).toThrow();
  });

  it('fixed dates come back sorted, once each, within the range and the end date', () => {
    const e = ev('2025-01-01', { kind: 'dates', dates: ['2025-09-03', '2025-03-12', '2025-09-03', '2026-02-01'] }, { until: '2025-12-31' });
    expect(occurrencesBetween(e, '2025-01-01', '2026-12-31')).toEqual(['2025-03-12', '2025-09-03']);
    expect(occurrencesInYear(e, { yearStartMonth: 8, year: 2025, timeZone: HKI })).toEqual(['2025-09-03']);
  });

  it('a one-off event appears only in its own year', () => {
    const e = ev('2026-01-20', { kind: 'once' });
    expect(occurrencesInYear(e, { yearStartMonth: 8, year: 2025, timeZone: HKI })).toEqual(['2026-01-20']);
    expect(occurrencesInYear(e, { yearStartMonth: 1, year: 2025, timeZone: HKI })).toEqual([]);
    expect(occurrencesBetween(e, '2026-01-21', '2026-12-31')).toEqual([]);
  });

  it('nextOccurrence looks past the current year and far enough for rare rules', () => {
    expect(nextOccurrence(ev('2020-06-12', { kind: 'yearly' }), '2025-06-13')).toBe('2026-06-12');
    expect(nextOccurrence(ev('2020-06-12', { kind: 'yearly' }), '2025-06-12')).toBe('2025-06-12');
    const rare = nextOccurrence(ev('2025-01-01', { kind: 'nthWeekday', n: 5, weekday: 'MO', months: [2] }), '2025-01-01');
    expect(rare).not.toBeNull();
    expect(rare!.slice(5)).toBe('02-29');
    expect(isoWeekday(rare!)).toBe(1);
  });
});

describe('input validation', () => {
  const base = { id: 'x', customerId: 'a', title: 'T', ownerEmail: 'o@example.fi', start: '2025-01-01', recurrence: { kind: 'once' } };
  it('accepts configured rings only', () => {
    expect(() => parseAnnualEvent({ ...base, ring: 'kad' })).not.toThrow();
    expect(() => parseAnnualEvent({ ...base, ring: 'sales' })).toThrow();
    expect(() => parseAnnualEvent({ ...base, ring: 'sales' }, ['sales'])).not.toThrow();
  });
  it('links must be http(s); dates must exist; n must be 1..5 or -1', () => {
    expect(() => parseAnnualEvent({ ...base, ring: 'kad', link: 'javascript:alert(1)' })).toThrow();
    expect(() => parseAnnualEvent({ ...base, ring: 'kad', link: 'https://example.fi/a?b=1,2' })).not.toThrow();
    expect(() => parseAnnualEvent({ ...base, ring: 'kad', start: '2025-02-29' })).toThrow();
    expect(() => parseAnnualEvent({ ...base, ring: 'kad', recurrence: { kind: 'nthWeekday', n: 0, weekday: 'MO' } })).toThrow();
    expect(() => parseAnnualEvent({ ...base, ring: 'kad', recurrence: { kind: 'monthly', interval: 13 } })).toThrow();
  });
});

describe('time zones', () => {
  const compute = (timeZone: string) => TZ_SAMPLE_EVENTS.map((e) => occurrencesInYear(e, { yearStartMonth: 8, year: 2025, timeZone }));

  it('the same dates for Helsinki and UTC-10 app zones', () => {
    const reference = compute(HKI);
    expect(reference.flat().length).toBeGreaterThan(40);
    expect(reference[0]).toContain('2026-02-28');
    expect(compute('Pacific/Honolulu')).toEqual(reference);
  });

  it('the same dates whatever zone the server process runs in (UTC-10 and UTC+14)', () => {
    const reference = compute(HKI);
    const script = path.join(__dirname, 'fixtures', 'tz-occurrences.ts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, 'Pacific/Honolulu', 'Pacific/Honolulu', 'Pacific/Kiritimati'], {
      encoding: 'utf8',
    });
    const results = JSON.parse(out) as { zone: string; offset: number; dates: string[][] }[];
    expect(results.map((r) => r.offset)).toEqual([600, -840]); // the zones really took effect
    for (const r of results) expect(r.dates).toEqual(reference);
  });

  it('"today" depends on the app time zone, not on UTC', () => {
    const instant = new Date('2025-12-31T22:30:00Z');
    expect(localDateInZone(instant, HKI)).toBe('2026-01-01');
    expect(localDateInZone(instant, 'Pacific/Honolulu')).toBe('2025-12-31');
  });

  it('rejects an unknown time zone instead of silently using UTC', () => {
    expect(() => occurrencesInYear(TZ_SAMPLE_EVENTS[0], { yearStartMonth: 1, year: 2025, timeZone: 'Europe/Helsingfors-typo' })).toThrow(
      /time zone/,
    );
  });
});
