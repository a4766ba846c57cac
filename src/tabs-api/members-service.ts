import { Cron } from 'croner';
import { AppError } from '../errors/app-error';
import { isoDateIn, wallmates, type Wall } from '../membership';
import type { Clock } from '../ports/clock';
import type { Account, MembershipOverride, Person, Store } from '../store';
import type { DirectoryUser } from '../ports/teams-directory';
import type { MemberDto, MemberOverrideInput, MemberReasonDto, MembersView, OverrideDto, OverrideSaved } from './contracts/members';

/** The part of the directory port a manual addition is checked with. */
export interface DirectoryLookup {
  resolveUsers(emails: string[]): Promise<Map<string, DirectoryUser | null>>;
}

/** Shown for people the directory does not know (members view, refused additions). */
const NOT_IN_DIRECTORY = {
  fi: 'ei löydy hakemistosta – ei voida lisätä',
  en: 'not found in the directory – cannot be added',
} as const;

/** true: the directory knows them; false: it did not find them at the last look-up; null: not looked up yet. */
function inDirectoryOf(p: Person | undefined): boolean | null {
  if (!p?.resolvedAt) return null;
  return p.objectId !== null;
}

/** Next firing of the sync schedule after `now`, in the app's time zone. */
function nextRunOf(cron: string | undefined, timeZone: string, now: Date): string | null {
  if (!cron) return null;
  try {
    const c = new Cron(cron, { timezone: timeZone, paused: true });
    const next = c.nextRun(now);
    c.stop();
    return next ? next.toISOString() : null;
  } catch {
    return null;
  }
}

