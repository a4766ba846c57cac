import fs from 'node:fs';
import path from 'node:path';
import { formatEnvFile, parseEnvFile } from './env-file';

/**
 * `npm start` writes the local stack's configuration here (relative to the folder npm runs in, the
 * repository root), so that a CLI started in another terminal finds the running emulator and the
 * same data folder without any setup. Never read in production.
 */
export const LOCAL_ENV_FILE = path.join('.data', 'local.env');

export function localEnvPath(cwd = process.cwd()): string {
  return path.resolve(cwd, LOCAL_ENV_FILE);
}

export function readLocalEnv(file = localEnvPath()): Record<string, string> | undefined {
  try {
    return parseEnvFile(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeLocalEnv(vars: Record<string, string>, file = localEnvPath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatEnvFile(vars, 'Written by `npm start` for the CLIs; rewritten at every start. Do not edit.'), { mode: 0o600 });
}

/** The process environment, completed by the local stack's file when one exists (the environment wins). */
export function defaultEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  if (env.NODE_ENV === 'production') return env;
  const local = readLocalEnv();
  return local ? { ...local, ...env } : env;
}

/**
 * NODE_EXTRA_CA_CERTS is read only when node starts. When the local stack's file names a CA the
 * process does not trust yet, this returns the environment to start the CLI again with (a CA the
 * user already trusts is kept: both go into one bundle next to the file); otherwise undefined.
 */
export function caRestartEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv | undefined {
  if (env.NODE_ENV === 'production') return undefined;
  const ca = readLocalEnv()?.NODE_EXTRA_CA_CERTS;
  const current = env.NODE_EXTRA_CA_CERTS;
  if (!ca || !fs.existsSync(ca) || current === ca) return undefined;
  if (!current || !fs.existsSync(current)) return { ...env, NODE_EXTRA_CA_CERTS: ca };
  const bundle = path.join(path.dirname(localEnvPath()), 'ca-bundle.pem');
  if (current === bundle) return undefined;
  fs.writeFileSync(bundle, `${fs.readFileSync(current, 'utf8').trimEnd()}\n${fs.readFileSync(ca, 'utf8')}`);
  return { ...env, NODE_EXTRA_CA_CERTS: bundle };
}

/** The language for command-line output: APP_LOCALE when it is fi or en, Finnish otherwise. */
export function envLocale(env: NodeJS.ProcessEnv = process.env): 'fi' | 'en' {
  const l = (env.APP_LOCALE ?? readLocalEnv()?.APP_LOCALE ?? '').toLowerCase();
  return l === 'en' ? 'en' : 'fi';
}
