/**
 * What every command-line tool shares: option parsing with `--help` and `--lang`, "did you mean"
 * for a mistyped option, texts in Finnish and English, one way to report a failure, and starting
 * against the local stack `npm start` left running (its CA must be trusted from process start).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { caRestartEnv, envLocale, localStackStopped } from '../config/local-stack';
import { AppError } from '../errors/app-error';
import { exitWhenFlushed, stopOnFatal } from '../logging/fatal';

export type Lang = 'fi' | 'en';
export interface Text {
  fi: string;
  en: string;
}
export interface Out {
  write(s: string): unknown;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string | boolean;
  /** Placeholder shown in the help, e.g. PATH. */
  value?: string;
  help: Text;
}

export interface CliSpec<O extends Record<string, OptionSpec>> {
  /** The npm script name, e.g. "sync". */
  name: string;
  summary: Text;
  /** Shown after the options, e.g. the exit codes. */
  footer?: Text;
  options: O;
}

type One<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : string;
type Val<S extends OptionSpec> = S['multiple'] extends true ? One<S>[] : One<S>;
export type CliValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K] extends { default: string | boolean } ? Val<O[K]> : Val<O[K]> | undefined;
};

export type Parsed<O extends Record<string, OptionSpec>> =
  { ok: true; values: CliValues<O>; lang: Lang } | { ok: false; exitCode: number; lang: Lang };

const COMMON: Record<'lang' | 'help', OptionSpec> = {
  lang: {
    type: 'string',
    value: 'fi|en',
    help: { fi: 'tulosteen kieli (oletus fi tai APP_LOCALE)', en: 'output language (default fi, or APP_LOCALE)' },
  },
  help: { type: 'boolean', help: { fi: 'näytä tämä ohje', en: 'show this help' } },
};

const T = {
  usage: { fi: 'Käyttö', en: 'Usage' },
  options: { fi: 'Valinnat', en: 'Options' },
  unknown: { fi: 'Tuntematon valinta', en: 'Unknown option' },
  didYouMean: { fi: 'tarkoititko', en: 'did you mean' },
  needsValue: { fi: 'tarvitsee arvon', en: 'needs a value' },
  noValue: { fi: 'ei ota arvoa', en: 'takes no value' },
  positional: { fi: 'Ylimääräinen argumentti', en: 'Unexpected argument' },
  moreHelp: { fi: 'Ohje', en: 'Help' },
  badLang: { fi: '--lang on fi tai en', en: '--lang is fi or en' },
} satisfies Record<string, Text>;

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment); small strings only. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known option nearest to a mistyped one, when it is near enough to be a typo. */
export function nearestOption(typed: string, known: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = k.startsWith(t) || t.startsWith(k) ? Math.min(1, distance(t, k)) : distance(t, k);
    if (!best || d < best.d) best = { name: k, d };
  }
  return best && best.d <= Math.max(2, Math.ceil(best.name.length / 3)) ? best.name : undefined;
}

function langOf(argv: readonly string[], env?: Record<string, string | undefined>): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (v === 'en' || v === 'fi') return v;
  return envLocale(env);
}

