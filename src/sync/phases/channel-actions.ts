import type { ChannelInfo } from '../../ports/teams-directory';
import { AppError } from '../../errors/app-error';
import { teamOfChannel, type ApplyContext, type Phase } from '../apply-plan';
import { nextTeam } from '../teams';
import { TeamRun } from './team-run';
import type { AppliedChange, AppliedOf } from '../applied-change';
import type { ChannelAction } from '../plan';
import { channelNameFor, customerIdFromDescription } from '../channel-naming';
import { provisionAccountChannel, type ProvisionOutcome } from '../repair-provisioning';
import { mapPool } from '../pool';

const CHANNEL_CONCURRENCY = 6;
/** A create that fails without a clear refusal is tried this many times in all (after a look-up each time). */
const CREATE_ATTEMPTS = 3;

type Create = Extract<ChannelAction, { kind: 'create' }>;

/** Creates, adopts, renames, revives and marks missing; archiving waits for the removals. */
export const channelActions: Phase = {
  name: 'channels',
  async run(ctx, earlier) {
    const { plan } = ctx;
    const actions = plan.channels.filter((c) => c.kind !== 'archive');
    const run = new TeamRun(ctx, earlier);
    for (const c of actions) {
      if (c.kind === 'create') await run.appInstalled(c.teamId ?? ctx.settings.teamId);
      if (c.kind === 'adopt') await run.appInstalled(teamOfChannel(ctx, c.channelId));
    }
    let done = 0;
    const results = await mapPool(actions, CHANNEL_CONCURRENCY, async (action): Promise<AppliedChange> => {
      let result: AppliedOf<'channel'>;
      // Every team full: one clear report instead of one refused request per account.
      if (action.kind === 'create' && run.allFullFrom(action.teamId ?? ctx.settings.teamId))
        result = { kind: 'channel', action, ok: false, teamFull: true };
      else {
        try {
          result = await applyAction(ctx, action, run);
        } catch (err) {
          const e = AppError.from(err);
          result = { kind: 'channel', action, ok: false, error: e.message, teamFull: action.kind === 'create' && isTeamFull(e) };
          ctx.logger.warn({ customerId: action.customerId, action: action.kind, err: e.message }, 'channel action failed');
        }
      }
      if (result.ok) await ctx.recorder.record([result]);
      ctx.progress('channels', ++done, actions.length);
      return result;
    });
    return [...run.teamAdds, ...results];
  },
};

async function applyAction(
  ctx: ApplyContext,
  action: Exclude<ChannelAction, { kind: 'archive' }>,
  run: TeamRun,
): Promise<AppliedOf<'channel'>> {
  const { directory, settings } = ctx;
  const provision = (channelId: string) => provisionFully(ctx, action.customerId, channelId);
  switch (action.kind) {
    case 'create': {
      let teamId = action.teamId ?? settings.teamId;
      if (run.full.has(teamId)) teamId = nextTeam(run.teams, teamId, run.full) ?? teamId;
      for (;;) {
        const failed = teamId === (action.teamId ?? settings.teamId) ? run.teamFailed : await run.join(teamId, action);
        const initial = action.initialMembers.filter((m) => settings.channelType !== 'private' || !failed.has(m.userId));
        if (!initial.some((m) => m.owner)) {
          const why = action.initialMembers.some((m) => m.owner)
            ? 'the owner could not join the team'
            : 'key account director unknown in the directory';
          throw new AppError('BAD_INPUT', `no resolvable owner for the channel (${why})`);
        }
        let channel: ChannelInfo;
        try {
          channel = await createOnce(
            ctx,
            teamId,
            action,
            initial.map((m) => ({ userId: m.userId, owner: m.owner })),
          );
        } catch (err) {
          const next = isTeamFull(AppError.from(err)) ? (run.full.add(teamId), nextTeam(run.teams, teamId, run.full)) : undefined;
          if (!next) throw err;
          ctx.logger.info({ customerId: action.customerId, full: teamId, next }, 'team full: the channel goes to the next team');
          await run.appInstalled(next);
          teamId = next;
          continue;
        }
        ctx.inputs.channelTeams.set(channel.id, teamId);
        // Provisioned before it is recorded: a crash in between is found again by the marker (adopt).
        const provisioning = await provision(channel.id);
        return {
          kind: 'channel',
          action,
          ok: true,
          created: { channelId: channel.id, displayName: channel.displayName, teamId, initial },
          provisioning,
        };
      }
    }
    case 'adopt':
      return { kind: 'channel', action, ok: true, provisioning: await provision(action.channelId) };
    case 'rename':
    case 'revive':
      await directory.updateChannel(teamOfChannel(ctx, action.channelId), action.channelId, { displayName: action.to });
      return { kind: 'channel', action, ok: true };
    case 'mark-missing':
      return { kind: 'channel', action, ok: true };
  }
}

