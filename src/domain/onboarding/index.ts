/*
 * Who must read what when they join an account, and when the personal weekly digest is due. Pure rules:
 * the callers read the store.
 */
import { billingRoleOf, type AccessReason } from '../access-reason';

/** Roles an owner can mark an item must-read for; "everyone" covers every member of the account. */
export const MUST_READ_ROLES = ['everyone', 'supervisor', 'regional_director', 'manager', 'sales_manager', 'key_account_director'] as const;

/** A member's roles in one account, from the reasons of their membership; co-owners count as key account directors. */
export function memberRoles(reasons: readonly AccessReason[]): Set<string> {
  const roles = new Set<string>(['everyone']);
  for (const r of reasons) {
    const role = billingRoleOf(r);
    if (role) roles.add(role);
    if (r.kind === 'co_owner') roles.add('key_account_director');
  }
  return roles;
}

export interface MustReadRule {
  itemId: string;
  roles: readonly string[];
  version: number;
}

/** The must-read items that apply to someone with these roles. */
export function requiredFor<T extends MustReadRule>(rules: readonly T[], roles: ReadonlySet<string>): T[] {
  return rules.filter((r) => r.roles.some((role) => roles.has(role)));
}

/** Done = ticked at the item's current version (a tick of an older version asks to read it again). */
export function isDone(rule: MustReadRule, acks: ReadonlyArray<{ itemId: string; version: number }>): boolean {
  return acks.some((a) => a.itemId === rule.itemId && a.version >= rule.version);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const DAY_WORDS: Record<string, number> = {
  maanantai: 1,
  ma: 1,
  monday: 1,
  mon: 1,
  tiistai: 2,
  ti: 2,
  tuesday: 2,
  tue: 2,
  keskiviikko: 3,
  ke: 3,
  wednesday: 3,
  wed: 3,
  torstai: 4,
  to: 4,
  thursday: 4,
  thu: 4,
  perjantai: 5,
  pe: 5,
  friday: 5,
  fri: 5,
  lauantai: 6,
  la: 6,
  saturday: 6,
  sat: 6,
  sunnuntai: 7,
  su: 7,
  sunday: 7,
  sun: 7,
};

export type DigestChoice = { kind: 'off' } | { kind: 'on' } | { kind: 'day'; weekday: number } | { kind: 'show' } | { kind: 'unknown' };

/** What "kooste …" / "digest …" asks for: off, on, a weekday, or nothing (show the setting). */
export function parseDigestChoice(args: string): DigestChoice {
  const word = args
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  if (word === '') return { kind: 'show' };
  if (['pois', 'off', 'stop', 'ei'].includes(word)) return { kind: 'off' };
  if (['päälle', 'paalle', 'on', 'start', 'kyllä'].includes(word)) return { kind: 'on' };
  // "maanantaisin" / "maanantaina" read as the day too.
  const base = word.replace(/(isin|sin|ina|na)$/, '');
  const day = DAY_WORDS[word] ?? DAY_WORDS[base] ?? DAY_WORDS[`${base}i`];
  return day ? { kind: 'day', weekday: day } : { kind: 'unknown' };
}

/** A list cut to `max` entries and how many were left off (the card says "+N more"). */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
