import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft6MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import { AppError } from '../errors/app-error';

/**
 * Validates a card as Teams will receive it: the official Adaptive Card 1.5 schema for everything
 * but the root `msteams` object (the schema forbids unknown root properties, and `msteams` is a
 * Teams extension), then the mentions: every entity's `<at>…</at>` text must appear in the card.
 * Test helper for every area (ajv is a dev dependency; production code does not call this).
 */
export interface CardValidationResult {
  valid: boolean;
  errors: string[];
}

const SCHEMA_RELATIVE = path.join('schemas', 'adaptive-card-1.5', 'adaptive-card.json');
let compiled: ValidateFunction | undefined;

// Works from src/ (tsx, jest) and from dist/src/ (built), and from the repo root as a last resort.
function findSchema(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, SCHEMA_RELATIVE);
      if (fs.existsSync(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new AppError('INTERNAL', `cannot find ${SCHEMA_RELATIVE} above ${__dirname} or ${process.cwd()}`);
}

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(fs.readFileSync(findSchema(), 'utf8')) as Record<string, unknown>;
  // The file is draft-06 with a draft-04 style `id` and a custom `version` annotation.
  const id = schema.id;
  delete schema.id;
  schema.$id = id;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft6MetaSchema);
  compiled = ajv.compile(schema);
  return compiled;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  // anyOf over every element type produces dozens of errors; keep the deepest paths, which name the real fault.
  const maxDepth = Math.max(...errors.map((e) => e.instancePath.split('/').length));
  const deepest = errors.filter((e) => e.instancePath.split('/').length === maxDepth && e.keyword !== 'anyOf');
  const chosen = deepest.length > 0 ? deepest : errors;
  return [
    ...new Set(chosen.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params ? ' ' + JSON.stringify(e.params) : ''}`)),
  ].slice(0, 10);
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
}

export function validateCard(card: unknown): CardValidationResult {
  const errors: string[] = [];
  if (!card || typeof card !== 'object' || Array.isArray(card)) return { valid: false, errors: ['card is not an object'] };
  const { msteams, ...rest } = card as Record<string, unknown>;
  const validate = validator();
  if (!validate(rest)) errors.push(...describe(validate.errors));
  if (rest.type !== 'AdaptiveCard') errors.push('/type must be AdaptiveCard');
  if (msteams !== undefined) {
    if (!msteams || typeof msteams !== 'object') {
      errors.push('/msteams must be an object');
    } else {
      const { entities, width } = msteams as { entities?: unknown; width?: unknown };
      if (width !== undefined && width !== 'Full') errors.push(`/msteams/width must be "Full", got ${JSON.stringify(width)}`);
      if (entities !== undefined) {
        if (!Array.isArray(entities)) errors.push('/msteams/entities must be an array');
        else {
          const texts: string[] = [];
          collectStrings(rest.body, texts);
          entities.forEach((e: unknown, i) => {
            const m = e as { type?: unknown; text?: unknown; mentioned?: { id?: unknown; name?: unknown } };
            if (m?.type !== 'mention') errors.push(`/msteams/entities/${i}/type must be "mention"`);
            if (typeof m?.text !== 'string' || !/^<at>(?:(?!<\/?at>).)+<\/at>$/s.test(m.text))
              errors.push(`/msteams/entities/${i}/text must be <at>Name</at>`);
            else if (!texts.some((t) => t.includes(m.text as string)))
              errors.push(`/msteams/entities/${i}/text ${m.text} does not appear in the card body`);
            if (typeof m?.mentioned?.id !== 'string' || m.mentioned.id === '')
              errors.push(`/msteams/entities/${i}/mentioned/id is missing`);
            if (typeof m?.mentioned?.name !== 'string') errors.push(`/msteams/entities/${i}/mentioned/name is missing`);
          });
        }
      }
    }
  }
  return { valid: errors.length === 0, errors };
}
