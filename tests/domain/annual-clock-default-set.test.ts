import { annualEventSchema, defaultEventSet, occurrencesInYear, parseAnnualEvent } from '../../src/domain/annual-clock';

const HKI = 'Europe/Helsinki';
const inYear = (events: ReturnType<typeof defaultEventSet>, yearStartMonth = 1, year = 2026) =>
  events.map((e) => ({ e, dates: occurrencesInYear(e, { yearStartMonth, year, timeZone: HKI }) }));

describe('default event set for a new account', () => {
  const set = defaultEventSet('acc-42', 'kad@example.fi', 2026, { contractStart: '2019-06-12' });

  it('is valid input with unique, deterministic ids and Finnish + English titles', () => {
    for (const e of set) {
      expect(() => parseAnnualEvent(e)).not.toThrow();
      expect(e.title).not.toBe(e.titleEn);
      expect(e.titleEn).toBeTruthy();
      expect(e.ownerEmail).toBe('kad@example.fi');
      expect(e.customerId).toBe('acc-42');
    }
    expect(new Set(set.map((e) => e.id)).size).toBe(set.length);
    expect(defaultEventSet('acc-42', 'kad@example.fi', 2026, { contractStart: '2019-06-12' }).map((e) => e.id)).toEqual(
      set.map((e) => e.id),
    );
  });

  it('supervisors get monthly quality and customer-satisfaction visits', () => {
    const sup = inYear(set).filter(({ e }) => e.ring === 'supervisors');
    expect(sup.map(({ e }) => e.titleEn)).toEqual(
      expect.arrayContaining([expect.stringMatching(/quality visit/i), expect.stringMatching(/satisfaction visit/i)]),
    );
    for (const { dates } of sup) expect(dates).toHaveLength(12);
  });

  it('the KAD meets the customer four times a year, once on the contract anniversary', () => {
    for (const yearStartMonth of [1, 8]) {
      const meetings = inYear(set, yearStartMonth).filter(({ e }) => e.ring === 'kad' && /meeting|anniversary/i.test(e.titleEn ?? ''));
      const dates = meetings.flatMap((m) => m.dates);
      expect(dates).toHaveLength(4);
      expect(new Set(dates.map((d) => d.slice(5, 7))).size).toBe(4);
    }
    const anniversary = set.find((e) => /synttärit/i.test(e.title))!;
    expect(anniversary.ring).toBe('kad');
    expect(anniversary.description).toMatch(/ensi vuoden suunnitelma/);
    expect(occurrencesInYear(anniversary, { yearStartMonth: 1, year: 2026, timeZone: HKI })).toEqual(['2026-06-12']);
  });

  it('a Feb 29 contract has its anniversary on Feb 28 in common years', () => {
    const s = defaultEventSet('acc-1', 'kad@example.fi', 2027, { contractStart: '2020-02-29' });
    const anniversary = s.find((e) => e.id === 'acc-1:anniversary-meeting')!;
    expect(occurrencesInYear(anniversary, { yearStartMonth: 1, year: 2027, timeZone: HKI })).toEqual(['2027-02-28']);
    expect(occurrencesInYear(anniversary, { yearStartMonth: 1, year: 2028, timeZone: HKI })).toEqual(['2028-02-29']);
  });

  it('covers audit, user survey, steering groups, 3-4 webinars and agreed reports', () => {
    const byEn = (re: RegExp) => inYear(set).filter(({ e }) => re.test(e.titleEn ?? ''));
    expect(byEn(/internal audit/i).flatMap((x) => x.dates)).toHaveLength(1);
    expect(byEn(/user-satisfaction survey/i).flatMap((x) => x.dates)).toHaveLength(1);
    expect(byEn(/steering/i).flatMap((x) => x.dates).length).toBeGreaterThanOrEqual(2);
    const webinars = byEn(/webinar/i).flatMap((x) => x.dates).length;
    expect(webinars).toBeGreaterThanOrEqual(3);
    expect(webinars).toBeLessThanOrEqual(4);
    expect(byEn(/report/i).flatMap((x) => x.dates).length).toBeGreaterThanOrEqual(1);
  });

  it('uses only the default rings and works without a known contract start', () => {
    const s = defaultEventSet('acc-2', 'kad@example.fi', 2026);
    expect(new Set(s.map((e) => e.ring))).toEqual(new Set(['supervisors', 'kad', 'management', 'customer']));
    for (const e of s) expect(annualEventSchema.safeParse(e).success).toBe(true);
  });
});

describe('default event set for a channel created mid-year', () => {
  const created = '2026-12-05';
  const set = defaultEventSet('acc-7', 'kad@example.fi', 2026, { contractStart: '2019-06-12', from: created });

  it('starts every series on or after the day the channel was created, so nothing is overdue', () => {
    for (const e of set) expect(e.start >= created).toBe(true);
    const thisYear = inYear(set).flatMap(({ dates }) => dates);
    expect(thisYear.every((d) => d >= created)).toBe(true);
    // The monthly visits still come in December, on their usual day.
    const visit = set.find((e) => e.id === 'acc-7:quality-visit')!;
    expect(visit.start.slice(0, 7) === '2026-12' || visit.start.slice(0, 7) === '2027-01').toBe(true);
  });

  it('keeps each series on its own rule: the quarterly reports stay on quarter ends', () => {
    const reports = set.find((e) => e.id === 'acc-7:agreed-reports')!;
    expect(reports.start).toBe('2026-12-31');
  });

  it('changes nothing for a channel created on or before the first default date', () => {
    expect(defaultEventSet('acc-7', 'k@e.fi', 2026, { from: '2026-01-01' }).map((e) => e.start)).toEqual(
      defaultEventSet('acc-7', 'k@e.fi', 2026).map((e) => e.start),
    );
  });
});
