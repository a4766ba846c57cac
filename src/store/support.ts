import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../ports/clock';
import type { Database } from './database';

/** What every repository is built from; `db` may be a transaction. */
export interface RepoDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export const newId = (): string => randomUUID();
export const nowIso = (clock: Clock): string => clock.now().toISOString();

export const toJson = (value: unknown): string => JSON.stringify(value ?? null);
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Emails are keys: the app's one e-mail rule (src/domain/email.ts). */
export { normaliseEmail } from '../domain/email';

/** Runs fn in a transaction unless db already is one (Kysely does not nest transactions). */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** Multi-row inserts in slices, well under SQLite's and PostgreSQL's bound-parameter limits. */
export function chunks<T>(items: readonly T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Finnish alphabetical order (Å, Ä, Ö after Z). Text is sorted here rather than in SQL because
 * SQLite and PostgreSQL collate non-ASCII text differently.
 */
export const finnishCollator = new Intl.Collator('fi', { sensitivity: 'base', numeric: true });
