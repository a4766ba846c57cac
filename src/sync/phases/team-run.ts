import type { ApplyContext } from '../apply-plan';
import type { AppliedChange, AppliedOf } from '../applied-change';
import type { ChannelAction } from '../plan';
import { nextTeam, syncTeams } from '../teams';
import { addToTeam } from './team-adds';

type Create = Extract<ChannelAction, { kind: 'create' }>;

/**
 * What the channel phase learns about the teams as it goes: which are full (a refused create), where
 * the app is installed, who has joined which team. A create refused because its team is full goes to
 * the next configured team (TEAM_IDS); in private mode its people join that team first.
 */
export class TeamRun {
  readonly full = new Set<string>();
  readonly teamAdds: AppliedOf<'team-add'>[] = [];
  private readonly installed = new Map<string, Promise<void>>();
  private readonly joining = new Map<string, Promise<boolean>>();
  readonly teams: string[];
  readonly teamFailed: Set<string>;

  constructor(
    private readonly ctx: ApplyContext,
    earlier: readonly AppliedChange[],
  ) {
    this.teams = syncTeams(ctx.settings);
    this.teamFailed = new Set(earlier.flatMap((c) => (c.kind === 'team-add' && !c.ok ? [c.userId] : [])));
  }

  allFullFrom(teamId: string): boolean {
    return this.full.has(teamId) && !nextTeam(this.teams, teamId, this.full);
  }

  appInstalled(teamId: string): Promise<void> {
    const { directory, settings } = this.ctx;
    if (!this.installed.has(teamId))
      this.installed.set(
        teamId,
        (async () => {
          const apps = await directory.listInstalledApps(teamId);
          if (!apps.some((a) => a.teamsAppId === settings.teamsAppId)) await directory.installApp(teamId, settings.teamsAppId);
        })(),
      );
    return this.installed.get(teamId)!;
  }

  /** Private mode: the account's people join `teamId` (those already in its roster are skipped); answers who could not. */
  async join(teamId: string, action: Create): Promise<Set<string>> {
    const failed = new Set<string>();
    if (this.ctx.settings.channelType !== 'private') return failed;
    const roster = new Set((this.ctx.inputs.rosters?.get(teamId) ?? []).map((m) => m.userId));
    const people = [...action.initialMembers, ...this.ctx.plan.adds.filter((a) => a.customerId === action.customerId && !a.channelId)];
    const waits: Promise<void>[] = [];
    const todo: AppliedOf<'team-add'>[] = [];
    for (const p of people) {
      if (roster.has(p.userId)) continue;
      const key = `${teamId}|${p.userId}`;
      const pending = this.joining.get(key);
      if (pending) {
        waits.push(pending.then((ok) => void (ok || failed.add(p.userId))));
        continue;
      }
      todo.push({ kind: 'team-add', ok: true, userId: p.userId, email: p.email, customerIds: [action.customerId], teamId });
    }
    const sent = addToTeam(this.ctx, teamId, todo);
    for (const t of todo)
      this.joining.set(
        `${teamId}|${t.userId}`,
        sent.then(
          (r) => r.some((x) => x.userId === t.userId && x.ok),
          () => false,
        ),
      );
    const answers = await sent;
    this.teamAdds.push(...answers);
    for (const a of answers) if (!a.ok) failed.add(a.userId);
    await Promise.all(waits);
    return failed;
  }
}
