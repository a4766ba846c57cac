import path from 'node:path';
import { importBilling, loadMapping } from '../../src/billing';
import { AppError } from '../../src/errors/app-error';
import { SYNC_CLI, approveCommand, rejectionText } from '../../src/cli/sync-text';
import { parseCli } from '../../src/cli/cli-kit';

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

describe('sync CLI: approving a held run', () => {
  const parse = (...argv: string[]) => {
    let err = '';
    const sink = { write: (s: string) => ((err += s), true) } as never;
    const parsed = parseCli(SYNC_CLI, argv, { out: sink, err: sink, env: {} });
    return { parsed, err };
  };

  it('takes the run id with --approve, and with its old name --confirm-removals', () => {
    const a = parse('--approve', 'run-1');
    expect(a.parsed.ok && a.parsed.values.approve).toBe('run-1');
    const old = parse('--confirm-removals', 'run-1');
    expect(old.parsed.ok && old.parsed.values['confirm-removals']).toBe('run-1');
  });

  it('refuses --confirm-removals without a run id (it never re-syncs the default export)', () => {
    const bare = parse('--confirm-removals', '--lang', 'en');
    expect(bare.parsed.ok).toBe(false);
    expect(bare.err).toMatch(/confirm-removals.*needs a value/);
  });

  it('prints exactly the command that approves the run', () => {
    expect(approveCommand('0f0e-11')).toBe('npm run sync -- --approve 0f0e-11');
  });
});
