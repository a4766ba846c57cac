/**
 * A sync in a process of its own, over a test's database and emulator, so a test can SIGKILL it at
 * any moment. Reads its spec (config env, database location, clock) as JSON from SYNC_CHILD_SPEC;
 * prints the outcome's status and exits with its exit code.
 */
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { ManualClock } from '../../src/ports/clock';
import { openDatabase } from '../../src/store';
import { createServices, mappingFor, syncDependencies } from '../../src/server/services';
import { runSync } from '../../src/sync/run-sync';

export interface SyncChildSpec {
  env: Record<string, string>;
  database: { dataDir: string; databaseUrl?: string; schema?: string };
  now: string;
  source: string;
  confirmRemovals?: boolean;
}

async function main(): Promise<number> {
  const spec = JSON.parse(process.env.SYNC_CHILD_SPEC ?? '') as SyncChildSpec;
  const config = loadConfig(spec.env);
  const database = await openDatabase({ ...spec.database, poolSize: 2 });
  const services = await createServices(config, silentLogger, { clock: new ManualClock(new Date(spec.now)), database });
  try {
    const outcome = await runSync(syncDependencies(services), {
      source: spec.source,
      mapping: mappingFor(config).mapping,
      trigger: 'test',
      confirmRemovals: spec.confirmRemovals,
    });
    process.stdout.write(`${outcome.summary.status}\n`);
    return outcome.exitCode;
  } finally {
    await services.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
