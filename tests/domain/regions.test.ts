import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBilling, loadMapping } from '../../src/billing';
import {
  CLASSIFICATION_YEAR,
  MUNICIPALITY_COUNT,
  REGIONS,
  REGION_MUNICIPALITIES,
  regionOfMunicipality,
} from '../../src/domain/regions/municipality-regions';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = ['supervisors.csv', 'supervisors-next-month.csv', 'supervisors-truncated.csv', 'supervisors-fi-excel.csv'];
const mappingOf = (file: string) =>
  loadMapping(path.join(ROOT, 'mappings', file.includes('fi-excel') ? 'fi-excel.json' : 'canonical.json'));

describe('municipality -> region (maakunta) classification', () => {
  it(`holds ${CLASSIFICATION_YEAR}'s 19 regions, each municipality once`, () => {
    expect(CLASSIFICATION_YEAR).toBe(2025);
    expect(REGIONS).toHaveLength(19);
    const all = Object.values(REGION_MUNICIPALITIES).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(MUNICIPALITY_COUNT);
    expect(MUNICIPALITY_COUNT).toBeGreaterThanOrEqual(308);
    for (const n of all) expect(regionOfMunicipality(n)).not.toBeNull();
  });

  it('follows the 2021 changes and accepts Swedish names, case and stray spaces', () => {
    expect(regionOfMunicipality('Iitti')).toBe('Päijät-Häme');
    expect(regionOfMunicipality('Kuhmoinen')).toBe('Pirkanmaa');
    expect(regionOfMunicipality('Joroinen')).toBe('Etelä-Savo');
    expect(regionOfMunicipality('Heinävesi')).toBe('Pohjois-Karjala');
    expect(regionOfMunicipality(' HELSINKI ')).toBe('Uusimaa');
    expect(regionOfMunicipality('Vasa')).toBe('Pohjanmaa');
    expect(regionOfMunicipality('Mariehamn')).toBe('Ahvenanmaa');
    expect(regionOfMunicipality('Ja\u0308msa\u0308')).toBe('Keski-Suomi'); // NFD spelling
    expect(regionOfMunicipality('Atlantis')).toBeNull();
    expect(regionOfMunicipality('')).toBeNull();
  });

  it.each(SAMPLES)('derives a region for every site of samples/billing/%s', async (name) => {
    const imp = await importBilling(path.join(ROOT, 'samples/billing', name), mappingOf(name));
    const cities = new Set([...imp.sites.values()].map((s) => s.city));
    expect(cities.size).toBeGreaterThan(20);
    for (const city of cities) expect({ city, region: regionOfMunicipality(city) }).toEqual({ city, region: expect.any(String) });
    for (const s of imp.sites.values()) expect(s.region).toBe(regionOfMunicipality(s.city));
    expect(regionOfMunicipality('Jämsä')).toBe('Keski-Suomi');
    expect(regionOfMunicipality('Kauniainen')).toBe('Uusimaa');
  });

  it("uses the export's own region column when the mapping names one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regions-'));
    try {
      const [header, ...rows] = fs.readFileSync(path.join(ROOT, 'samples/billing/supervisors.csv'), 'utf8').trimEnd().split('\n');
      const file = path.join(dir, 'with-region.csv');
      fs.writeFileSync(file, [`${header},alue`, ...rows.slice(0, 20).map((r, i) => `${r},${i === 0 ? '' : 'Oma alue'}`)].join('\n') + '\n');
      const base = mappingOf('canonical');
      const imp = await importBilling(file, { ...base, columns: { ...base.columns, region: 'alue' } });
      const sites = [...imp.sites.values()].sort((a, b) => a.line - b.line);
      expect(sites[0]!.region).toBe(regionOfMunicipality(sites[0]!.city)); // blank cell: derived
      expect(sites.slice(1).every((s) => s.region === 'Oma alue')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
