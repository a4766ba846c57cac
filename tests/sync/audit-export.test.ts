import { auditToCsv, csvCell } from '../../src/sync/audit-export';

describe('audit CSV export', () => {
  it('neutralises spreadsheet formulas in any cell', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+358401234567')).toBe("'+358401234567");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('Etelä Koulut Oyj')).toBe('Etelä Koulut Oyj');
  });

  const entries = [
    {
      id: '1',
      runId: 'r1',
      customerId: '100016',
      email: 'a@x.example',
      action: 'member-added',
      reason: 'supervisor @ 5000008 Etelä Mikkeli 1 (line 2)',
      detail: { owner: false },
      at: '2026-11-02T06:00:00.000Z',
    },
    {
      id: '2',
      runId: 'r1',
      customerId: '100016',
      email: '=cmd|x',
      action: 'member-removed',
      reason: 'not-in-billing',
      detail: {},
      at: '2026-11-02T06:00:01.000Z',
    },
  ];

  it('for Finnish Excel by default: BOM, semicolons, Finnish headers, local time, formulas neutralised', () => {
    const csv = auditToCsv(entries, { timeZone: 'Europe/Helsinki' });
    expect(csv.startsWith('\uFEFFAika;Ajo;Asiakasnro;Sähköposti;Toimenpide;Syy;Lisätiedot\r\n')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines[1]!.startsWith('2.11.2026 8:00:00;r1;100016;a@x.example;member-added;')).toBe(true);
    expect(lines[2]).toContain(";'=cmd|x;");
    expect(lines[2]).not.toMatch(/;=cmd/);
  });

  it('plain CSV on request: comma, English headers, UTC times, the reason kept as text', () => {
    const csv = auditToCsv(entries, { format: 'plain' });
    expect(csv.startsWith('at,run_id,customer_id')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('2026-11-02T06:00:00.000Z');
    expect(lines[1]).toContain('Etelä Mikkeli 1');
    expect(lines[2]).toContain("'=cmd|x");
    expect(lines[2]).not.toMatch(/,=cmd/);
  });
});
