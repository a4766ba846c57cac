/**
 * The XLSX reader (src/billing/read-xlsx.ts over node:zlib): cell types as Excel writes them, the
 * first sheet in workbook order, and the uncompressed-size cap enforced while inflating, also when
 * the archive declares small sizes (issue 10, issue 15 item 6).
 */
import ExcelJS from 'exceljs';
import { parseXlsx } from '../../src/billing/read-xlsx';
import { DEFAULT_LIMITS, type BillingLimits } from '../../src/billing/raw-table';
import { BillingImportError } from '../../src/billing/import-error';
import { makeZip, workbookParts } from './zip-fixture';

const limits = (o: Partial<BillingLimits> = {}): BillingLimits => ({ ...DEFAULT_LIMITS, ...o });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BillingImportError);
  return err as BillingImportError;
};

describe('XLSX reader', () => {
  it('reads shared, rich, inline and formula strings, numbers, booleans, errors and dates from the first sheet in workbook order', async () => {
    const rows = [
      '<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>kolmas &amp; viimeinen</t></is></c><c r="E1" t="s"><v>2</v></c></row>',
      '<row r="2"/>',
      '<row r="4"><c r="A4"><v>1234.5</v></c><c r="B4" s="1"><v>45658</v></c><c r="C4" s="2"><v>45688.75</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="e"><v>#N/A</v></c><c r="F4" t="str"><f>A4&amp;"x"</f><v>1234.5x</v></c><c r="G4" s="3"><v>7</v></c><c r="H4"><f>A4*2</f><v>2469</v></c></row>',
      '<row r="5"><c r="B5" t="s"><v>3</v></c></row>',
    ].join('');
    const sharedStrings = [
      '<t>asiakas</t>',
      '<r><t>Kohde</t></r><r><rPr><b/></rPr><t xml:space="preserve"> nimi</t></r><rPh sb="0" eb="1"><t>ヨミ</t></rPh>',
      '<t>tyhjä_x000D_rivi</t>',
      '<t/>',
    ];
    const buf = makeZip(workbookParts({ rows, sharedStrings }));
    const t = await parseXlsx(buf, 'kohteet.xlsx', limits());
    expect(t.headers).toEqual(['asiakas', 'Kohde nimi', 'kolmas & viimeinen', '', 'tyhjä\rrivi']);
    expect(t.headerLine).toBe(1);
    // Row 5 holds only an empty string: skipped like an empty row.
    expect(t.records).toEqual([{ line: 4, values: ['1234.5', '2025-01-01', '2025-01-31', 'true', '', '1234.5x', '7', '2469'] }]);
  });

  it('counts 1904-system dates from 1904', async () => {
    const buf = makeZip(
      workbookParts({
        rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>alkaa</t></is></c></row><row r="2"><c r="A2" s="1"><v>0</v></c></row>',
        date1904: true,
      }),
    );
    expect((await parseXlsx(buf, 'a.xlsx', limits())).records[0]!.values).toEqual(['1904-01-01']);
  });

  it('matches what Excel-compatible writers produce (an exceljs workbook with dates, numbers and rich text)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['customer_id', 'contract_start', 'monthly_billing_eur', 'note']);
    ws.addRow([
      '100001',
      new Date('2021-09-01T00:00:00Z'),
      125000.5,
      { richText: [{ text: 'Tärkeä ' }, { text: 'asiakas', font: { bold: true } }] },
    ]);
    ws.addRow([]);
    ws.addRow(['100002', null, { formula: '1+1', result: 2 }, 'a < b & "c"']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const t = await parseXlsx(buf, 'x.xlsx', limits());
    expect(t.headers).toEqual(['customer_id', 'contract_start', 'monthly_billing_eur', 'note']);
    expect(t.records).toEqual([
      { line: 2, values: ['100001', '2021-09-01', '125000.5', 'Tärkeä asiakas'] },
      { line: 4, values: ['100002', '', '2', 'a < b & "c"'] },
    ]);
  });

  it('stops inflating at the cap even when the archive declares small sizes (a lying zip bomb)', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024, 0x20);
    const buf = makeZip(workbookParts({ rows: '', sheetData: bomb, sheetDeclaredSize: 100 }));
    expect(buf.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    const err = await refusal(parseXlsx(buf, 'pommi.xlsx', limits({ maxUnzippedBytes: 2 * 1024 * 1024 })));
    expect(err.details).toMatchObject({ reason: 'TOO_LARGE', file: 'pommi.xlsx' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses by declared size too, and caps rows while streaming', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const buf = makeZip(workbookParts({ rows }));
    expect((await refusal(parseXlsx(buf, 'a.xlsx', limits({ maxUnzippedBytes: 100 })))).details.reason).toBe('TOO_LARGE');
    expect((await refusal(parseXlsx(buf, 'a.xlsx', limits({ maxRows: 10 })))).details.reason).toBe('TOO_MANY_ROWS');
    expect((await parseXlsx(buf, 'a.xlsx', limits({ maxRows: 49 }))).records).toHaveLength(49);
  });

  it.each([
    ['not a zip', Buffer.from('customer_id,site_id\n1,2\n')],
    ['a zip without a workbook', makeZip([{ name: 'hello.txt', data: 'hei' }])],
    [
      'a truncated deflate stream',
      (() => {
        const parts = workbookParts({ rows: '<row r="1"><c r="A1"><v>1</v></c></row>' });
        const z = makeZip(parts);
        const i = z.indexOf(Buffer.from('xl/worksheets/b.xml')) + 'xl/worksheets/b.xml'.length;
        z.fill(0xff, i, i + 8);
        return z;
      })(),
    ],
    [
      'an unknown compression method',
      (() => {
        const z = makeZip(workbookParts({ rows: '' }));
        for (let p = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4))
          z.writeUInt16LE(99, p + 10);
        return z;
      })(),
    ],
  ])('%s is BAD_XLSX', async (_n, buf) => {
    expect((await refusal(parseXlsx(buf, 'f.xlsx', limits()))).details).toMatchObject({ reason: 'BAD_XLSX', file: 'f.xlsx' });
  });

  it('an empty first sheet is EMPTY', async () => {
    expect((await refusal(parseXlsx(makeZip(workbookParts({ rows: '<row r="1"/>' })), 'f.xlsx', limits()))).details.reason).toBe('EMPTY');
  });
});
