import { z } from 'zod';
import {
  DEFAULT_RINGS,
  DEFAULT_RING_LABELS,
  completionIndexOfStored,
  defaultEventSet,
  expandSiteShares,
  isDone,
  shareId,
  siteOccurrence,
  localDateInZone,
  localDateSchema,
  occurrenceStatus,
  occurrencesBetween,
  planningYearRange,
  recurrenceSchema,
  toIcs,
  type AnnualEvent,
  type LocalDate,
} from '../domain/annual-clock';
import { AppError } from '../errors/app-error';
import type { Clock } from '../ports/clock';
import type { Account, ClockEvent, Store } from '../store';

export interface ClockSettings {
  timeZone: string;
  rings?: readonly string[];
}

const SEEDED_ACTION = 'clock.seeded';

export interface SiteShareDto {
  siteId: string;
  name: string;
  supervisorEmail: string;
  supervisorName: string | null;
  done: boolean;
}

/**
 * One occurrence as the tab shows it. A site-supervisor event lists its sites, each done on its own;
 * the occurrence is done when every site's share is.
 */
function occurrenceView(
  e: AnnualEvent,
  date: LocalDate,
  done: ReturnType<typeof completionIndexOfStored>,
  sites: readonly SiteShareDto[],
  today: LocalDate,
) {
  if (e.assignee !== 'site-supervisor') return { eventId: e.id, date, status: occurrenceStatus(done, e.id, date, today) };
  const shares = sites.map((s) => ({ ...s, done: isDone(done, shareId(e.id, s.siteId), date) }));
  const all = shares.length > 0 && shares.every((s) => s.done);
  const status = all ? 'done' : date < today ? 'overdue' : date === today ? 'today' : 'upcoming';
  return { eventId: e.id, date, status, sites: shares };
}

const eventFields = {
  title: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().max(200).nullable().optional(),
  ring: z.string().min(1).max(40),
  ownerEmail: z.email().max(320).optional(),
  description: z.string().max(4000).nullable().optional(),
  descriptionEn: z.string().max(4000).nullable().optional(),
  link: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  start: localDateSchema,
  recurrence: recurrenceSchema.optional(),
  until: localDateSchema.nullable().optional(),
  reminderDaysBefore: z.number().int().min(0).max(60).nullable().optional(),
  /** 'site-supervisor': every site's supervisor makes it at their site; null: its owner does. */
  assignee: z.literal('site-supervisor').nullable().optional(),
};
export const eventInputSchema = z.object(eventFields).strict();
// A patch must not reset what it leaves out (a default would turn a series into a one-off).
export const eventPatchSchema = z.object(eventFields).partial().strict();

export const completionInputSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    date: localDateSchema,
    siteId: z.string().min(1).max(200).optional(),
    done: z.boolean().default(true),
  })
  .strict();

/** Storage row -> domain event (recurrence validated; a broken row degrades to a one-off). */
export function toDomainEvent(e: ClockEvent): AnnualEvent {
  const r = recurrenceSchema.safeParse(e.recurrence ?? { kind: 'once' });
  return {
    id: e.id,
    customerId: e.customerId,
    title: e.title,
    titleEn: e.titleEn ?? undefined,
    ring: e.ring,
    ownerEmail: e.ownerEmail ?? '',
    description: e.description ?? undefined,
    descriptionEn: e.descriptionEn ?? undefined,
    link: e.link ?? undefined,
    start: e.startsOn.slice(0, 10),
    recurrence: r.success ? r.data : { kind: 'once' },
    until: e.endsOn ?? undefined,
    reminderDaysBefore: e.reminderDays ?? undefined,
    ...(e.assignee === 'site-supervisor' ? { assignee: 'site-supervisor' as const } : {}),
  };
}

