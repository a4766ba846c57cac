import {
  computeLight,
  kpiLight,
  makeKpi,
  managementSummary,
  npsFromCounts,
  npsFromScores,
  periodLabel,
  periodsBetween,
  previousPeriod,
  qualityCardSchema,
  trend,
  type Kpi,
  type QualityCard,
} from '../../src/domain/quality-card';

describe('periods', () => {
  it('labels a period the way the management team writes it', () => {
    expect(periodLabel('2020-01', '2020-08')).toBe('1–8/2020');
    expect(periodLabel('2020-08', '2020-08')).toBe('8/2020');
    expect(periodLabel('2019-11', '2020-02')).toBe('11/2019–2/2020');
  });
  it('rejects reversed or malformed periods', () => {
    expect(() => periodLabel('2020-08', '2020-01')).toThrow();
    expect(() => periodLabel('2020-13', '2020-14')).toThrow();
    expect(() => periodLabel('2020-1', '2020-08')).toThrow();
  });
  it('steps over the year end', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(periodsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('traffic lights', () => {
  it('higher is better: green at target, yellow within tolerance, red beyond', () => {
    expect(computeLight(90, 90, 'higherIsBetter', 5)).toBe('green');
    expect(computeLight(95, 90, 'higherIsBetter', 5)).toBe('green');
    expect(computeLight(85, 90, 'higherIsBetter', 5)).toBe('yellow');
    expect(computeLight(84.9, 90, 'higherIsBetter', 5)).toBe('red');
  });
  it('lower is better (complaints)', () => {
    expect(computeLight(0, 0, 'lowerIsBetter', 2)).toBe('green');
    expect(computeLight(2, 0, 'lowerIsBetter', 2)).toBe('yellow');
    expect(computeLight(3, 0, 'lowerIsBetter', 2)).toBe('red');
  });
  it('no value or no target gives no light; a manual light wins', () => {
    expect(computeLight(null, 90, 'higherIsBetter', 5)).toBe('none');
    expect(computeLight(80, null, 'higherIsBetter', 5)).toBe('none');
    expect(kpiLight(makeKpi('auditScore', 50))).toBe('red');
    expect(kpiLight(makeKpi('auditScore', 50, { manualLight: 'yellow', comment: 'Uusi kohde, auditointi kesken' }))).toBe('yellow');
  });
  it('float noise at the boundary does not flip the light', () => {
    expect(computeLight(0.1 + 0.2, 0.3, 'higherIsBetter', 0)).toBe('green');
  });
  it('validates KPI values against their range', () => {
    const card = { customerId: 'a', accountName: 'A', period: '2026-01', kpis: [makeKpi('nps', 120)] };
    expect(qualityCardSchema.safeParse(card).success).toBe(false);
    expect(qualityCardSchema.safeParse({ ...card, kpis: [makeKpi('nps', -40)] }).success).toBe(true);
    expect(qualityCardSchema.safeParse({ ...card, kpis: [makeKpi('nps', 1), makeKpi('nps', 2)] }).success).toBe(false);
  });
});

describe('NPS', () => {
  it('is promoters minus detractors in percent, -100..100', () => {
    expect(npsFromCounts({ promoters: 6, passives: 2, detractors: 2 })).toBe(40);
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 5 })).toBe(-100);
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
    expect(npsFromScores([10, 9, 8, 7, 6, 0])).toBe(0);
    expect(npsFromScores([10, 10, 9, 3])).toBe(50);
    expect(() => npsFromScores([11])).toThrow();
  });
});

describe('trend', () => {
  it('compares the latest month with the earlier ones', () => {
    expect(trend([80, 82, 90]).direction).toBe('up');
    expect(trend([5, 4, 1]).direction).toBe('down');
    expect(trend([3, 3, 3]).direction).toBe('flat');
    expect(trend([80, 81, 80.5], { flatThreshold: 1 }).direction).toBe('flat');
    expect(trend([7]).direction).toBe('none');
  });
  it('knows whether the move is good news', () => {
    expect(trend([5, 4, 1], { direction: 'lowerIsBetter' }).improving).toBe(true);
    expect(trend([90, 80], { direction: 'higherIsBetter' }).improving).toBe(false);
  });
  it('gives sparkline points normalised to 0..1 with gaps for missing months', () => {
    const t = trend([10, null, 30, 20]);
    expect(t.points).toEqual([
      { index: 0, x: 0, y: 0 },
      { index: 2, x: 2 / 3, y: 1 },
      { index: 3, x: 1, y: 0.5 },
    ]);
    expect(trend([4, 4]).points.map((p) => p.y)).toEqual([0.5, 0.5]);
  });
});

describe('management summary', () => {
  const card = (customerId: string, accountName: string, period: string, kpis: Kpi[]): QualityCard => ({
    customerId,
    accountName,
    period,
    summary: `${accountName} ${period}`,
    facts: {},
    kpis,
  });
  const good = () => [makeKpi('auditScore', 95), makeKpi('complaints', 0), makeKpi('billingVsBudget', 101)];
  const cards: QualityCard[] = [
    card('a', 'Alfa Oy', '2026-02', good()),
    card('a', 'Alfa Oy', '2026-03', [makeKpi('auditScore', 70), makeKpi('complaints', 1), makeKpi('billingVsBudget', 101)]),
    card('b', 'Beeta Oyj', '2026-02', [makeKpi('auditScore', 70), makeKpi('complaints', 5), makeKpi('billingVsBudget', 90)]),
    card('b', 'Beeta Oyj', '2026-03', [makeKpi('auditScore', 95), makeKpi('complaints', 5), makeKpi('billingVsBudget', 97)]),
    card('c', 'Ceta Ky', '2026-03', [makeKpi('auditScore', 88), makeKpi('complaints', 1), makeKpi('billingVsBudget', 100)]),
    card('d', 'Äänekosken Kiinteistöt', '2026-03', good()),
    card('e', 'Deltat', '2026-02', good()),
    card('f', 'Aamu Oy', '2026-03', [makeKpi('auditScore', 70), makeKpi('complaints', 0), makeKpi('billingVsBudget', 100)]),
  ];
  const rows = managementSummary(cards, '2026-03');

  it('lists every account, most red lights first, then most yellow, then by name; missing cards last', () => {
    expect(rows.map((r) => r.customerId)).toEqual(['a', 'b', 'f', 'c', 'd', 'e']);
    expect(rows.find((r) => r.customerId === 'a')!.counts).toEqual({ red: 1, yellow: 1, green: 1, none: 0 });
    expect(rows.find((r) => r.customerId === 'b')!.counts).toEqual({ red: 1, yellow: 1, green: 1, none: 0 });
    expect(rows.at(-1)).toMatchObject({ customerId: 'e', missing: true });
  });

  it('reports per-KPI light changes since last month', () => {
    const a = rows.find((r) => r.customerId === 'a')!;
    expect(a.changes).toEqual([
      { key: 'auditScore', from: 'green', to: 'red' },
      { key: 'complaints', from: 'green', to: 'yellow' },
    ]);
    expect(a).toMatchObject({ worsened: true, improved: false, previousMissing: false });
    const b = rows.find((r) => r.customerId === 'b')!;
    expect(b.changes).toEqual([
      { key: 'auditScore', from: 'red', to: 'green' },
      { key: 'billingVsBudget', from: 'red', to: 'yellow' },
    ]);
    expect(b).toMatchObject({ worsened: false, improved: true });
  });

  it('says when there is nothing to compare with', () => {
    const c = rows.find((r) => r.customerId === 'c')!;
    expect(c).toMatchObject({ previousMissing: true, changes: [], worsened: false });
  });

  it('notices a KPI that appears or disappears', () => {
    const more = managementSummary(
      [...cards, card('d', 'Äänekosken Kiinteistöt', '2026-02', [makeKpi('auditScore', 95), makeKpi('complaints', 0)])],
      '2026-03',
    );
    expect(more.find((r) => r.customerId === 'd')!.changes).toEqual([{ key: 'billingVsBudget', from: null, to: 'green' }]);
  });
});
