import type { Clock } from '../ports/clock';
import { migrateToLatest } from './migrate';
import { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './open-database';
import { createStore, type Store, type StoreOptions } from './store';

/** What the server and the CLIs do at start: open the configured engine, migrate, build the store. */
export async function openStore(
  options: OpenDatabaseOptions & { clock: Clock; store?: StoreOptions },
): Promise<{ store: Store; database: OpenedDatabase }> {
  const database = await openDatabase(options);
  try {
    await migrateToLatest(database.db, { schema: database.schema, logger: options.logger });
  } catch (err) {
    await database.close();
    throw err;
  }
  return { store: createStore(database.db, options.clock, options.store), database };
}