/**
 * Tabs and folders. Provisioning looks before it adds (tabs by entity id, folders by name), so a
 * step whose answer was lost is found done on the next pass: up to three passes within the run.
 */
async function provisionFully(ctx: ApplyContext, customerId: string, channelId: string): Promise<ProvisionOutcome> {
  const done: ProvisionOutcome = { tabsAdded: [], foldersCreated: [], problems: [], appEnabled: false, complete: false };
  for (let pass = 1; pass <= CREATE_ATTEMPTS; pass++) {
    const r = await provisionAccountChannel(ctx, customerId, channelId, teamOfChannel(ctx, channelId));
    done.tabsAdded.push(...r.tabsAdded);
    done.foldersCreated.push(...r.foldersCreated);
    done.problems = r.problems;
    done.appEnabled = r.appEnabled;
    done.complete = r.complete;
    if (r.complete) break;
  }
  return done;
}

/**
 * Creates the channel exactly once. A create whose answer was lost (a hung request, a dropped
 * connection) may still have happened: before trying again, look for the account's marker.
 */
async function createOnce(
  ctx: ApplyContext,
  teamId: string,
  action: Create,
  members: { userId: string; owner: boolean }[],
): Promise<ChannelInfo> {
  const { directory, settings } = ctx;
  let displayName = action.displayName;
  for (let attempt = 1; ; attempt++) {
    try {
      return await directory.createChannel(teamId, {
        displayName,
        description: action.description,
        membershipType: settings.channelType,
        members,
      });
    } catch (err) {
      const e = AppError.from(err);
      if (isTeamFull(e) || attempt >= CREATE_ATTEMPTS) throw e;
      const found = (await directory.listChannels(teamId)).find((c) => customerIdFromDescription(c.description) === action.customerId);
      if (found) return found;
      // A deleted channel keeps its name for 30 days: Graph answers 400 "Channel name already existed,
      // please use other name." (NameAlreadyExists in some answers). Fall back to the collision rule.
      if (e.code === 'CONFLICT' || /NameAlreadyExists|name already exist/i.test(e.message)) {
        displayName = channelNameFor(action.displayName, action.customerId, new Set([action.displayName.toLowerCase()]));
      } else if (!isRetryable(e)) throw e;
    }
  }
}

/** No answer, or a server-side failure: the same request may succeed now. A 4xx refusal will not. */
function isRetryable(e: AppError): boolean {
  const d = (e.details ?? {}) as { timeout?: boolean; status?: number };
  return d.timeout === true || e.code === 'UPSTREAM' || e.code === 'THROTTLED' || (typeof d.status === 'number' && d.status >= 500);
}

/** Graph's answer when a team holds its maximum of channels (403 Forbidden; formerly ResourceLimitExceeded). */
function isTeamFull(e: AppError): boolean {
  return /exceeded the max allowed channels|ResourceLimitExceeded/i.test(`${e.message} ${JSON.stringify(e.details ?? {})}`);
}
