import path from 'node:path';
import {
  mapKpiTable,
  mergeImportedKpi,
  parseKpiMapping,
  parseKpiPeriod,
  type KpiMapping,
  type KpiTableInput,
} from '../../src/domain/quality-card';
import { kpiImportErrorOf, loadKpiMapping, readKpiBytes, readKpiFile } from '../../src/tabs-api/kpi-import-service';
import { AppError } from '../../src/errors/app-error';

const ROOT = path.resolve(__dirname, '../..');
const mapping: KpiMapping = loadKpiMapping(path.join(ROOT, 'mappings/kpi-quality-system.json'));
const KNOWN = new Set(['100016', '100035']);
const known = (id: string) => KNOWN.has(id);
const HEAD = ['Asiakasnro', 'Asiakas', 'Kausi', 'Mittari', 'Arvo', 'Tavoite', 'Kommentti'];

function table(rows: string[][], headers = HEAD): KpiTableInput {
  return { file: 'kpi.csv', headers, headerLine: 1, records: rows.map((values, i) => ({ line: i + 2, values })) };
}
const row = (kpi: string, value: string, o: { id?: string; period?: string; target?: string; comment?: string } = {}) => [
  o.id ?? '100016',
  'Etelä Koulut Oyj',
  o.period ?? '10/2026',
  kpi,
  value,
  o.target ?? '',
  o.comment ?? '',
];

function mapped(rows: string[][], headers?: string[]) {
  const r = mapKpiTable(table(rows, headers), mapping, known);
  if (!r.ok) throw new Error(`structural: ${r.problem.message.en}`);
  return r;
}

describe('parseKpiPeriod', () => {
  it.each([
    ['2026-10', '2026-10'],
    ['10/2026', '2026-10'],
    ['3/2026', '2026-03'],
    [' 03/2026 ', '2026-03'],
    ['10.2026', '2026-10'],
    ['1.10.2026', '2026-10'],
    ['2026-10-01', '2026-10'],
  ])('reads %s as %s', (text, period) => {
    expect(parseKpiPeriod(text)).toEqual({ ok: true, period });
  });

  it.each(['13/2026', '0/2026', '1–8/2020', '1-8/2020', 'lokakuu', '', '10/26', '2026-13', '10/1999'])('refuses %j', (text) => {
    expect(parseKpiPeriod(text).ok).toBe(false);
  });
});

describe('mapping', () => {
  it('the shipped mapping is valid and names a column for every field of the sample', () => {
    expect(mapping.columns).toMatchObject({
      customerId: 'Asiakasnro',
      period: 'Kausi',
      kpi: 'Mittari',
      value: 'Arvo',
      target: 'Tavoite',
      comment: 'Kommentti',
    });
    expect(mapping.values.decimalSeparator).toBe(',');
  });

  it('a broken mapping names every offending key', () => {
    const r = parseKpiMapping(
      { columns: { customerId: 'A', period: 'B', kpi: 'C', colour: 'x' }, kpiNames: { Laatu: 'quality' } },
      'my.json',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ reason: 'BAD_MAPPING', file: 'my.json' });
    for (const key of ['columns.value', 'colour', 'kpiNames.Laatu']) expect(r.problem.message.en).toContain(key);
  });
});

