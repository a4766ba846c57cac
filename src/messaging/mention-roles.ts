import { AppError } from '../errors/app-error';
import type { MentionSpec } from '../store';
import { normaliseRole } from './people';

/** Billing roles a notice can @mention (as stored by the sync, snake_case; camelCase is accepted too). */
const MENTION_ROLES = ['supervisor', 'regional_director', 'manager', 'sales_manager'] as const;
/** Every value `--mention` (CLI) or the bot's mention part accepts: two audiences, or roles separated by commas. */
export const MENTION_VALUES = ['supervisors', 'all', ...MENTION_ROLES] as const;

/**
 * "supervisors", "all" or a comma-separated list of billing roles. Anything else is refused with the
 * valid values: an unknown role must never quietly @mention nobody.
 */
export function parseMention(text: string): MentionSpec {
  const value = text.trim();
  if (value === 'supervisors' || value === 'all') return { mode: value };
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(MENTION_ROLES as readonly string[]).includes(normaliseRole(r)));
  if (roles.length === 0 || unknown.length > 0) {
    const shown = unknown.length > 0 ? unknown.join(', ') : value;
    throw new AppError('BAD_INPUT', `unknown mention "${shown}"; valid: ${MENTION_VALUES.join(', ')}`, {
      userMessage: `Tuntematon rooli / unknown role "${shown}": ${MENTION_VALUES.join(', ')}`,
      details: { unknown: shown, valid: [...MENTION_VALUES] },
    });
  }
  return { mode: 'roles', roles: roles.map(normaliseRole) };
}

/** The same check for a stored or composed spec (a mention built in code or read from an old row). */
export function checkMention(spec: MentionSpec | undefined): void {
  if (spec?.mode === 'roles') parseMention((spec.roles ?? []).join(','));
}
