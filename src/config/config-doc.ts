import { z } from 'zod';
import { configSchema, crossKeyIssues } from './schema';
import { CONFIG_KEY_DOCS } from './key-docs';

type JsonSchema = { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; format?: string; pattern?: string };

/** "integer 0–65535", "one of: fi, en", "URL"… from the key's output schema. */
function typeOf(schema: z.ZodType): string {
  let js: JsonSchema;
  try {
    js = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as JsonSchema;
  } catch {
    return 'text';
  }
  if (js.enum) return `one of ${js.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (js.type === 'boolean') return '`true` / `false`';
  if (js.type === 'integer' || js.type === 'number') {
    const max = js.maximum !== undefined && js.maximum < Number.MAX_SAFE_INTEGER ? js.maximum : undefined;
    const range = js.minimum !== undefined ? ` ${js.minimum}${max !== undefined ? `–${max}` : ' or more'}` : '';
    return `${js.type === 'integer' ? 'whole number' : 'number'}${range}`;
  }
  if (js.format === 'uri') return 'http(s) URL';
  if (js.pattern) return `text matching \`${js.pattern}\``;
  return 'text';
}

function defaultOf(schema: z.ZodType): string {
  const r = schema.safeParse(undefined);
  if (!r.success) return '**required**';
  if (r.data === undefined) return 'unset';
  if (r.data === '') return 'empty';
  return `\`${String(r.data)}\``;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/configuration.md, generated from the zod schema (`npm run docs:config`; a test keeps them equal). */
export function configurationDoc(): string {
  const rows = Object.entries(configSchema.shape).map(([key, schema]) => {
    const s = schema as z.ZodType;
    return `| \`${key}\`${key.startsWith('SECRET_') ? ' 🔒' : ''} | ${cell(defaultOf(s))} | ${cell(typeOf(s))} | ${cell(CONFIG_KEY_DOCS[key] ?? '')} |`;
  });
  const rules = [
    ...crossKeyIssues({ BOT_ID: 'x' }).map((i) => `- \`${i.key}\` ${i.message}.`),
    ...crossKeyIssues({ NODE_ENV: 'production', BOT_ID: '', SECRET_BOT_PASSWORD: 'x' }).map((i) => `- \`${i.key}\` ${i.message}.`),
  ];
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts and src/config/key-docs.ts by `npm run docs:config`. Do not edit by hand. -->',
    '',
    'All configuration is read once at start-up by one zod schema (`src/config/schema.ts`) into a typed,',
    'frozen object; only `src/config` reads the environment. A missing or bad value stops start-up with one',
    'message naming every offending key. Keys marked 🔒 are secrets: they have the `SECRET_` prefix, live only',
    'in ignored `env/.env.*.user` files and never appear in logs.',
    '',
    'Locally nothing needs setting: `npm start` passes the app its configuration and writes it to',
    '`.data/local.env`, which the command-line tools read when the environment names no tenant',
    '(`AAD_APP_TENANT_ID` unset) and `NODE_ENV` is not `production`.',
    '',
    '| key | default | type | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Rules that span keys:',
    '',
    ...rules,
    '',
  ].join('\n');
}
