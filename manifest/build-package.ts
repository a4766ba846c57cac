import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { AppError } from '../src/errors/app-error';
import { parseEnvFile } from '../src/config/env-file';

export { parseEnvFile };

// Builds the Teams app package the way Teams Toolkit's teamsApp/zipAppPackage does (same
// `${{NAME}}` placeholders, same env files), but offline and testable: `teamsapp validate`
// needs the network, while the official v1.25 schemas are in the repo (schemas/).
//
//   npm run package -- [--env dev] [--out build/appPackage]   (the command line: src/cli/package.ts)

const ROOT = path.resolve(__dirname, '..');
const MANIFEST_SCHEMA = path.join(ROOT, 'schemas/teams-manifest-v1.25/MicrosoftTeams.schema.json');
const LOCALIZATION_SCHEMA = path.join(ROOT, 'schemas/teams-manifest-v1.25/MicrosoftTeams.Localization.schema.json');

/** Placeholders that may legitimately be empty (production has no name suffix). */
const OPTIONAL_PLACEHOLDERS: readonly string[] = ['APP_NAME_SUFFIX'];

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Reads env/.env.<env> and, when present, env/.env.<env>.user (which wins). */
export function loadEnv(envName: string, envDir = path.join(ROOT, 'env')): { vars: Record<string, string>; files: string[] } {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) {
    throw new AppError('BAD_INPUT', `Invalid environment name "${envName}"`);
  }
  const main = path.join(envDir, `.env.${envName}`);
  if (!fs.existsSync(main)) {
    throw new AppError('CONFIG_INVALID', `Environment file ${path.relative(ROOT, main)} does not exist`);
  }
  const files = [main];
  const user = `${main}.user`;
  if (fs.existsSync(user)) files.push(user);
  const vars: Record<string, string> = {};
  for (const file of files) Object.assign(vars, parseEnvFile(fs.readFileSync(file, 'utf8')));
  return { vars, files };
}

/** Distinct placeholder names used in the given texts, in order of first use. */
export function listPlaceholders(...texts: string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names];
}

/** Placeholder names that have no value (undefined, or empty unless optional). */
function findMissingVariables(
  texts: string[],
  vars: Record<string, string | undefined>,
  optional: readonly string[] = OPTIONAL_PLACEHOLDERS,
): string[] {
  return listPlaceholders(...texts).filter((name) => {
    const value = vars[name];
    return value === undefined || (value === '' && !optional.includes(name));
  });
}

function missingVariablesError(missing: string[], hint?: string): AppError {
  const message = `Missing value for placeholder variable(s): ${missing.join(', ')}${hint ? `. ${hint}` : ''}`;
  return new AppError('CONFIG_INVALID', message, { details: { missing } });
}

export interface FillOptions {
  /** Escape values for use inside JSON strings (default true: our templates are JSON). */
  json?: boolean;
  optional?: readonly string[];
}

/**
 * Replaces every `${{NAME}}` in `text`. Throws an AppError (CONFIG_INVALID, details.missing)
 * naming every variable without a value, so one run shows everything to fix.
 */
export function fillPlaceholders(text: string, vars: Record<string, string | undefined>, options: FillOptions = {}): string {
  const { json = true, optional = OPTIONAL_PLACEHOLDERS } = options;
  const missing = findMissingVariables([text], vars, optional);
  if (missing.length > 0) throw missingVariablesError(missing);
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = vars[name] ?? '';
    return json ? JSON.stringify(value).slice(1, -1) : value;
  });
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

// The v1.25 schemas declare JSON Schema draft-04, hence ajv-draft-04 (Ajv 8 with draft-04
// semantics) + ajv-formats, as @microsoft/app-manifest's validateAgainstSchema does. The
// localization schema holds a pattern (`\b]`) that is invalid as a unicode RegExp, which that
// helper rejects; hence our own instance with unicodeRegExp off. Compiled once per schema.
const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaFile: string): ValidateFunction {
  let validate = validators.get(schemaFile);
  if (!validate) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    const schema = readJson(schemaFile) as Record<string, unknown>;
    validate = ajv.compile(schema);
    validators.set(schemaFile, validate);
  }
  return validate;
}

