import {
  angleOfDate,
  arcPath,
  fitLabel,
  polarToCartesian,
  wheelLayout,
  type WheelInput,
  type WheelLayout,
  type WheelMarker,
  defaultEventSet,
  occurrencesInYear,
} from '../../src/domain/annual-clock';

const RINGS = ['supervisors', 'kad', 'management', 'customer'];
const textOf = (layout: WheelLayout, m: WheelMarker) => layout.labels[m.group];
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
    const longL = textOf(layout, by('long'));
    expect(longL.text.endsWith('…')).toBe(true);
    expect(long.startsWith(longL.text.slice(0, -1))).toBe(true);
    const arc = ((longL.pathEndAngle - longL.textStartAngle) * Math.PI * longL.radius) / 180;
    expect(Array.from(longL.text).length * 10 * 0.6).toBeLessThanOrEqual(arc);
    expect(textOf(layout, by('short')).text).toBe('Audit');
    // A day apart: no room for either title, so one label names both, and tapping it lists them.
    expect(by('x').group).toBe(by('y').group);
    expect(textOf(layout, by('x')).text).toBe('2 tapahtumaa');
    expect(textOf(layout, by('x')).members).toEqual([
      { eventId: 'x', date: '2026-05-01' },
      { eventId: 'y', date: '2026-05-02' },
    ]);
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
        const label = textOf(layout, m);
        expect(label.text).not.toBe('');
        if (label.members.length > 1) continue;
        expect(Array.from(label.text).length).toBeGreaterThanOrEqual(Math.min(8, Array.from(m.title).length));
        if (label.text.endsWith('…') && label.text.includes(' ')) expect(m.title.startsWith(label.text.slice(0, -1) + ' ')).toBe(true);
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
    expect(textOf(layout, by('budget')).pathEndAngle - by('budget').angle).toBeGreaterThan(40);
    expect(textOf(layout, by('budget')).text).toBe(title);
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