describe('mapKpiTable', () => {
  it('reads Finnish decimals, percents, the mapping’s KPI names, our labels and keys', () => {
    const r = mapped([
      row('Laatuauditointi', '92,5 %', { target: '90', comment: 'Kaksi kohdetta alle tavoitteen' }),
      row('Asiakastyytyväisyys (1–5)', '4,25', { period: '2026-10' }),
      row('nps', '−12'),
      row('Complaints', '3', { period: '1.9.2026' }),
      row('LASKUTUS VS. BUDJETTI', '101,5'),
      row('Avoimet kehitystoimenpiteet', '1 012'),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.kpi, x.period, x.value, x.target, x.comment])).toEqual([
      [2, 'auditScore', '2026-10', 92.5, 90, 'Kaksi kohdetta alle tavoitteen'],
      [3, 'customerSatisfaction', '2026-10', 4.25, null, null],
      [4, 'nps', '2026-10', -12, null, null],
      [5, 'complaints', '2026-09', 3, null, null],
      [6, 'billingVsBudget', '2026-10', 101.5, null, null],
      [7, 'openDevActions', '2026-10', 1012, null, null],
    ]);
  });

  it('reports each bad row with line, column, value and what to do, and keeps the good rows', () => {
    const r = mapped([
      row('Laatuauditointi', '93,5'),
      row('Laatuauditointi', '88', { id: '999999' }),
      row('Siisteysindeksi', '4,2'),
      row('NPS', 'paljon'),
      row('Reklamaatiot', '1', { period: '13/2026' }),
      row('Asiakastyytyväisyys', '7,5'),
      row('NPS', '30 %'),
      row('Reklamaatiot', ''),
      row('Laatuauditointi', '80', { comment: 'toinen rivi samalle kuulle' }),
      row('Reklamaatiot', '2', { id: '100035' }),
    ]);
    expect(r.dataRows).toBe(10);
    expect(r.rows.map((x) => [x.line, x.customerId, x.kpi, x.value])).toEqual([
      [2, '100016', 'auditScore', 93.5],
      [11, '100035', 'complaints', 2],
    ]);
    expect(r.problems.map((p) => [p.line, p.reason, p.column, p.columnIndex, p.value])).toEqual([
      [3, 'UNKNOWN_CUSTOMER', 'Asiakasnro', 1, '999999'],
      [4, 'UNKNOWN_KPI', 'Mittari', 4, 'Siisteysindeksi'],
      [5, 'BAD_NUMBER', 'Arvo', 5, 'paljon'],
      [6, 'BAD_PERIOD', 'Kausi', 3, '13/2026'],
      [7, 'OUT_OF_RANGE', 'Arvo', 5, '7,5'],
      [8, 'NOT_A_PERCENT', 'Arvo', 5, '30 %'],
      [9, 'MISSING_VALUE', 'Arvo', 5, ''],
      [10, 'DUPLICATE_ROW', 'Mittari', 4, 'Laatuauditointi'],
    ]);
    const unknown = r.problems[0]!;
    expect(unknown.message).toEqual({ fi: 'Asiakasta 999999 ei ole asiakkuuksien joukossa', en: 'Customer 999999 is not a known account' });
    expect(unknown.hint.fi).toMatch(/Tarkista asiakasnumero/);
    expect(r.problems[1]!.hint.en).toContain('kpiNames');
    expect(r.problems[7]!.message.en).toContain('line 2');
  });

  it('matches headers trimmed and case-insensitively, needs no optional columns, and skips blank lines', () => {
    const r = mapped(
      [
        ['100016', ' 10/2026 ', 'NPS', '41'],
        ['', '', '', ''],
      ],
      [' ASIAKASNRO', 'kausi', 'Mittari ', 'arvo'],
    );
    expect(r.rows.map((x) => [x.kpi, x.value, x.target, x.comment])).toEqual([['nps', 41, null, null]]);
    expect(r.dataRows).toBe(1);
  });

  it.each([
    [
      'a mapped column is missing',
      ['Asiakasnro', 'Kausi', 'Mittari', 'Value'],
      [['100016', '10/2026', 'NPS', '1']],
      'MISSING_COLUMN',
      'Arvo',
    ],
    [
      'a mapped column is there twice',
      ['Asiakasnro', 'Kausi', 'Mittari', 'Arvo', 'arvo'],
      [['100016', '10/2026', 'NPS', '1', '2']],
      'DUPLICATE_COLUMN',
      'Arvo',
    ],
    ['there are no data rows', HEAD, [], 'HEADER_ONLY', undefined],
  ])('rejects the whole file when %s', (_name, headers, rows, reason, column) => {
    const r = mapKpiTable(table(rows, headers), mapping, known);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ reason, file: 'kpi.csv', line: 1 });
    expect(r.problem.column).toBe(column);
    expect(r.problem.hint.fi.length).toBeGreaterThan(10);
  });
});

describe('mergeImportedKpi', () => {
  const imported = { line: 2, customerId: '100016', period: '2026-10', kpi: 'auditScore' as const, value: 91, target: null, comment: null };

  it('keeps the KAD’s comment, manual light and target when the file has none', () => {
    expect(mergeImportedKpi(imported, { value: 85, target: 95, light: 'yellow', comment: 'Tiedossa' })).toEqual({
      value: 91,
      target: 95,
      light: 'yellow',
      comment: 'Tiedossa',
      change: 'updated',
    });
  });

  it('uses the file’s target and comment when given, the default target for a new value, and spots no-ops', () => {
    expect(
      mergeImportedKpi({ ...imported, target: 92, comment: 'Auditoitu' }, { value: 85, target: 95, light: null, comment: 'vanha' }),
    ).toMatchObject({ target: 92, comment: 'Auditoitu' });
    expect(mergeImportedKpi(imported, undefined)).toEqual({ value: 91, target: 90, light: null, comment: null, change: 'new' });
    expect(mergeImportedKpi(imported, { value: 91, target: 90, light: null, comment: null }).change).toBe('unchanged');
  });
});

describe('reading KPI files with the billing reader', () => {
  it('reads the Windows-1252, semicolon sample with its Finnish comments', async () => {
    const t = await readKpiFile(path.join(ROOT, 'samples/kpi/quality-system.csv'));
    expect([t.encoding, t.delimiter, t.headers]).toEqual(['windows-1252', ';', HEAD]);
    const r = mapKpiTable(t, mapping, (id) => ['100016', '100035', '100104', '100170', '100250'].includes(id));
    if (!r.ok) throw new Error(r.problem.message.en);
    expect([r.dataRows, r.rows.length, r.problems]).toEqual([60, 60, []]);
    expect(r.rows.map((x) => x.comment)).toContain('Kaksi myöhästynyttä toimitusta');
    expect(r.rows.map((x) => x.comment)).toContain('Siivous jäi väliin; asiakas tyytymätön');
  });

  it('an unclosed quote rejects the file with file, line and what to do', async () => {
    const csv = 'Asiakasnro;Kausi;Mittari;Arvo\n100016;10/2026;NPS;40\n100016;10/2026;"Reklamaatiot;2\n100035;10/2026;NPS;10\n';
    const err = await readKpiBytes(Buffer.from(csv), 'laatu.csv').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    const p = kpiImportErrorOf(err as AppError)!;
    expect(p).toMatchObject({ reason: 'UNTERMINATED_QUOTE', file: 'laatu.csv', line: 3 });
    expect((err as AppError).userMessage()).toMatch(
      /^Lainausmerkki jää sulkematta \(tiedosto laatu\.csv, rivi 3.*\/ A quoted field is not closed \(file laatu\.csv, line 3/,
    );
  });

  it('refuses binary data and an empty upload', async () => {
    for (const [bytes, reason] of [
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]), 'BINARY'],
      [Buffer.alloc(0), 'EMPTY'],
    ] as const) {
      const err = await readKpiBytes(bytes, 'x.csv').catch((e: unknown) => e);
      expect(kpiImportErrorOf(err as AppError)?.reason).toBe(reason);
    }
  });
});
