import { helpText, nearestOption, parseCli, type CliSpec, type OptionSpec } from '../../src/cli/cli-kit';
import { AUDIT_CLI } from '../../src/cli/audit';
import { KPI_IMPORT_CLI } from '../../src/cli/kpi-import';
import { NOTICE_CLI } from '../../src/cli/notice';
import { SYNC_CLI } from '../../src/cli/sync-text';
import { WEEKLY_CLI } from '../../src/cli/weekly';
import { PACKAGE_CLI } from '../../src/cli/package';

function capture() {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

const ALL: CliSpec<Record<string, OptionSpec>>[] = [SYNC_CLI, AUDIT_CLI, WEEKLY_CLI, NOTICE_CLI, KPI_IMPORT_CLI, PACKAGE_CLI];

function parse(spec: CliSpec<Record<string, OptionSpec>>, argv: string[], env: Record<string, string | undefined> = {}) {
  const out = capture();
  const err = capture();
  const r = parseCli(spec, argv, { out, err, env });
  return { r, out: out.text, err: err.text };
}

describe('the shared CLI module', () => {
  it.each(ALL.map((s) => [s.name, s] as const))(
    '%s: --help prints every option in Finnish by default and in English with --lang en',
    (_name, spec) => {
      const fi = parse(spec, ['--help']);
      expect(fi.r).toMatchObject({ ok: false, exitCode: 0 });
      expect(fi.out).toContain(`Käyttö: npm run ${spec.name} --`);
      for (const o of Object.keys(spec.options)) expect(fi.out).toContain(`--${o}`);
      expect(fi.err).toBe('');
      const en = parse(spec, ['--help', '--lang', 'en']);
      expect(en.out).toContain(`Usage: npm run ${spec.name} --`);
      expect(en.out).toContain('--help');
    },
  );

  it('suggests the nearest option for a typo, in one message, exit 2', () => {
    const fi = parse(SYNC_CLI, ['--dryrun']);
    expect(fi.r).toMatchObject({ ok: false, exitCode: 2 });
    expect(fi.err).toBe('Tuntematon valinta: --dryrun (tarkoititko --dry-run?)\nOhje: npm run sync -- --help\n');
    const en = parse(SYNC_CLI, ['--mapign', 'x.json'], { APP_LOCALE: 'en' });
    expect(en.err.split('\n')[0]).toBe('Unknown option: --mapign (did you mean --mapping?)');
    expect(parse(SYNC_CLI, ['--zzzzzzzz']).err).not.toContain('tarkoititko');
    expect(nearestOption('confirm', ['dry-run', 'confirm-removals'])).toBe('confirm-removals');
  });

  it('names an option that needs a value, and one that takes none', () => {
    expect(parse(SYNC_CLI, ['--source'], { APP_LOCALE: 'en' }).err).toContain('--source needs a value (PATH|URL)');
    expect(parse(SYNC_CLI, ['--dry-run=yes'], { APP_LOCALE: 'en' }).err).toContain('--dry-run takes no value');
  });

  it('returns typed values with defaults and the language', () => {
    const { r } = parse(WEEKLY_CLI, ['--account', 'A', '--account', 'B', '--lang', 'en']);
    expect(r).toEqual({ ok: true, lang: 'en', values: { account: ['A', 'B'], 'dry-run': false, json: false } });
    const audit = parse(AUDIT_CLI, ['--account', '1', '--limit', '-1']);
    expect(audit.r).toMatchObject({ ok: true, values: { limit: '-1' } });
  });

  it('help lists --lang and --help for every tool', () => {
    expect(helpText(AUDIT_CLI, 'en')).toMatch(/--lang fi\|en\s+output language/);
  });
});
