import { configSchema, crossKeyIssues, type AppConfig } from './schema';
import { AppError } from '../errors/app-error';
import { defaultEnv } from './local-stack';

/**
 * Reads configuration once. The only place in the code base that touches process.env,
 * so every other module receives a typed, frozen object.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  const byKey = new Map<string, string[]>();
  const add = (key: string, message: string) => byKey.set(key, [...(byKey.get(key) ?? []), message]);
  if (!parsed.success) for (const issue of parsed.error.issues) add(String(issue.path[0] ?? '(root)'), issue.message);
  for (const issue of crossKeyIssues(env)) add(issue.key, issue.message);
  if (!parsed.success || byKey.size > 0) {
    const lines = [...byKey].map(([key, msgs]) => `  ${key}: ${msgs.join('; ')}`);
    throw new AppError('CONFIG_INVALID', `Invalid configuration (${byKey.size} key(s)):\n${lines.join('\n')}`, {
      details: { keys: [...byKey.keys()] },
    });
  }
  return Object.freeze({ ...parsed.data! });
}

/**
 * For the command-line tools: the given env, or else process.env, taken over by the local stack's
 * file (.data/local.env, written by `npm start`) when the environment configures no app itself.
 */
export function loadCliConfig(env?: Record<string, string | undefined>): AppConfig {
  return loadConfig(env ?? defaultEnv());
}
