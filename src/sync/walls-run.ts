import type { EnqueueInput, Repositories } from '../store';
import type { TeamsDirectory } from '../ports/teams-directory';
import type { Logger } from '../ports/logger';
import { withWalls, type DesiredState, type Wall, type WallConflict } from '../membership';

/** The repositories the wall checks read and write. */
type WallsStore = Pick<Repositories, 'audit' | 'desiredMemberships' | 'outbox' | 'people'>;

export interface WallSettings {
  walls: readonly Wall[];
  /** Members of these groups (directors, admins) may belong to several walled accounts; empty = nobody may. */
  exemptGroupIds: readonly string[];
}

/**
 * Applies the walls between accounts to the desired state. A refused membership is audited against
 * the refused account and both accounts' owners get a note (once per person and account). A dry run
 * records nothing.
 */
export async function applyAccountWalls(
  deps: { store: WallsStore; directory: Pick<TeamsDirectory, 'checkMemberGroups' | 'resolveUsers'>; logger: Logger },
  state: DesiredState,
  settings: WallSettings | undefined,
  run: { runId: string | null; dryRun: boolean },
): Promise<DesiredState> {
  if (!settings?.walls.length) return state;
  const walled = [...new Set(settings.walls.flatMap((w) => w.accounts))];
  const heldBy = new Map<string, Set<string>>();
  for (const id of walled) {
    for (const m of await deps.store.desiredMemberships.listForAccount(id)) heldBy.set(m.email, (heldBy.get(m.email) ?? new Set()).add(id));
  }
  const heldBefore = (email: string) => heldBy.get(email) ?? new Set<string>();
  const first = withWalls(state, settings.walls, heldBefore);
  if (!first.conflicts.length) return state;
  const exempt = await exemptPeople(
    deps,
    first.conflicts.map((c) => c.email),
    settings.exemptGroupIds,
  );
  const { state: walledState, conflicts } = exempt.size ? withWalls(state, settings.walls, heldBefore, exempt) : first;
  if (!run.dryRun && run.runId && conflicts.length) await recordConflicts(deps, run.runId, walledState, conflicts);
  deps.logger.info({ conflicts: conflicts.length }, 'walls between accounts refused memberships');
  return walledState;
}

async function exemptPeople(
  deps: { store: WallsStore; directory: Pick<TeamsDirectory, 'checkMemberGroups'> },
  emails: string[],
  groupIds: readonly string[],
): Promise<Set<string>> {
  const exempt = new Set<string>();
  if (!groupIds.length) return exempt;
  const people = await deps.store.people.getMany([...new Set(emails)]);
  for (const email of new Set(emails)) {
    const oid = people.get(email)?.objectId;
    if (oid && (await deps.directory.checkMemberGroups(oid, [...groupIds])).length > 0) exempt.add(email);
  }
  return exempt;
}

async function recordConflicts(
  deps: { store: WallsStore; directory: Pick<TeamsDirectory, 'resolveUsers'> },
  runId: string,
  state: DesiredState,
  conflicts: readonly WallConflict[],
): Promise<void> {
  const { store } = deps;
  const owners = (id: string) => state.accounts.get(id)?.owners ?? [];
  const name = (id: string) => state.accounts.get(id)?.name ?? id;
  const emails = [
    ...new Set(conflicts.flatMap((c) => [c.email, ...[c.keptIn, ...c.refused].flatMap((id) => owners(id).map((o) => o.email))])),
  ];
  // Walls are applied before the run resolves its people: the few named here are looked up now.
  const cached = await store.people.getMany(emails);
  const ask = emails.filter((e) => !cached.get(e)?.objectId);
  if (ask.length) {
    const found = await deps.directory.resolveUsers(ask);
    await store.people.saveResolutions(
      ask.map((email) => ({ email, objectId: found.get(email)?.id ?? null, displayName: found.get(email)?.displayName ?? null })),
    );
  }
  const people = await store.people.getMany(emails);
  const audit: Parameters<WallsStore['audit']['append']>[1][number][] = [];
  const notes: EnqueueInput[] = [];
  for (const c of conflicts) {
    const person = people.get(c.email)?.displayName ?? c.email;
    for (const refused of c.refused) {
      audit.push({
        action: 'wall-refused',
        customerId: refused,
        email: c.email,
        reason: `wall "${c.wall}": already a member of ${c.keptIn}`,
        detail: { wall: c.wall, keptIn: c.keptIn },
      });
      // Both accounts' owners are told, each once per person and refused account.
      for (const ownerOf of [refused, c.keptIn]) {
        for (const o of owners(ownerOf)) {
          const oid = people.get(o.email)?.objectId;
          if (!oid) continue;
          notes.push({
            idempotencyKey: `wall:${refused}:${c.email}:${oid}`,
            kind: 'access-note',
            customerId: ownerOf,
            target: { userId: oid, email: o.email },
            payload: { kind: 'wall', person, account: name(refused), other: name(c.keptIn), wall: c.wall },
          });
        }
      }
    }
  }
  await store.audit.append(runId, audit);
  if (notes.length) await store.outbox.enqueueMany(notes);
}
