/** `npm run docs:config`: writes docs/configuration.md from the configuration schema. */
import fs from 'node:fs';
import path from 'node:path';
import { configurationDoc } from '../src/config/config-doc';

const file = path.resolve(__dirname, '../docs/configuration.md');
fs.writeFileSync(file, configurationDoc());
process.stdout.write(`${path.relative(process.cwd(), file)} written\n`);