function eventDto(e: AnnualEvent, names: ReadonlyMap<string, string | null> = new Map()) {
  return {
    id: e.id,
    title: e.title,
    ring: e.ring,
    ownerEmail: e.ownerEmail,
    ownerName: names.get(e.ownerEmail.toLowerCase()) ?? null,
    titleEn: e.titleEn ?? null,
    description: e.description ?? null,
    descriptionEn: e.descriptionEn ?? null,
    link: e.link ?? null,
    start: e.start,
    recurrence: e.recurrence,
    until: e.until ?? null,
    reminderDaysBefore: e.reminderDaysBefore ?? null,
    assignee: e.assignee ?? null,
  };
}

export function createClockService(store: Store, clock: Clock, settings: ClockSettings) {
  const rings = settings.rings ?? DEFAULT_RINGS;
  const today = () => localDateInZone(clock.now(), settings.timeZone);

  function checkRing(ring: string): void {
    if (!rings.includes(ring)) throw new AppError('BAD_INPUT', `unknown ring ${ring}`, { details: { rings } });
  }

  /** A new account gets the default set once (owner = its key account director); a marker keeps deleted events deleted. */
  // Accounts known to be past their first read; saves two queries on every later view.
  const seeded = new Set<string>();

  async function ensureSeeded(account: Account): Promise<void> {
    if (seeded.has(account.customerId)) return;
    const marker = await store.db
      .selectFrom('auditEntries')
      .select('id')
      .where('customerId', '=', account.customerId)
      .where('action', '=', SEEDED_ACTION)
      .executeTakeFirst();
    const existing = marker ? [] : await store.annualClock.listForAccounts([account.customerId]);
    if (marker || existing.length > 0) {
      seeded.add(account.customerId);
      return;
    }
    const t = today();
    // The channel exists from the account's first sync; events start from then, not from 1 January.
    const created = localDateInZone(new Date(account.createdAt), settings.timeZone);
    const from = created < t ? created : t;
    const set = defaultEventSet(account.customerId, account.ownerEmail ?? '', Number(from.slice(0, 4)), {
      contractStart: account.contractStart?.slice(0, 10) ?? undefined,
      from,
    });
    try {
      await store.transaction(async (tx) => {
        await tx.annualClock.createMany(
          set.map((e) => ({
            id: e.id,
            customerId: e.customerId,
            title: e.title,
            titleEn: e.titleEn ?? null,
            ring: e.ring,
            ownerEmail: e.ownerEmail || null,
            description: e.description ?? null,
            descriptionEn: e.descriptionEn ?? null,
            startsOn: e.start,
            recurrence: e.recurrence,
            assignee: e.assignee ?? null,
          })),
        );
        await tx.audit.append(null, [{ action: SEEDED_ACTION, customerId: account.customerId, detail: { events: set.length } }]);
      });
    } catch (err) {
      // A concurrent first read seeded it already (deterministic ids collide); that is fine.
      if ((await store.annualClock.listForAccounts([account.customerId])).length === 0) throw err;
    }
    seeded.add(account.customerId);
  }

  /** An event's owner is one of the account's people (who get its reminders), or the editor themself. */
  async function checkEventOwner(account: Account, email: string, by: string | null): Promise<void> {
    const e = email.toLowerCase();
    if (e === by || e === account.ownerEmail?.toLowerCase()) return;
    if ((await store.desiredMemberships.listForAccount(account.customerId)).some((d) => d.email === e)) return;
    throw new AppError('BAD_INPUT', `event owner ${e} is not a person of account ${account.customerId}`, {
      userMessage: {
        fi: 'Vastuuhenkilön on oltava asiakkuuden kanavan jäsen.',
        en: 'The owner must be a member of the account\u2019s channel.',
      },
    });
  }

  /** Events as the tabs show them: owners by their directory name, not their address. */
  async function withNames(events: AnnualEvent[]) {
    const people = await store.people.getMany([...new Set(events.map((e) => e.ownerEmail.toLowerCase()).filter(Boolean))]);
    const names = new Map([...people].map(([email, p]) => [email, p.displayName ?? null]));
    return events.map((e) => eventDto(e, names));
  }

  async function eventsOf(account: Account): Promise<AnnualEvent[]> {
    await ensureSeeded(account);
    return (await store.annualClock.listForAccounts([account.customerId])).map(toDomainEvent);
  }

  /** The account's sites that have a supervisor, with the supervisor's name (the people of site shares). */
  async function sitesWithSupervisors(account: Account): Promise<SiteShareDto[]> {
    const sites = (await store.sites.listForAccount(account.customerId)).filter((s) => !!s.supervisorEmail);
    const people = await store.people.getMany(sites.map((s) => s.supervisorEmail!));
    return sites.map((s) => {
      const email = s.supervisorEmail!.toLowerCase();
      return {
        siteId: s.siteId,
        name: s.name,
        supervisorEmail: email,
        supervisorName: people.get(email)?.displayName ?? null,
        done: false,
      };
    });
  }

  async function getOwnEvent(account: Account, eventId: string): Promise<ClockEvent> {
    const e = await store.annualClock.get(eventId);
    if (!e || e.customerId !== account.customerId) throw new AppError('NOT_FOUND', `no event ${eventId}`);
    return e;
  }

  return {
    rings,
    today,

    /** The wheel/agenda payload for one planning year. */
    async view(account: Account, q: { year?: number; yearStartMonth?: number }) {
      const yearStartMonth = q.yearStartMonth ?? 1;
      const t = today();
      const ty = Number(t.slice(0, 4));
      const tm = Number(t.slice(5, 7));
      const year = q.year ?? (tm >= yearStartMonth ? ty : ty - 1);
      const { from, to } = planningYearRange({ year, yearStartMonth });
      const events = await eventsOf(account);
      const done = completionIndexOfStored(await store.annualClock.listCompletions(account.customerId));
      const sites = await sitesWithSupervisors(account);
      const occurrences = events
        .flatMap((e) => occurrencesBetween(e, from, to).map((date) => occurrenceView(e, date, done, sites, t)))
        .sort((a, b) => (a.date === b.date ? a.eventId.localeCompare(b.eventId) : a.date < b.date ? -1 : 1));
      return {
        account: { id: account.customerId, name: account.name },
        year,
        yearStartMonth,
        from,
        to,
        today: t,
        rings: rings.map((id) => ({ id, label: DEFAULT_RING_LABELS[id] ?? { fi: id, en: id } })),
        events: await withNames(events),
        occurrences,
      };
    },

    async list(account: Account) {
      return withNames(await eventsOf(account));
    },

    async create(account: Account, input: z.infer<typeof eventInputSchema>, by: string) {
      checkRing(input.ring);
      if (input.ownerEmail) await checkEventOwner(account, input.ownerEmail, by);
      if (input.until && input.until < input.start) throw new AppError('BAD_INPUT', 'until is before start');
      const [created] = await store.annualClock.createMany([
        {
          customerId: account.customerId,
          title: input.title,
          titleEn: input.titleEn || null,
          assignee: input.assignee ?? null,
          ring: input.ring,
          ownerEmail: (input.ownerEmail ?? by).toLowerCase(),
          description: input.description ?? null,
          descriptionEn: input.descriptionEn || null,
          link: input.link ?? null,
          startsOn: input.start,
          recurrence: input.recurrence ?? { kind: 'once' },
          endsOn: input.until ?? null,
          reminderDays: input.reminderDaysBefore ?? null,
        },
      ]);
      return (await withNames([toDomainEvent(created)]))[0];
    },

    async update(account: Account, eventId: string, patch: z.infer<typeof eventPatchSchema>) {
      const current = await getOwnEvent(account, eventId);
      if (patch.ring !== undefined) checkRing(patch.ring);
      if (patch.ownerEmail !== undefined && patch.ownerEmail.toLowerCase() !== current.ownerEmail?.toLowerCase())
        await checkEventOwner(account, patch.ownerEmail, null);
      const start = patch.start ?? current.startsOn.slice(0, 10);
      const until = patch.until === undefined ? current.endsOn : patch.until;
      if (until && until < start) throw new AppError('BAD_INPUT', 'until is before start');
      await store.annualClock.update(
        eventId,
        {
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.assignee !== undefined ? { assignee: patch.assignee } : {}),
          ...(patch.ring !== undefined ? { ring: patch.ring } : {}),
          ...(patch.ownerEmail !== undefined ? { ownerEmail: patch.ownerEmail.toLowerCase() } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.titleEn !== undefined ? { titleEn: patch.titleEn || null } : {}),
          ...(patch.descriptionEn !== undefined ? { descriptionEn: patch.descriptionEn || null } : {}),
          ...(patch.link !== undefined ? { link: patch.link } : {}),
          ...(patch.start !== undefined ? { startsOn: patch.start } : {}),
          ...(patch.recurrence !== undefined ? { recurrence: patch.recurrence } : {}),
          ...(patch.until !== undefined ? { endsOn: patch.until } : {}),
          ...(patch.reminderDaysBefore !== undefined ? { reminderDays: patch.reminderDaysBefore } : {}),
        },
        account.customerId,
      );
      return (await withNames([toDomainEvent((await store.annualClock.get(eventId))!)]))[0];
    },

    async remove(account: Account, eventId: string): Promise<void> {
      await getOwnEvent(account, eventId);
      await store.annualClock.remove(eventId, account.customerId);
    },

    /**
     * Who may tick besides the account owners: the event's owner, or for a site-supervisor event the
     * supervisor of the site being ticked.
     */
    async mayTick(account: Account, input: { eventId: string; siteId?: string }, who: string): Promise<boolean> {
      const e = await getOwnEvent(account, input.eventId);
      if (e.assignee !== 'site-supervisor') return e.ownerEmail?.toLowerCase() === who;
      const site = (await sitesWithSupervisors(account)).find((s) => s.siteId === input.siteId);
      return !!site && site.supervisorEmail === who;
    },

    async setCompletion(account: Account, input: z.infer<typeof completionInputSchema>, by: string) {
      const e = toDomainEvent(await getOwnEvent(account, input.eventId));
      if (occurrencesBetween(e, input.date, input.date).length === 0)
        throw new AppError('BAD_INPUT', `event has no occurrence on ${input.date}`);
      let occurrence: string = input.date;
      if (e.assignee === 'site-supervisor') {
        if (!input.siteId || !(await sitesWithSupervisors(account)).some((s) => s.siteId === input.siteId)) {
          throw new AppError('BAD_INPUT', `event ${e.id} is ticked per site: siteId of the account required`, {
            userMessage: { fi: 'Valitse kohde, jonka käynti on tehty.', en: 'Choose the site whose visit was made.' },
          });
        }
        occurrence = siteOccurrence(input.date, input.siteId);
      }
      if (input.done) await store.annualClock.complete(e.id, occurrence, by);
      else await store.annualClock.uncomplete(e.id, occurrence);
      return { eventId: e.id, date: input.date, ...(input.siteId && e.assignee ? { siteId: input.siteId } : {}), done: input.done };
    },

    async ics(
      accounts: readonly Account[],
      q: { from: LocalDate; to: LocalDate; ownerEmail?: string; locale: 'fi' | 'en'; calName: string },
    ) {
      const all: AnnualEvent[] = [];
      const completions: { eventId: string; occurrence: string }[] = [];
      for (const a of accounts) {
        const events = await eventsOf(a);
        // A person's own calendar has their share of each site visit; the account's has the event once.
        const sites = q.ownerEmail ? await sitesWithSupervisors(a) : [];
        const shown = q.ownerEmail ? expandSiteShares(events, () => sites) : events;
        all.push(...shown.filter((e) => !q.ownerEmail || e.ownerEmail.toLowerCase() === q.ownerEmail));
        completions.push(...(await store.annualClock.listCompletions(a.customerId)));
      }
      return toIcs(
        all,
        { from: q.from, to: q.to },
        {
          calName: q.calName,
          timeZone: settings.timeZone,
          now: clock.now(),
          locale: q.locale,
          done: completionIndexOfStored(completions),
          uidDomain: 'account-channels',
        },
      );
    },
  };
}

export type ClockService = ReturnType<typeof createClockService>;