export function helpText<O extends Record<string, OptionSpec>>(spec: CliSpec<O>, lang: Lang): string {
  const all: [string, OptionSpec][] = [...Object.entries(spec.options), ...Object.entries(COMMON)];
  const left = all.map(([n, o]) => `--${n}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = [
    `${T.usage[lang]}: npm run ${spec.name} -- [${T.options[lang].toLowerCase()}]`,
    spec.summary[lang],
    '',
    `${T.options[lang]}:`,
    ...all.map(
      ([, o], i) => `  ${left[i]!.padEnd(width)}${o.help[lang]}${o.multiple ? (lang === 'fi' ? ' (voi toistaa)' : ' (may repeat)') : ''}`,
    ),
  ];
  if (spec.footer) lines.push('', spec.footer[lang]);
  return `${lines.join('\n')}\n`;
}

/**
 * Parses argv against the spec. `--help` prints the help to `out` (exit 0); a mistake prints one
 * line naming it (with the nearest option) and where the help is, to `err` (exit 2).
 */
export function parseCli<O extends Record<string, OptionSpec>>(
  spec: CliSpec<O>,
  argv: readonly string[],
  io: { out: Out; err: Out; env?: Record<string, string | undefined> },
): Parsed<O> {
  const lang = langOf(argv, io.env);
  const names = [...Object.keys(spec.options), ...Object.keys(COMMON)];
  const fail = (message: string): Parsed<O> => {
    io.err.write(`${message}\n${T.moreHelp[lang]}: npm run ${spec.name} -- --help\n`);
    return { ok: false, exitCode: 2, lang };
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out.write(helpText(spec, lang));
    return { ok: false, exitCode: 0, lang };
  }
  const all = { ...spec.options, ...COMMON } as Record<string, OptionSpec>;
  for (const [i, a] of argv.entries()) {
    if (a === '--') break;
    const prev = argv[i - 1]?.startsWith('--') ? all[argv[i - 1]!.slice(2)] : undefined;
    if (!a.startsWith('-') || prev?.type === 'string') continue; // a value, e.g. --limit -1
    const name = a.replace(/^-+/, '').split('=')[0]!;
    if (names.includes(name) && a.startsWith('--')) continue;
    const near = nearestOption(name, names);
    return fail(`${T.unknown[lang]}: ${a}${near ? ` (${T.didYouMean[lang]} --${near}?)` : ''}`);
  }
  const options = Object.fromEntries(
    Object.entries(all).map(([n, o]) => [
      n,
      { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.default !== undefined ? { default: o.default } : {}) },
    ]),
  ) as Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer X } ? X : never) : never;
  // `--limit -1`: node's parser calls a value that starts with "-" ambiguous; joined it is plain.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && all[a.slice(2)]?.type === 'string' && next !== undefined && !next.startsWith('--')) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    if (values.lang !== undefined && values.lang !== 'fi' && values.lang !== 'en') return fail(T.badLang[lang]);
    delete values.lang;
    delete values.help;
    return { ok: true, values: values as CliValues<O>, lang };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const opt = /'(--?[\w-]+)/.exec((e as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const o = [...Object.entries(spec.options)].find(([n]) => `--${n}` === opt)?.[1];
      return fail(`${opt} ${o?.type === 'boolean' ? T.noValue[lang] : `${T.needsValue[lang]}${o?.value ? ` (${o.value})` : ''}`}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      return fail(`${T.positional[lang]}: ${/'([^']*)'/.exec((e as Error).message)?.[1] ?? ''}`);
    return fail((e as Error).message);
  }
}

const CONFIG_HEAD: Text = {
  fi: 'Asetukset puuttuvat tai ovat virheelliset. Käynnistä paikallinen ympäristö (npm start) tai aseta nämä avaimet:',
  en: 'The configuration is missing or invalid. Start the local stack (npm start) or set these keys:',
};
const FAILED: Text = { fi: 'epäonnistui', en: 'failed' };

/** One message for an error that ended a command: a configuration problem names its keys. */
export function failureText(name: string, err: unknown, lang: Lang): string {
  const e = AppError.from(err);
  if (e.code === 'CONFIG_INVALID') {
    const keyLines = e.message.split('\n').slice(1);
    return `${CONFIG_HEAD[lang]}\n${keyLines.join('\n')}\n`;
  }
  const stopped = e.code === 'UPSTREAM' ? localStackStopped(lang) : undefined;
  return `${name} ${FAILED[lang]}: ${e.message}\n${stopped ? `${stopped}\n` : ''}`;
}

/**
 * Runs a CLI entry point: when `npm start` left a local stack whose CA this process does not trust
 * yet, starts the same command again trusting it (signals are passed on); otherwise runs `main` and
 * exits with its code. An error ends the run with one message (exit 2 for configuration problems).
 */
export function runCli(name: string, main: () => Promise<number>, options: { configExitCode?: number } = {}): void {
  const env = caRestartEnv();
  if (env) {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
    const pass = (sig: NodeJS.Signals) => () => child.kill(sig);
    process.on('SIGINT', pass('SIGINT'));
    process.on('SIGTERM', pass('SIGTERM'));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
    return;
  }
  const lang = langOf(process.argv.slice(2));
  stopOnFatal({
    report: (kind, message) => process.stderr.write(`${name} ${FAILED[lang]} (${kind}): ${message}\n`),
    close: async () => {
      for (const close of openResources) await close().catch(() => undefined);
    },
  });
  main().then(
    (code) => exitWhenFlushed(code),
    (err) => {
      process.stderr.write(failureText(name, err, lang));
      exitWhenFlushed(AppError.from(err).code === 'CONFIG_INVALID' ? (options.configExitCode ?? 2) : 1);
    },
  );
}

const openResources = new Set<() => Promise<void>>();

/** What a command opened (the store, its services) is closed if an unhandled failure stops the process. */
export function closeOnFatal(close: () => Promise<void>): void {
  openResources.add(close);
}
