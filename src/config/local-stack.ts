import fs from 'node:fs';
import path from 'node:path';
import { formatEnvFile, parseEnvFile } from './env-file';

/**
 * `npm start` writes the local stack's configuration here (relative to the folder npm runs in, the
 * repository root), so that a CLI started in another terminal finds the running emulator and the
 * same data folder without any setup. Never read in production.
 */
const LOCAL_ENV_FILE = path.join('.data', 'local.env');

function localEnvPath(cwd = process.cwd()): string {
  return path.resolve(cwd, LOCAL_ENV_FILE);
}

function readLocalEnv(file = localEnvPath()): Record<string, string> | undefined {
  try {
    return parseEnvFile(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeLocalEnv(vars: Record<string, string>, file = localEnvPath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatEnvFile(vars, 'Written by `npm start` for the CLIs; rewritten at every start. Do not edit.'), {
    mode: 0o600,
  });
}

/**
 * All or nothing: an environment that names a tenant configures the app itself; one that does not
 * (a developer's shell) is completed by the local stack's file, its own keys (APP_LOCALE, LOG_LEVEL…)
 * winning. Never in production.
 */
function usesLocalStack(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV !== 'production' && !env.AAD_APP_TENANT_ID;
}

/** The process environment, or the local stack's file under it (see usesLocalStack). */
export function defaultEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const local = usesLocalStack(env) ? readLocalEnv() : undefined;
  return local ? { ...local, ...env } : env;
}

/**
 * NODE_EXTRA_CA_CERTS is read only when node starts. When the local stack's file names a CA the
 * process does not trust yet, this returns the environment to start the CLI again with (a CA the
 * user already trusts is kept: both go into one bundle next to the file); otherwise undefined.
 */
export function caRestartEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv | undefined {
  if (!usesLocalStack(env)) return undefined;
  const ca = readLocalEnv()?.NODE_EXTRA_CA_CERTS;
  const current = env.NODE_EXTRA_CA_CERTS;
  if (!ca || !fs.existsSync(ca) || current === ca) return undefined;
  if (!current || !fs.existsSync(current)) return { ...env, NODE_EXTRA_CA_CERTS: ca };
  const bundle = path.join(path.dirname(localEnvPath()), 'ca-bundle.pem');
  if (current === bundle) return undefined;
  fs.writeFileSync(bundle, `${fs.readFileSync(current, 'utf8').trimEnd()}\n${fs.readFileSync(ca, 'utf8')}`);
  return { ...env, NODE_EXTRA_CA_CERTS: bundle };
}

/** The language for command-line output: APP_LOCALE (of the given env, else of the process or the local stack's file), Finnish unless it is en. */
export function envLocale(env?: Record<string, string | undefined>): 'fi' | 'en' {
  const l = (env ? env.APP_LOCALE : (process.env.APP_LOCALE ?? readLocalEnv()?.APP_LOCALE)) ?? '';
  return l.toLowerCase() === 'en' ? 'en' : 'fi';
}

/**
 * When the CLIs run on the local stack's file but that stack is not running (no live `npm start` holds
 * the data folder's lock), the one line that says so; otherwise undefined.
 */
export function localStackStopped(lang: 'fi' | 'en', env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!usesLocalStack(env) || !readLocalEnv()) return undefined;
  let pid = 0;
  try {
    pid = Number(fs.readFileSync(path.join(path.dirname(localEnvPath()), 'stack.lock'), 'utf8').trim());
    process.kill(pid, 0);
    return undefined;
  } catch (e) {
    if (pid > 0 && (e as NodeJS.ErrnoException).code === 'EPERM') return undefined;
  }
  return lang === 'fi'
    ? 'Paikallinen ympäristö ei ole käynnissä: käynnistä se toisessa ikkunassa (npm start).'
    : 'The local stack is not running: start it in another terminal (npm start).';
}
