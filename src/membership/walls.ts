import type { DesiredAccount, DesiredState } from './desired-state';
import { AppError } from '../errors/app-error';

/**
 * Walls between accounts: groups of accounts no one may belong to more than one of (two life-cycle
 * projects of competing customers must never see each other). Configured as ACCOUNT_WALLS, e.g.
 * "elinkaari=100016,100428;104270,103382" (groups separated by ";", an optional "name=" before each).
 */
export interface Wall {
  name: string;
  accounts: readonly string[];
}

export interface WallConflict {
  wall: string;
  email: string;
  /** The account they keep (the one they already had, else the first by id). */
  keptIn: string;
  /** Accounts the wall refused them. */
  refused: string[];
}

/** Parses ACCOUNT_WALLS; throws with a readable message on a bad value (the config check shows it). */
export function parseWalls(text: string | undefined): Wall[] {
  if (!text || !text.trim()) return [];
  return text.split(';').map((part, i) => {
    const eq = part.indexOf('=');
    const name = (eq >= 0 ? part.slice(0, eq) : '').trim() || `wall ${i + 1}`;
    const accounts = [
      ...new Set(
        (eq >= 0 ? part.slice(eq + 1) : part)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (accounts.length < 2)
      throw new AppError('BAD_INPUT', `group ${i + 1} ("${part.trim()}") needs at least two account ids separated by commas`);
    return { name, accounts };
  });
}

/**
 * Pure: removes from each walled group every membership but one per person. Owners (key account
 * director, co-owners, the service account) stay: the channel needs them, and billing names them.
 * `heldBefore(email)` lists the accounts the person already belongs to (their first membership);
 * `exempt` are people walls do not apply to (directors and admins, when configured).
 */
export function enforceWalls(
  accounts: ReadonlyMap<string, DesiredAccount>,
  walls: readonly Wall[],
  heldBefore: (email: string) => ReadonlySet<string>,
  exempt: ReadonlySet<string> = new Set(),
): { accounts: Map<string, DesiredAccount>; conflicts: WallConflict[] } {
  const out = new Map(accounts);
  const conflicts: WallConflict[] = [];
  for (const wall of walls) {
    const inWall = new Map<string, string[]>(); // email -> accounts of this wall that want them as members
    for (const id of [...wall.accounts].sort()) {
      for (const p of out.get(id)?.members ?? []) inWall.set(p.email, [...(inWall.get(p.email) ?? []), id]);
    }
    for (const [email, ids] of inWall) {
      const owns = wall.accounts.filter((id) => out.get(id)?.owners.some((o) => o.email === email));
      if (ids.length + owns.length < 2 || exempt.has(email)) continue;
      const before = heldBefore(email);
      const keptIn = owns[0] ?? ids.find((id) => before.has(id)) ?? ids[0]!;
      const refused = ids.filter((id) => id !== keptIn);
      for (const id of refused) {
        const a = out.get(id)!;
        out.set(id, { ...a, members: a.members.filter((m) => m.email !== email) });
      }
      if (refused.length) conflicts.push({ wall: wall.name, email, keptIn, refused });
    }
  }
  return { accounts: out, conflicts };
}

/** The same, over a whole desired state. */
export function withWalls(
  state: DesiredState,
  walls: readonly Wall[],
  heldBefore: (email: string) => ReadonlySet<string>,
  exempt?: ReadonlySet<string>,
) {
  const { accounts, conflicts } = enforceWalls(state.accounts, walls, heldBefore, exempt);
  return { state: { ...state, accounts }, conflicts };
}

/** The other walled accounts a membership in `customerId` would conflict with. */
export function wallmates(walls: readonly Wall[], customerId: string): { wall: string; accounts: string[] }[] {
  return walls
    .filter((w) => w.accounts.includes(customerId))
    .map((w) => ({ wall: w.name, accounts: w.accounts.filter((a) => a !== customerId) }));
}
