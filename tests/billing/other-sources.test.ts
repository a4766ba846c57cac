import ExcelJS from 'exceljs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  canonical,
  desired,
  expectWellFormedRejection,
  headOfSample,
  importBilling,
  rejection,
  SAMPLES,
  summarise,
  tempDir,
} from './helpers';

const ROWS = 40;
const sample = parse(readFileSync(join(SAMPLES, 'supervisors.csv'), 'utf8'), { to: ROWS + 1 }) as string[][];
const [header, ...rows] = sample as [string[], ...string[][]];

describe('XLSX source', () => {
  it('the first worksheet with real dates and numbers gives the same accounts as the CSV rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kohteet');
    wb.addWorksheet('Other').addRow(['ignored']);
    ws.addRow(header);
    for (const r of rows) {
      ws.addRow(
        r.map((v, i) => {
          if (/^contract_/.test(header[i]!) && v) return new Date(`${v}T00:00:00Z`);
          if (header[i] === 'monthly_billing_eur') return Number(v);
          return v;
        }),
      );
    }
    const path = join(tempDir(), 'export.xlsx');
    await wb.xlsx.writeFile(path);

    const [xlsx, csv] = await Promise.all([importBilling(path, canonical()), importBilling(headOfSample(ROWS), canonical())]);
    expect(xlsx.source.format).toBe('xlsx');
    expect(xlsx.rowErrors).toEqual([]);
    expect(xlsx.accounts).toEqual(csv.accounts);
    expect(summarise(desired(xlsx))).toEqual(summarise(desired(csv)));
    expect(xlsx.rows[0]!.line).toBe(2);
    expect(xlsx.rows.map((r) => r.monthlyBillingEur)).toEqual(csv.rows.map((r) => r.monthlyBillingEur));

    // a workbook that would inflate past the cap is refused before it is unpacked
    const bomb = await rejection(importBilling(path, canonical(), { limits: { maxUnzippedBytes: 1000 } }));
    expect(bomb.reason).toBe('TOO_LARGE');
  });

  it('a file named .xlsx that is not a workbook is rejected clearly', async () => {
    const path = join(tempDir(), 'fake.xlsx');
    writeFileSync(path, 'customer_id,site_id\n1,2\n');
    const err = await rejection(importBilling(path, canonical()));
    expectWellFormedRejection(err, 'BAD_XLSX', 'fake.xlsx');
  });
});

describe('HTTP source', () => {
  let server: Server;
  let base: string;
  const TOKEN = 'Bearer test-token-123';
  let requests = 0;

  beforeAll(async () => {
    const objects = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    server = createServer((req, res) => {
      requests++;
      if (req.headers.authorization !== TOKEN) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      const path = new URL(req.url ?? '/', base).pathname;
      if (path === '/rows.json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(objects));
      else if (path === '/rows.csv')
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(readFileSync(headOfSample(ROWS)));
      else if (path === '/slow') {
        const timer = setTimeout(() => res.writeHead(200).end('[]'), 2000);
        res.on('close', () => clearTimeout(timer));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('JSON (array of objects) with the auth header gives the same accounts as the CSV rows', async () => {
    const [json, csv] = await Promise.all([
      importBilling(`${base}/rows.json?key=secret`, canonical(), { authHeader: TOKEN }),
      importBilling(headOfSample(ROWS), canonical()),
    ]);
    expect(json.source).toMatchObject({ format: 'json', file: `${base}/rows.json` });
    expect(json.rowErrors).toEqual([]);
    expect(summarise(desired(json))).toEqual(summarise(desired(csv)));
  });

  it('CSV over HTTP works the same way', async () => {
    const imp = await importBilling(`${base}/rows.csv`, canonical(), { authHeader: TOKEN });
    expect(imp.source.format).toBe('csv');
    expect(imp.stats.rows).toBe(ROWS);
  });

  it('a 401 gives a clear error that points at the credential setting, without leaking the query', async () => {
    const before = requests;
    const err = await rejection(importBilling(`${base}/rows.json?key=secret`, canonical(), { authHeader: 'Bearer wrong' }));
    expect(requests).toBe(before + 1);
    expectWellFormedRejection(err, 'HTTP_AUTH', '/rows.json');
    expect(err.code).toBe('UPSTREAM');
    expect(err.details.status).toBe(401);
    expect(err.details.hint.en).toContain('SECRET_BILLING_AUTH_HEADER');
    expect(err.message).not.toContain('secret');
  });

  it('caps the response size and the wait', async () => {
    const big = await rejection(importBilling(`${base}/rows.json`, canonical(), { authHeader: TOKEN, limits: { maxFileBytes: 1000 } }));
    expect(big.reason).toBe('TOO_LARGE');
    const slow = await rejection(importBilling(`${base}/slow`, canonical(), { authHeader: TOKEN, limits: { httpTimeoutMs: 200 } }));
    expect(slow.reason).toBe('HTTP_TIMEOUT');
  });
});
