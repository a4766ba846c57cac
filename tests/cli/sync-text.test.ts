import path from 'node:path';
import { importBilling, loadMapping } from '../../src/billing';
import { AppError } from '../../src/errors/app-error';
import { rejectionText } from '../../src/cli/sync-text';

const ROOT = path.resolve(__dirname, '../..');
const MAPPINGS = path.join(ROOT, 'mappings');

async function rejection(file: string): Promise<AppError> {
  try {
    await importBilling(file, loadMapping(path.join(MAPPINGS, 'canonical.json')));
  } catch (e) {
    return AppError.from(e);
  }
  throw new Error('expected a rejection');
}

describe('sync CLI: a rejected export', () => {
  it('a Finnish Excel export read with the default mapping: one message with the headers found and the mapping that fits', async () => {
    const err = await rejection(path.join(ROOT, 'samples/billing/supervisors-fi-excel.csv'));
    const fi = rejectionText(err, 'fi', MAPPINGS, path.join(MAPPINGS, 'canonical.json'));
    expect(fi.split('\n')[0]).toBe('Laskutusvienti hylättiin, mitään ei muutettu.');
    expect(fi).toContain('Tiedoston sarakkeet: "Asiakasnro", "Asiakas"');
    expect(fi).toMatch(/Sopiva määrittely: --mapping \S*mappings\/fi-excel\.json\n$/);
    const en = rejectionText(err, 'en', MAPPINGS);
    expect(en.split('\n')[0]).toBe('The billing export was rejected; nothing was changed.');
    expect(en).toMatch(/A mapping that fits: --mapping \S*mappings\/fi-excel\.json/);
  });

  it('names no mapping when none fits', async () => {
    const err = await rejection(path.join(ROOT, 'samples/billing/bad', '03-missing-column.csv'));
    expect(rejectionText(err, 'en', MAPPINGS, path.join(MAPPINGS, 'canonical.json'))).not.toContain('--mapping');
  });
});
