import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { AppError } from '../../src/errors/app-error';
import { buildPackage, fillPlaceholders, listPlaceholders, loadEnv, parseEnvFile } from '../../manifest/build-package';
import { readPngHeader } from '../../manifest/png';

const ROOT = path.resolve(__dirname, '../..');
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A copy of env/ in the temp dir, so tests can add .user files without touching the repo. */
function copyEnvDir(): string {
  const dir = path.join(tmp, 'env');
  fs.cpSync(path.join(ROOT, 'env'), dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.user')) fs.rmSync(path.join(dir, f));
  return dir;
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines, skipping comments and blanks, unquoting values', () => {
    const text = [
      '# comment',
      '',
      'A=1',
      'export B = two ',
      'C=" (dev)"',
      "D='x # y'",
      'E=plain # trailing comment',
      'EMPTY=',
      'not a line',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({ A: '1', B: 'two', C: ' (dev)', D: 'x # y', E: 'plain', EMPTY: '' });
  });
});

describe('fillPlaceholders', () => {
  it('replaces every placeholder and escapes values for JSON', () => {
    const out = fillPlaceholders('{"a":"${{A}}","b":"x-${{B}}-${{A}}"}', { A: 'say "hi"', B: 'b' });
    expect(JSON.parse(out)).toEqual({ a: 'say "hi"', b: 'x-b-say "hi"' });
  });

  it('names every missing or empty variable at once', () => {
    const text = '${{ONE}} ${{TWO}} ${{THREE}} ${{APP_NAME_SUFFIX}}';
    let error: unknown;
    try {
      fillPlaceholders(text, { TWO: '2', THREE: '', APP_NAME_SUFFIX: '' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain('ONE, THREE');
    expect((error as AppError).details).toEqual({ missing: ['ONE', 'THREE'] });
  });

  it('lists distinct placeholder names', () => {
    expect(listPlaceholders('${{A}} ${{ B }}', '${{A}}')).toEqual(['A', 'B']);
  });
});

describe('loadEnv', () => {
  it('lets env/.env.<env>.user override env/.env.<env>', () => {
    const envDir = copyEnvDir();
    fs.writeFileSync(path.join(envDir, '.env.dev.user'), 'SECRET_BOT_PASSWORD=s3cret\nTAB_DOMAIN=override.example.com\n');
    const { vars, files } = loadEnv('dev', envDir);
    expect(files).toHaveLength(2);
    expect(vars.SECRET_BOT_PASSWORD).toBe('s3cret');
    expect(vars.TAB_DOMAIN).toBe('override.example.com');
    expect(vars.TEAMSFX_ENV).toBe('dev');
  });

  it('fails clearly for an unknown environment', () => {
    expect(() => loadEnv('nosuchenv')).toThrow(/env\/\.env\.nosuchenv does not exist/);
  });
});

describe('buildPackage', () => {
  it('writes appPackage.<env>.zip with the manifest, localization and icons, all placeholders filled', async () => {
    const built = await buildPackage({ env: 'local', outDir: path.join(tmp, 'out') });
    expect(built.zipPath).toBe(path.join(tmp, 'out', 'appPackage.local.zip'));

    const zip = await JSZip.loadAsync(fs.readFileSync(built.zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    for (const name of ['manifest.json', 'en-us.json']) {
      const text = await zip.file(name)!.async('string');
      expect(text).not.toContain('${{');
      JSON.parse(text);
    }
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    const local = loadEnv('local').vars;
    expect(manifest.id).toBe(local.TEAMS_APP_ID);
    expect(manifest.name.short).toBe('Asiakkuuskanavat (local)');
    expect(readPngHeader(await zip.file('color.png')!.async('nodebuffer'))).toMatchObject({ width: 192, height: 192 });
  });

  it('builds the dev package once the provisioned ids are in env/.env.dev.user', async () => {
    const envDir = copyEnvDir();
    fs.writeFileSync(
      path.join(envDir, '.env.dev.user'),
      [
        'TEAMS_APP_ID=11111111-2222-4333-8444-555555555555',
        'BOT_ID=22222222-3333-4444-8555-666666666666',
        'AAD_APP_CLIENT_ID=33333333-4444-4555-8666-777777777777',
        'SECRET_BOT_PASSWORD=dummy',
      ].join('\n'),
    );
    const built = await buildPackage({ env: 'dev', envDir, outDir: path.join(tmp, 'out') });
    expect(path.basename(built.zipPath)).toBe('appPackage.dev.zip');
    expect(built.manifest.validDomains).toEqual(['app-account-channels-dev.azurewebsites.net']);
  });

  it('reports every missing variable by name (a fresh clone has no provisioned ids for dev)', async () => {
    const error = await caught(buildPackage({ env: 'dev', envDir: copyEnvDir(), outDir: path.join(tmp, 'out') }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect((error.details?.missing as string[]).sort()).toEqual(['AAD_APP_CLIENT_ID', 'BOT_ID', 'TEAMS_APP_ID']);
    expect(error.message).toMatch(/TEAMS_APP_ID/);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it('refuses to zip a manifest that breaks the schema', async () => {
    const manifestDir = path.join(tmp, 'manifest');
    fs.cpSync(path.join(ROOT, 'manifest'), manifestDir, { recursive: true });
    const file = path.join(manifestDir, 'manifest.json');
    const broken = JSON.parse(fs.readFileSync(file, 'utf8'));
    broken.accentColor = 'teal';
    fs.writeFileSync(file, JSON.stringify(broken));
    const error = await caught(buildPackage({ env: 'local', manifestDir, outDir: path.join(tmp, 'out') }));
    expect(error.message).toContain('/accentColor');
    expect(fs.existsSync(path.join(tmp, 'out', 'appPackage.local.zip'))).toBe(false);
  });
});
