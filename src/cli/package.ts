/**
 * npm run package -- [--env dev] [--out build/appPackage] [--lang fi|en] [--help]
 * Builds the Teams app package (manifest + icons, placeholders filled from env/.env.<env>) offline.
 * Exit codes: 0 done, 2 bad input (unknown environment, a placeholder without a value), 1 other failure.
 */
import path from 'node:path';
import { buildPackage } from '../../manifest/build-package';
import { AppError } from '../errors/app-error';
import { parseCli, runCli, type CliSpec, type OptionSpec } from './cli-kit';

export const PACKAGE_CLI = {
  name: 'package',
  summary: {
    fi: 'Rakentaa Teams-sovelluspaketin (manifesti ja kuvakkeet) ympäristön env/.env.<env> arvoilla.',
    en: 'Builds the Teams app package (manifest and icons) with the values of env/.env.<env>.',
  },
  footer: { fi: 'Lisätietoa: docs/deploying.md', en: 'More: docs/deploying.md' },
  options: {
    env: { type: 'string', value: 'NAME', help: { fi: 'ympäristö (oletus dev)', en: 'environment (default dev)' } },
    out: {
      type: 'string',
      value: 'DIR',
      help: { fi: 'kohdekansio (oletus build/appPackage)', en: 'output folder (default build/appPackage)' },
    },
  },
} as const satisfies CliSpec<Record<string, OptionSpec>>;

export async function packageCli(
  argv: string[],
  io = { out: process.stdout as { write(s: string): unknown }, err: process.stderr as { write(s: string): unknown } },
): Promise<number> {
  const parsed = parseCli(PACKAGE_CLI, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { values, lang } = parsed;
  try {
    const built = await buildPackage({ env: values.env, outDir: values.out });
    const where = path.relative(process.cwd(), built.zipPath);
    io.out.write(
      lang === 'fi'
        ? `Sovelluspaketti kirjoitettu: ${where} (${built.entries.join(', ')})\n`
        : `App package written to ${where} (${built.entries.join(', ')})\n`,
    );
    return 0;
  } catch (e) {
    const ae = AppError.from(e);
    if (ae.code !== 'BAD_INPUT' && ae.code !== 'CONFIG_INVALID') throw e;
    io.err.write(`${ae.message}\n`);
    return 2;
  }
}

if (require.main === module) runCli('package', () => packageCli(process.argv.slice(2)));
