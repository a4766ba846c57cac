/**
 * Creates `.emulator/ca.pem` (once) before jest starts, so the test command can set
 * NODE_EXTRA_CA_CERTS=.emulator/ca.pem: Node reads that file only at process start.
 * Usage: `tsx emulator/ensure-ca.ts [stateDir]`.
 */
import path from 'node:path';
import { ensureCa } from './tls';
import { defaultStateDir } from './paths';

ensureCa(process.argv[2] ? path.resolve(process.argv[2]) : defaultStateDir())
  .then((ca) => process.stdout.write(`${ca.caFile}\n`))
  .catch((err) => {
    process.stderr.write(`could not create the emulator CA: ${(err as Error).message}\n`);
    process.exit(1);
  });
