import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kpiImportCli } from '../../src/cli/kpi-import';
import { silentLogger } from '../../src/logging/logger';
import { ManualClock } from '../../src/ports/clock';
import { createStore, migrateToLatest, openDatabase, type OpenedDatabase, type Store } from '../../src/store';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/kpi/quality-system.csv');
const ROW_ERRORS = path.join(ROOT, 'samples/kpi/quality-system-row-errors.csv');

function capture() {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

describe('npm run kpi-import', () => {
  let dataDir: string;
  let db: OpenedDatabase;
  let store: Store;
  const clock = new ManualClock();
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-cli-'));
    env = {
      DATA_DIR: dataDir,
      AAD_APP_TENANT_ID: 't',
      AAD_APP_CLIENT_ID: 'c',
      SECRET_AAD_APP_CLIENT_SECRET: 's',
      TEAM_ID: 'team',
      TEAMS_APP_ID: '00000000-0000-4000-8000-00000000abcd',
      TABS_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      APP_LOCALE: 'en',
    };
    clock.set(new Date('2026-11-03T08:00:00Z'));
    db = await openDatabase({ dataDir });
    await migrateToLatest(db.db);
    store = createStore(db.db, clock);
    await store.accounts.upsertMany(
      ['100016', '100035', '100104', '100170', '100250'].map((customerId) => ({
        customerId,
        name: `Asiakas ${customerId}`,
        isNational: true,
      })),
    );
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const out = capture();
    const err = capture();
    const code = await kpiImportCli(argv, { env, stdout: out, stderr: err, clock, logger: silentLogger });
    return { code, out: out.text, err: err.text };
  };

  it('--dry-run prints what would change and writes nothing', async () => {
    const r = await run('--source', SAMPLE, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dry run');
    expect(r.out).toContain('rows: 60 (60 valid, 0 with problems)');
    expect(r.out).toContain('values: 60 new, 0 updated, 0 unchanged; accounts 5; months 2026-09, 2026-10');
    expect(await store.qualityCard.listKpisForPeriods(['2026-09', '2026-10'])).toEqual([]);
  });

  it('imports the sample, records who and when, and a second run changes nothing', async () => {
    const r = await run('--source', SAMPLE, '--json', '--by', 'laatupaallikko@yritysx.example');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.counts).toEqual({ dataRows: 60, valid: 60, new: 60, updated: 0, unchanged: 0, rowsWithErrors: 0 });
    const stored = await store.qualityCard.listKpis('100016', { from: '2026-10', to: '2026-10' });
    expect(stored).toHaveLength(6);
    expect(
      stored.every(
        (k) =>
          k.updatedBy === 'laatupaallikko@yritysx.example' &&
          k.source === 'import:quality-system.csv' &&
          k.updatedAt === '2026-11-03T08:00:00.000Z',
      ),
    ).toBe(true);
    const again = await run('--source', SAMPLE, '--json');
    expect(JSON.parse(again.out).counts).toMatchObject({ new: 0, updated: 0, unchanged: 60 });
  });

  it('reports row problems in Finnish and English with line and column, imports the good rows, exits 0', async () => {
    const r = await run('--source', ROW_ERRORS);
    expect(r.code).toBe(0);
    expect(r.out).toContain('rows: 8 (2 valid, 6 with problems)');
    expect(r.out).toContain('line 3, column "Asiakasnro" ("999999"):');
    expect(r.out).toContain('fi: Asiakasta 999999 ei ole asiakkuuksien joukossa.');
    expect(r.out).toContain('en: Unknown KPI "Siisteysindeksi".');
    expect(r.out).toContain('line 7, column "Arvo" ("7,5")');
    const audit = (await store.qualityCard.listKpis('100016', { from: '2026-10', to: '2026-10' })).find((k) => k.kpiKey === 'auditScore');
    expect(audit?.value).toBe(93.5);
  });

  it('exits 2 and changes nothing on a structural problem, a bad mapping or no valid rows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-bad-'));
    const before = await store.qualityCard.listKpisForPeriods(['2026-10']);
    const headerOnly = path.join(dir, 'header-only.csv');
    fs.writeFileSync(headerOnly, 'Asiakasnro;Asiakas;Kausi;Mittari;Arvo\r\n');
    const r = await run('--source', headerOnly);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Mitään ei tuotu');
    expect(r.err).toContain(`fi: Tiedostossa on vain otsikkorivi, ei yhtään mittariarvoa (tiedosto ${headerOnly}, rivi 1).`);

    const mapping = path.join(dir, 'kpi-broken.json');
    fs.writeFileSync(mapping, JSON.stringify({ columns: { customerId: 'Asiakasnro' } }));
    const m = await run('--source', SAMPLE, '--mapping', mapping);
    expect(m.code).toBe(2);
    expect(m.err).toContain('columns.period');

    const allBad = path.join(dir, 'all-bad.csv');
    fs.writeFileSync(allBad, 'Asiakasnro;Kausi;Mittari;Arvo\r\n424242;10/2026;NPS;10\r\n');
    const b = await run('--source', allBad);
    expect(b.code).toBe(2);
    expect(b.err).toContain('No valid rows');

    expect((await run('--source', path.join(dir, 'missing.csv'))).code).toBe(2);
    expect((await run()).code).toBe(2);
    expect((await run('--source', SAMPLE, '--bogus')).code).toBe(2);
    expect(await store.qualityCard.listKpisForPeriods(['2026-10'])).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