export function createMembersService(
  store: Store,
  clock: Clock,
  schedule: {
    syncCron?: string;
    timeZone: string;
    /** MANUAL_ACCESS_DAYS (default 90). */ manualAccessDays?: number;
    /** ACCOUNT_WALLS */ walls?: readonly Wall[];
  },
  directory?: DirectoryLookup,
) {
  const endOfManualAccess = () => {
    const today = isoDateIn(clock.now(), schedule.timeZone);
    return new Date(Date.parse(`${today}T00:00:00Z`) + (schedule.manualAccessDays ?? 90) * 86_400_000).toISOString().slice(0, 10);
  };
  const nextSync = () => nextRunOf(schedule.syncCron, schedule.timeZone, clock.now());

  async function view(account: Account, canWrite: boolean): Promise<MembersView> {
    const id = account.customerId;
    const [desired, overrides, sites] = await Promise.all([
      store.desiredMemberships.listForAccount(id),
      store.overrides.listForAccount(id),
      store.sites.listForAccount(id),
    ]);
    const people = await store.people.getMany([
      ...new Set([...desired.map((d) => d.email), ...overrides.flatMap((o) => [o.email, o.setBy])]),
    ]);
    const nameOf = (e: string) => people.get(e.toLowerCase())?.displayName ?? null;
    const siteById = new Map(sites.map((s) => [s.siteId, s]));
    const inDesired = new Set(desired.map((d) => d.email));
    const excludeByEmail = new Map(overrides.filter((o) => o.kind === 'exclude').map((o) => [o.email, o]));
    const collator = new Intl.Collator('fi');

    const members: MemberDto[] = desired
      .map((d) => ({
        email: d.email,
        name: nameOf(d.email),
        role: d.role === 'owner' ? ('owner' as const) : ('member' as const),
        reasons: d.reasons.map((r): MemberReasonDto => (r.kind === 'site' ? { ...r, region: siteById.get(r.siteId)?.region ?? null } : r)),
        pendingExclusion: d.role !== 'owner' && excludeByEmail.has(d.email) ? { overrideId: excludeByEmail.get(d.email)!.id } : null,
        inDirectory: inDirectoryOf(people.get(d.email)),
      }))
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'owner' ? -1 : 1) || collator.compare(a.name ?? a.email, b.name ?? b.email));

    const dto = (o: MembershipOverride): OverrideDto => ({
      id: o.id,
      email: o.email,
      name: nameOf(o.email),
      kind: o.kind,
      reason: o.reason,
      setBy: o.setBy,
      setByName: nameOf(o.setBy),
      createdAt: o.createdAt,
      status: (o.kind === 'add') === inDesired.has(o.email) ? 'applied' : 'pending',
      inDirectory: inDirectoryOf(people.get(o.email)),
      expiresOn: o.expiresOn,
    });

    const computedAt = desired.reduce<string | null>((max, d) => (!max || d.computedAt > max ? d.computedAt : max), null);
    return { account: { id, name: account.name }, canWrite, computedAt, nextSync: nextSync(), members, overrides: overrides.map(dto) };
  }

  async function isOwner(account: Account, who: string): Promise<boolean> {
    if (account.ownerEmail?.toLowerCase() === who) return true;
    return (await store.desiredMemberships.listForAccount(account.customerId)).some((d) => d.email === who && d.role === 'owner');
  }

  /**
   * A manual addition must name someone Teams can add: looked up in the directory when it is made
   * (the answer is cached for the sync). Without a directory (local runs) the sync reports them.
   */
  async function requireInDirectory(email: string): Promise<void> {
    if (!directory) return;
    const found = (await directory.resolveUsers([email])).get(email) ?? null;
    await store.people.saveResolutions([{ email, objectId: found?.id ?? null, displayName: found?.displayName ?? null }]);
    if (!found) {
      throw new AppError('BAD_INPUT', `${email} is not in the directory`, {
        userMessage: `${email}: ${NOT_IN_DIRECTORY.fi}. Tarkista osoite. / ${email}: ${NOT_IN_DIRECTORY.en}. Check the address.`,
      });
    }
  }

  /** A manual addition across a wall between accounts is refused at once, naming the other account. */
  async function requireNoWall(customerId: string, email: string): Promise<void> {
    for (const { wall, accounts } of wallmates(schedule.walls ?? [], customerId)) {
      for (const other of accounts) {
        const member = (await store.desiredMemberships.listForAccount(other)).some((d) => d.email === email);
        const added = (await store.overrides.listForAccount(other)).some((o) => o.email === email && o.kind === 'add');
        if (!member && !added) continue;
        const name = (await store.accounts.get(other))?.name ?? other;
        throw new AppError('CONFLICT', `${email} belongs to ${other}, behind the same wall (${wall}) as ${customerId}`, {
          userMessage:
            `${email} kuuluu jo asiakkuuteen ${name}, joka on saman rajan (${wall}) takana; kukaan ei saa kuulua kuin yhteen niistä. / ` +
            `${email} already belongs to account ${name}, behind the same wall (${wall}); nobody may belong to more than one of them.`,
        });
      }
    }
  }

  return {
    view,
    nextSync,

    async setOverride(account: Account, input: MemberOverrideInput, by: string): Promise<OverrideSaved> {
      const id = account.customerId;
      if (await isOwner(account, input.email)) {
        throw new AppError('CONFLICT', `${input.email} is an owner of ${id}`, {
          userMessage: 'Henkilö on jo kanavan omistaja. / This person already owns the channel.',
        });
      }
      if (input.kind === 'add') await requireNoWall(id, input.email);
      if (input.kind === 'add') await requireInDirectory(input.email);
      if (input.kind === 'exclude') {
        const member = (await store.desiredMemberships.listForAccount(id)).some((d) => d.email === input.email);
        const added = (await store.overrides.listForAccount(id)).some((o) => o.email === input.email);
        if (!member && !added) {
          throw new AppError('NOT_FOUND', `${input.email} is not a member of ${id}`, {
            userMessage: 'Henkilö ei ole tämän kanavan jäsen. / This person is not a member of this channel.',
          });
        }
      }
      const expiresOn = input.kind === 'add' ? endOfManualAccess() : null;
      const saved = await store.overrides.set({
        customerId: id,
        email: input.email,
        kind: input.kind,
        setBy: by,
        reason: input.reason ?? null,
        expiresOn,
      });
      await store.audit.append(null, [
        {
          customerId: id,
          email: saved.email,
          action: input.kind === 'add' ? 'override-added' : 'override-excluded',
          reason: saved.reason,
          detail: { by, overrideId: saved.id, appliesAtNextSync: true, ...(expiresOn ? { expiresOn } : {}) },
        },
      ]);
      const v = await view(account, true);
      return { override: v.overrides.find((o) => o.id === saved.id)!, appliesAt: v.nextSync };
    },

    async removeOverride(account: Account, overrideId: string, by: string): Promise<void> {
      const o = await store.overrides.get(account.customerId, overrideId);
      if (!o || !(await store.overrides.removeById(account.customerId, overrideId)))
        throw new AppError('NOT_FOUND', `no member override ${overrideId}`);
      await store.audit.append(null, [
        {
          customerId: account.customerId,
          email: o.email,
          action: 'override-removed',
          reason: o.reason,
          detail: { by, overrideId, kind: o.kind },
        },
      ]);
    },
  };
}