function validateAgainst(document: unknown, schemaFile: string): string[] {
  const validate = validatorFor(schemaFile);
  // A JSON round trip drops `undefined` members, so we validate what would be written.
  if (validate(JSON.parse(JSON.stringify(document)))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

/** Errors of `manifest` against the official v1.25 app manifest schema ([] when valid). */
export function validateManifest(manifest: unknown, schemaFile = MANIFEST_SCHEMA): string[] {
  return validateAgainst(manifest, schemaFile);
}

/** Errors of a localization file against the official v1.25 localization schema ([] when valid). */
export function validateLocalization(localization: unknown, schemaFile = LOCALIZATION_SCHEMA): string[] {
  return validateAgainst(localization, schemaFile);
}

interface ManifestFileRefs {
  icons?: { color?: string; outline?: string; color32x32?: string };
  localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: { file?: string }[] };
}

function referencedFiles(manifest: ManifestFileRefs): { localization: string[]; icons: string[] } {
  const info = manifest.localizationInfo;
  const localization = [info?.defaultLanguageFile, ...(info?.additionalLanguages ?? []).map((l) => l.file)];
  const icons = [manifest.icons?.color, manifest.icons?.outline, manifest.icons?.color32x32];
  return {
    localization: localization.filter((f): f is string => typeof f === 'string'),
    icons: icons.filter((f): f is string => typeof f === 'string'),
  };
}

export interface BuildPackageOptions {
  /** Environment name: reads env/.env.<env> (+ .user). Default "dev". */
  env?: string;
  /** Output folder for the zip (default build/appPackage under the repo). */
  outDir?: string;
  /** Folder holding manifest.json, its localization files and icons (default manifest/). */
  manifestDir?: string;
  /** Folder holding the env files (default env/). */
  envDir?: string;
  /** Values that override the env files (tests, CI). */
  overrides?: Record<string, string>;
}

export interface BuiltPackage {
  zipPath: string;
  /** The filled manifest as written into the zip. */
  manifest: Record<string, unknown>;
  /** Zip entry names. */
  entries: string[];
}

/** Fills, validates and zips the app package; throws AppError naming what is wrong. */
export async function buildPackage(options: BuildPackageOptions = {}): Promise<BuiltPackage> {
  const env = options.env ?? 'dev';
  const manifestDir = options.manifestDir ?? __dirname;
  const outDir = path.resolve(ROOT, options.outDir ?? 'build/appPackage');
  const { vars } = loadEnv(env, options.envDir);
  Object.assign(vars, options.overrides ?? {});

  const manifestText = fs.readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8');
  const refs = referencedFiles(JSON.parse(manifestText) as ManifestFileRefs);
  const localizationTexts = refs.localization.map((file) => fs.readFileSync(path.join(manifestDir, file), 'utf8'));

  const missing = findMissingVariables([manifestText, ...localizationTexts], vars);
  if (missing.length > 0) {
    throw missingVariablesError(missing, `Set them in env/.env.${env} or env/.env.${env}.user (Teams Toolkit's provision writes the ids)`);
  }

  const manifest = JSON.parse(fillPlaceholders(manifestText, vars)) as Record<string, unknown>;
  const problems = validateManifest(manifest).map((e) => `manifest.json:${e}`);
  const localizations = localizationTexts.map((text) => JSON.parse(fillPlaceholders(text, vars)) as unknown);
  for (const [i, localization] of localizations.entries()) {
    for (const e of validateLocalization(localization)) problems.push(`${refs.localization[i]}:${e}`);
  }
  const absentIcons = refs.icons.filter((icon) => !fs.existsSync(path.join(manifestDir, icon)));
  for (const icon of absentIcons) problems.push(`icon file ${icon} does not exist`);
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', `The app package is not valid:\n  ${problems.join('\n  ')}`, {
      details: { problems },
    });
  }

  // A fixed timestamp keeps the zip byte-identical for identical inputs.
  const date = new Date('2000-01-01T00:00:00Z');
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  refs.localization.forEach((file, i) => zip.file(file, `${JSON.stringify(localizations[i], null, 2)}\n`, { date }));
  for (const icon of refs.icons) zip.file(icon, fs.readFileSync(path.join(manifestDir, icon)), { date });

  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${env}.zip`);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  fs.writeFileSync(zipPath, bytes);
  return { zipPath, manifest, entries: Object.keys(zip.files) };
}
