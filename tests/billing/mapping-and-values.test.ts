import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BillingImportError,
  buildBillingImport,
  importBilling,
  cleanText,
  isValidEmail,
  loadMapping,
  normaliseEmail,
  parseMapping,
  type RawTable,
} from '../../src/billing';
import { canonical, fiExcel, headOfSample, MAPPINGS, readJson, tempDir } from './helpers';

describe('column mapping files', () => {
  it('ships valid canonical and fi-excel mappings', () => {
    expect(canonical().values).toMatchObject({ dateFormat: 'yyyy-mm-dd', decimalSeparator: '.' });
    expect(fiExcel().values).toMatchObject({ dateFormat: 'd.m.yyyy', decimalSeparator: ',' });
    expect(fiExcel().values.nationalTrue).toContain('K');
  });

  it('rejects a mapping without a required column, naming the field', () => {
    const raw = readJson<{ columns: Record<string, string> }>(join(MAPPINGS, 'canonical.json'));
    delete raw.columns.siteId;
    expect(() => parseMapping(raw, 'x.json')).toThrow(/columns\.siteId/);
    const err = (() => {
      try {
        parseMapping({ ...raw, columns: { ...raw.columns, siteId: 'site_id', bogus: 'x' } }, 'x.json');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BillingImportError);
    expect((err as BillingImportError).details).toMatchObject({ reason: 'BAD_MAPPING', file: 'x.json' });
  });

  it('reports unreadable and non-JSON mapping files clearly', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => loadMapping(join(dir, 'broken.json'))).toThrow(/not valid JSON/);
    expect(() => loadMapping(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });
});

describe('cell values', () => {
  it('normalises emails: trim, inner spaces, case', () => {
    expect(normaliseEmail('  Matti. Meikäläinen@YRITYS.example \u00a0')).toBe('matti.meikäläinen@yritys.example');
    expect(normaliseEmail(' MATTI.M@X.EXAMPLE ')).toBe('matti.m@x.example');
    expect(isValidEmail('matti.m@x.example')).toBe(true);
    for (const bad of ['not-an-email', 'matti.@', 'matti.@x.example', '@x.example', 'a@b', 'a..b@x.example'])
      expect(isValidEmail(bad)).toBe(false);
  });

  it('keeps text as text but strips control and bidi characters', () => {
    expect(cleanText('<b>Kide</b>\u0007 Oy\u202E')).toBe('<b>Kide</b> Oy');
    expect(cleanText('=1+1')).toBe('=1+1');
  });

  it('reports bad dates and numbers per row while the row still counts', () => {
    const H = [
      'customer_id',
      'customer_name',
      'national_account',
      'site_id',
      'supervisor_email',
      'regional_director_email',
      'manager_email',
      'sales_manager_email',
      'key_account_director_email',
      'contract_end',
      'monthly_billing_eur',
    ];
    const table: RawTable = {
      file: 't.csv',
      format: 'csv',
      headers: H,
      headerLine: 1,
      records: [
        { line: 2, values: ['C1', 'A', 'K', 'S1', 's@x.example', '', '', '', 'k@x.example', '31.2.2027', '1 234,50'] },
        { line: 3, values: ['C1', 'A', 'K', 'S2', 't@x.example', '', '', '', 'k@x.example', '1.3.2027', 'abc'] },
        { line: 4, values: ['C1', 'A', 'K', 'S3'] },
      ],
    };
    const imp = buildBillingImport(table, { ...canonical(), values: fiExcel().values });
    expect(imp.rowErrors.map((e) => [e.line, e.problem, e.column, e.rowSkipped])).toEqual([
      [2, 'BAD_DATE', 'contract_end', false],
      [3, 'BAD_NUMBER', 'monthly_billing_eur', false],
      [4, 'FIELD_COUNT', null, true],
    ]);
    expect(imp.rows.map((r) => [r.siteId, r.contractEnd, r.monthlyBillingEur])).toEqual([
      ['S1', undefined, 1234.5],
      ['S2', '2027-03-01', undefined],
    ]);
    expect(imp.accounts.get('C1')).toMatchObject({ national: true, nationalBy: 'flag', siteIds: ['S1', 'S2'] });
  });

  it('reports the right line after a quoted cell that spans lines', async () => {
    const path = join(tempDir(), 'multiline.csv');
    const head =
      'customer_id,customer_name,national_account,site_id,supervisor_email,regional_director_email,manager_email,sales_manager_email,key_account_director_email';
    writeFileSync(
      path,
      `${head}\r\nC1,"Kide\r\nKauppa, ""Oy""",Y,S1,s@x.example,,,,k@x.example\r\n\r\nC1,Kide,Y,S2,bad@,,,,k@x.example\r\n`,
    );
    const imp = await importBilling(path, canonical());
    expect(imp.rows.map((r) => [r.line, r.customerName])).toEqual([
      [2, 'Kide Kauppa, "Oy"'],
      [5, 'Kide'],
    ]);
    expect(imp.rowErrors.map((e) => [e.line, e.column])).toEqual([[5, 'supervisor_email']]);
  });

  it('rejects a field over the size cap with line and column', async () => {
    const dir = tempDir();
    const path = join(dir, 'long-field.csv');
    const head =
      'customer_id,customer_name,national_account,site_id,supervisor_email,regional_director_email,manager_email,sales_manager_email,key_account_director_email';
    writeFileSync(path, `${head}\nC1,${'x'.repeat(2500)},Y,S1,s@x.example,,,,k@x.example\n`);
    const err = await importBilling(path, canonical()).catch((e: unknown) => e as BillingImportError);
    expect(err).toBeInstanceOf(BillingImportError);
    expect((err as BillingImportError).details).toMatchObject({
      reason: 'FIELD_TOO_LONG',
      line: 2,
      column: 'customer_name',
      columnIndex: 2,
    });
  });
});

describe('size caps', () => {
  it('rejects files over the size and row caps before using them', async () => {
    const path = headOfSample(30);
    const big = await importBilling(path, canonical(), { limits: { maxFileBytes: 5000 } }).catch((e: unknown) => e as BillingImportError);
    expect((big as BillingImportError).details).toMatchObject({ reason: 'TOO_LARGE' });
    const many = await importBilling(path, canonical(), { limits: { maxRows: 10 } }).catch((e: unknown) => e as BillingImportError);
    expect((many as BillingImportError).details).toMatchObject({ reason: 'TOO_MANY_ROWS', line: 12 });
    expect((await importBilling(path, canonical(), { limits: { maxRows: 30 } })).stats.rows).toBe(30);
  });
});
