import { angleOfDate, arcPath, fitLabel, polarToCartesian, wheelLayout, type WheelInput } from '../../src/domain/annual-clock';

const RINGS = ['supervisors', 'kad', 'management', 'customer'];
const base: WheelInput = { yearStartMonth: 1, year: 2026, rings: RINGS, items: [], size: 400, fontSize: 10 };

describe('wheel geometry', () => {
  it('calendar year: January starts at the top, months go clockwise 30° each', () => {
    const { months } = wheelLayout(base);
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months[0]).toMatchObject({ startAngle: 0, endAngle: 30, label: { fi: 'tammikuu', en: 'January' } });
    expect(months[2].startAngle).toBe(60);
    expect(months[11].endAngle).toBe(360);
  });

  it('a year starting in August puts August at the top and January at 150°', () => {
    const { months } = wheelLayout({ ...base, yearStartMonth: 8, year: 2025 });
    expect(months[0]).toMatchObject({ month: 8, year: 2025, startAngle: 0 });
    const jan = months.find((m) => m.month === 1)!;
    expect(jan).toMatchObject({ startAngle: 150, year: 2026, label: { fiShort: 'tammi', enShort: 'Jan' } });
    expect(months.find((m) => m.month === 12)!.startAngle).toBe(120);
    expect(months[11]).toMatchObject({ month: 7, startAngle: 330 });
  });

  it('a date sits inside its month sector, proportionally to the day', () => {
    expect(angleOfDate('2026-01-01', 1)).toBeGreaterThan(0);
    expect(angleOfDate('2026-01-31', 1)).toBeLessThan(30);
    expect(angleOfDate('2026-01-16', 1)).toBeCloseTo(15, 5);
    expect(angleOfDate('2026-01-16', 8)).toBeCloseTo(165, 5);
    expect(angleOfDate('2026-07-31', 8)).toBeLessThan(360);
    expect(angleOfDate('2026-07-31', 8)).toBeGreaterThan(359);
  });

  it("angles map to SVG coordinates clockwise from 12 o'clock", () => {
    const top = polarToCartesian(200, 200, 100, 0);
    expect(top.x).toBeCloseTo(200);
    expect(top.y).toBeCloseTo(100);
    const right = polarToCartesian(200, 200, 100, 90);
    expect(right.x).toBeCloseTo(300);
    expect(right.y).toBeCloseTo(200);
    expect(arcPath(200, 200, 100, 0, 90)).toBe('M 200 100 A 100 100 0 0 1 300 200');
  });

  it('rings nest inside the month band, first ring outermost, without overlap', () => {
    const { rings, monthBand } = wheelLayout(base);
    expect(rings.map((r) => r.id)).toEqual(RINGS);
    expect(rings[0].outerRadius).toBeCloseTo(monthBand.innerRadius);
    for (let i = 1; i < rings.length; i++) expect(rings[i].outerRadius).toBeCloseTo(rings[i - 1].innerRadius);
    expect(rings.at(-1)!.innerRadius).toBeGreaterThan(0);
    expect(monthBand.outerRadius).toBeLessThanOrEqual(200);
  });

  it('today marker only when today is in the wheel year', () => {
    expect(wheelLayout({ ...base, today: '2026-03-16' }).todayAngle).toBeCloseTo(angleOfDate('2026-03-16', 1));
    expect(wheelLayout({ ...base, today: '2027-01-01' }).todayAngle).toBeNull();
    expect(wheelLayout({ ...base, yearStartMonth: 8, year: 2025, today: '2026-01-10' }).todayAngle).toBeGreaterThan(150);
  });

  it('places one marker per occurrence on its ring and skips other years and hidden rings', () => {
    const layout = wheelLayout({
      ...base,
      rings: ['supervisors', 'kad'],
      items: [
        { event: { id: 'a', title: 'Laatukäynti', ring: 'supervisors' }, occurrences: ['2026-01-10', '2026-02-10', '2027-01-10'] },
        { event: { id: 'b', title: 'Auditointi', ring: 'management' }, occurrences: ['2026-04-15'] },
      ],
    });
    expect(layout.markers.map((m) => `${m.eventId}@${m.date}`)).toEqual(['a@2026-01-10', 'a@2026-02-10']);
    const m = layout.markers[0];
    expect(Math.hypot(m.x - 200, m.y - 200)).toBeCloseTo(layout.rings[0].midRadius);
  });

  it('labels are cut with an ellipsis to fit the space before the next marker', () => {
    const long = 'Synttärit: kehityspalaveri ja ensi vuoden suunnitelma';
    const layout = wheelLayout({
      ...base,
      items: [
        { event: { id: 'long', title: long, ring: 'kad' }, occurrences: ['2026-06-12'] },
        { event: { id: 'short', title: 'Audit', ring: 'kad' }, occurrences: ['2026-04-15'] },
        { event: { id: 'x', title: 'Käynti A', ring: 'supervisors' }, occurrences: ['2026-05-01'] },
        { event: { id: 'y', title: 'Käynti B', ring: 'supervisors' }, occurrences: ['2026-05-02'] },
      ],
    });
    const by = (id: string) => layout.markers.find((m) => m.eventId === id)!;
    const longM = by('long');
    expect(longM.label.endsWith('…')).toBe(true);
    expect(long.startsWith(longM.label.slice(0, -1))).toBe(true);
    const arc = ((longM.labelEndAngle - longM.labelStartAngle) * Math.PI * longM.radius) / 180;
    expect(Array.from(longM.label).length * 10 * 0.6).toBeLessThanOrEqual(arc);
    expect(by('short').label).toBe('Audit');
    expect(by('x').label).toBe(''); // a day apart: no room, details come on tap
    expect(by('y').label).toBe('Käynti B +1'); // … and the next marker says it stands for one more
  });

  it('never draws stubs: a label keeps at least 8 characters (or the whole title) and cuts at a word', () => {
    const monthly = (id: string, title: string, day: string) => ({
      event: { id, title, ring: 'supervisors' },
      occurrences: Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-${day}`),
    });
    for (const size of [360, 720, 1000]) {
      const layout = wheelLayout({
        ...base,
        size,
        fontSize: Math.max(10, size * 0.022),
        items: [monthly('q', 'Laatukäynti kohteessa', '10'), monthly('s', 'Asiakastyytyväisyyskäynti', '20')],
      });
      for (const m of layout.markers) {
        const text = m.label.replace(/ \+\d+$/, '');
        if (m.label) expect(Array.from(text).length).toBeGreaterThanOrEqual(Math.min(8, Array.from(m.title).length));
        if (text.endsWith('…') && text.includes(' ')) expect(m.title.startsWith(text.slice(0, -1) + ' ')).toBe(true);
      }
    }
  });

  it('an event lasting several days is an arc from its first to its last day, its label along the arc', () => {
    const title = 'Budjettikierros';
    const layout = wheelLayout({
      ...base,
      size: 720,
      fontSize: 14,
      items: [
        { event: { id: 'budget', title, ring: 'kad', durationDays: 45 }, occurrences: ['2026-09-01'] },
        { event: { id: 'day', title: 'Auditointi', ring: 'management' }, occurrences: ['2026-03-03'] },
        // Runs past the end of the wheel's year: the arc stops at the year's end.
        { event: { id: 'winter', title: 'Talvikausi', ring: 'supervisors', durationDays: 60 }, occurrences: ['2026-12-01'] },
      ],
    });
    const by = (id: string) => layout.markers.find((m) => m.eventId === id)!;
    expect(by('budget').angle).toBeCloseTo(angleOfDate('2026-09-01', 1));
    expect(by('budget').endAngle).toBeCloseTo(angleOfDate('2026-10-15', 1));
    // 45 days is about 44°: more than the month a one-day label may take, so the whole title fits (a month would not).
    expect(by('budget').labelEndAngle - by('budget').labelStartAngle).toBeGreaterThan(40);
    expect(by('budget').label).toBe(title);
    expect(by('day').endAngle).toBeNull();
    expect(by('winter').endAngle).toBe(360);
  });

  it('fitLabel keeps short text and never exceeds the limit', () => {
    expect(fitLabel('Laatu', 5)).toBe('Laatu');
    expect(fitLabel('Laatukäynti', 6)).toBe('Laatu…');
    expect(Array.from(fitLabel('Laatukäynti', 6))).toHaveLength(6);
    expect(fitLabel('Laatukäynti', 1)).toBe('');
  });
});