describe('wheel labels: group what does not fit', () => {
  // The tab's wheel at 1280×800 (650 px) and on a 360 px phone (320 px), with the tab's font size.
  const WIDTHS = [
    { viewport: 1280, size: 650 },
    { viewport: 360, size: 320 },
  ];
  const defaultItems = (locale: 'fi' | 'en') =>
    defaultEventSet('A', 'kad@example.com', 2026, { contractStart: '2019-09-15' }).map((e) => ({
      event: { id: e.id, title: locale === 'fi' ? e.title : (e.titleEn ?? e.title), ring: e.ring },
      occurrences: occurrencesInYear(e, { yearStartMonth: 1, year: 2026, timeZone: 'Europe/Helsinki' }),
    }));

  for (const { viewport, size } of WIDTHS)
    for (const locale of ['fi', 'en'] as const)
      it(`the default event set at ${viewport} px (${locale}): every marker is named by a label, none overlap, targets ≥ 44 px`, () => {
        const fontSize = Math.max(10, size * 0.022);
        const layout = wheelLayout({ ...base, size, fontSize, locale, items: defaultItems(locale) });
        expect(layout.markers.length).toBeGreaterThan(50);
        // Each marker belongs to exactly one label, and each label has text.
        const named = layout.labels.flatMap((l) => l.members.map((m) => `${m.eventId}@${m.date}`));
        expect(named.sort()).toEqual(layout.markers.map((m) => `${m.eventId}@${m.date}`).sort());
        for (const l of layout.labels) expect(l.text.length).toBeGreaterThan(0);
        for (const ring of RINGS) {
          const labels = layout.labels.filter((l) => l.ring === ring).sort((a, b) => a.textStartAngle - b.textStartAngle);
          expect(labels.length).toBeGreaterThan(0);
          labels.forEach((l, i) => {
            const next = labels[(i + 1) % labels.length];
            const nextStart = i + 1 < labels.length ? next.textStartAngle : next.textStartAngle + 360;
            const nextDot = layout.markers.find((m) => m.eventId === next.members[0].eventId && m.date === next.members[0].date)!;
            const nextDotAngle = i + 1 < labels.length ? nextDot.angle : nextDot.angle + 360;
            // The estimated text ends before the next label's text and before the next label's first dot.
            expect(l.textEndAngle).toBeLessThan(nextStart);
            expect(l.textEndAngle).toBeLessThan(nextDotAngle);
            expect(l.textEndAngle).toBeLessThanOrEqual(l.pathEndAngle + 1e-9);
            expect(((l.hitEndAngle - l.hitStartAngle) * Math.PI * l.radius) / 180).toBeGreaterThanOrEqual(40);
          });
        }
        // The supervisors' ring (two monthly visits) is named on the wheel: groups where single titles do not fit.
        const supervisors = layout.labels.filter((l) => l.ring === 'supervisors');
        expect(supervisors.some((l) => l.members.length > 1)).toBe(true);
        const count = locale === 'fi' ? /^\d+ tapahtumaa$/ : /^\d+ events$/;
        for (const l of supervisors.filter((x) => x.members.length > 1 && new Set(x.members.map((m) => m.eventId)).size > 1))
          expect(l.text).toMatch(count);
      });

  it("keeps every label clear of the ring's name across 12 o'clock", () => {
    const names = { supervisors: 80, kad: 130, management: 60, customer: 70 };
    const layout = wheelLayout({ ...base, size: 650, fontSize: 14.3, ringNameWidths: names, items: defaultItems('fi') });
    for (const l of layout.labels) {
      const band = layout.rings.find((r) => r.id === l.ring)!;
      // The name's half width (plus a margin) as an angle at the text's inner edge.
      const zone = ((names[l.ring as keyof typeof names] / 2) * 180) / (Math.PI * band.midRadius);
      expect(l.text).not.toBe('');
      expect(l.textStartAngle).toBeGreaterThanOrEqual(zone);
      expect(l.textEndAngle).toBeLessThanOrEqual(360 - zone);
    }
  });

  it('groups more at 360 px than at 1280 px', () => {
    const at = (size: number) =>
      wheelLayout({ ...base, size, fontSize: Math.max(10, size * 0.022), items: defaultItems('fi') }).labels.length;
    expect(at(320)).toBeLessThan(at(650));
  });

  it('a run of one series is named "title ×n"; a lone event keeps its own title', () => {
    const layout = wheelLayout({
      ...base,
      size: 650,
      fontSize: 14.3,
      items: [
        { event: { id: 'w', title: 'Viikkopalaveri', ring: 'kad' }, occurrences: ['2026-03-02', '2026-03-04', '2026-03-06'] },
        { event: { id: 'a', title: 'Auditointi', ring: 'supervisors' }, occurrences: ['2026-06-15'] },
      ],
    });
    const by = (id: string) => layout.markers.filter((m) => m.eventId === id).map((m) => layout.labels[m.group].text);
    expect(new Set(by('w'))).toEqual(new Set(['Viikkopalaveri ×3']));
    expect(by('a')).toEqual(['Auditointi']);
  });

  it('English group labels count events', () => {
    const layout = wheelLayout({
      ...base,
      locale: 'en',
      items: [
        { event: { id: 'x', title: 'Visit A', ring: 'supervisors' }, occurrences: ['2026-05-01'] },
        { event: { id: 'y', title: 'Visit B', ring: 'supervisors' }, occurrences: ['2026-05-02'] },
      ],
    });
    expect(layout.labels.map((l) => l.text)).toEqual(['2 events']);
  });
});

describe('wheel arcs across the year start', () => {
  it('an occurrence that began last year and lasts into this one is drawn from the year start', () => {
    const layout = wheelLayout({
      ...base,
      items: [
        { event: { id: 'winter', title: 'Talvikausi', ring: 'supervisors', durationDays: 60 }, occurrences: ['2025-12-01', '2026-12-01'] },
        { event: { id: 'old', title: 'Syyskausi', ring: 'kad', durationDays: 20 }, occurrences: ['2025-12-01'] },
      ],
    });
    const winter = layout.markers.filter((m) => m.eventId === 'winter');
    expect(winter.map((m) => m.date)).toEqual(['2025-12-01', '2026-12-01']);
    expect(winter[0]).toMatchObject({ angle: 0, startsBefore: true });
    // 2025-12-01 + 59 days = 2026-01-29.
    expect(winter[0].endAngle).toBeCloseTo(angleOfDate('2026-01-29', 1));
    expect(winter[1]).toMatchObject({ startsBefore: false, endAngle: 360 });
    // Ended before the year began: not on the wheel.
    expect(layout.markers.some((m) => m.eventId === 'old')).toBe(false);
  });

  it('with a year starting in August, a July–September arc starts at the top', () => {
    const layout = wheelLayout({
      ...base,
      yearStartMonth: 8,
      year: 2026,
      items: [{ event: { id: 'summer', title: 'Kesäkausi', ring: 'kad', durationDays: 62 }, occurrences: ['2026-07-01'] }],
    });
    expect(layout.markers[0]).toMatchObject({ angle: 0, startsBefore: true });
    expect(layout.markers[0].endAngle).toBeCloseTo(angleOfDate('2026-08-31', 8));
  });
});
