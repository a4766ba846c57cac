import { z } from 'zod';
import {
  DEFAULT_RINGS,
  DEFAULT_RING_LABELS,
  completionIndexOfStored,
  defaultEventSet,
  exceptionIndexOfStored,
  expandSiteShares,
  isDone,
  isSeriesDate,
  moveAllowed,
  resolvedOccurrences,
  type ResolvedOccurrence,
  shareId,
  siteOccurrence,
  localDateInZone,
  planningYearRange,
  recurrenceSchema,
  toIcs,
  type AnnualEvent,
  type LocalDate,
} from '../domain/annual-clock';
import { AppError } from '../errors/app-error';
import type { Clock } from '../ports/clock';
import type { StorePort } from '../ports/store';
import type { Account, ClockEvent, Repositories } from '../store';
import type {
  ClockEventDto,
  ClockView,
  completionInputSchema,
  eventInputSchema,
  eventPatchSchema,
  Occurrence,
  occurrenceInputSchema,
  SiteShare,
} from './contracts/annual-clock';

export interface ClockSettings {
  timeZone: string;
  rings?: readonly string[];
}

const SEEDED_ACTION = 'clock.seeded';

/**
 * One occurrence as the tab shows it. A site-supervisor event lists its sites, each done on its own;
 * the occurrence is done when every site's share is.
 */
function occurrenceView(
  e: AnnualEvent,
  o: ResolvedOccurrence,
  done: ReturnType<typeof completionIndexOfStored>,
  sites: readonly SiteShare[],
  today: LocalDate,
): Occurrence {
  const { date, seriesDate } = o;
  // A changed occurrence says what changed; `seriesDate` is what ticks and edits address.
  const changed = {
    seriesDate,
    ...(date !== seriesDate ? { movedFrom: seriesDate } : {}),
    ...(o.title ? { title: o.title } : {}),
    ...(o.titleEn ? { titleEn: o.titleEn } : {}),
    ...(o.cancelled ? { cancelled: true } : {}),
  };
  const timing: Occurrence['status'] = date < today ? 'overdue' : date === today ? 'today' : 'upcoming';
  if (e.assignee !== 'site-supervisor') {
    return { eventId: e.id, date, ...changed, status: isDone(done, e.id, seriesDate) ? 'done' : timing };
  }
  const shares = sites.map((s) => ({ ...s, done: isDone(done, shareId(e.id, s.siteId), seriesDate) }));
  const all = shares.length > 0 && shares.every((s) => s.done);
  return { eventId: e.id, date, ...changed, status: all ? 'done' : timing, sites: shares };
}

/** Storage row -> domain event (recurrence validated; a broken row degrades to a one-off). */
function toDomainEvent(e: ClockEvent): AnnualEvent {
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
    ...(e.durationDays && e.durationDays > 1 ? { durationDays: e.durationDays } : {}),
    ...(e.assignee === 'site-supervisor' ? { assignee: 'site-supervisor' as const } : {}),
  };
}

function eventDto(e: AnnualEvent, names: ReadonlyMap<string, string | null> = new Map()): ClockEventDto {
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
    durationDays: e.durationDays ?? null,
    assignee: e.assignee ?? null,
  };
}

/** What the annual clock reads and writes. */
export type ClockStore = StorePort<Pick<Repositories, 'annualClock' | 'audit' | 'desiredMemberships' | 'people' | 'sites'>>;

export function createClockService(store: ClockStore, clock: Clock, settings: ClockSettings) {
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
    const marker = await store.audit.has(SEEDED_ACTION, account.customerId);
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

  async function ownerNames(events: readonly AnnualEvent[]): Promise<Map<string, string>> {
    const people = await store.people.getMany([...new Set(events.map((e) => e.ownerEmail.toLowerCase()).filter(Boolean))]);
    return new Map([...people].flatMap(([email, p]) => (p.displayName ? [[email, p.displayName] as [string, string]] : [])));
  }

  async function eventsOf(account: Account): Promise<AnnualEvent[]> {
    await ensureSeeded(account);
    return (await store.annualClock.listForAccounts([account.customerId])).map(toDomainEvent);
  }

  /** The account's sites that have a supervisor, with the supervisor's name (the people of site shares). */
  async function sitesWithSupervisors(account: Account): Promise<SiteShare[]> {
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
    async view(account: Account, q: { year?: number; yearStartMonth?: number }): Promise<Omit<ClockView, 'canWrite' | 'me'>> {
      const yearStartMonth = q.yearStartMonth ?? 1;
      const t = today();
      const ty = Number(t.slice(0, 4));
      const tm = Number(t.slice(5, 7));
      const year = q.year ?? (tm >= yearStartMonth ? ty : ty - 1);
      const { from, to } = planningYearRange({ year, yearStartMonth });
      const events = await eventsOf(account);
      const done = completionIndexOfStored(await store.annualClock.listCompletions(account.customerId));
      const exceptions = exceptionIndexOfStored(await store.annualClock.listExceptions([account.customerId]));
      const sites = await sitesWithSupervisors(account);
      // Cancelled occurrences are listed (marked) so the tab can restore them; the wheel leaves them out.
      const occurrences = events
        .flatMap((e) => resolvedOccurrences(e, from, to, exceptions, true).map((o) => occurrenceView(e, o, done, sites, t)))
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
          durationDays: input.durationDays && input.durationDays > 1 ? input.durationDays : null,
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
          ...(patch.durationDays !== undefined
            ? { durationDays: patch.durationDays && patch.durationDays > 1 ? patch.durationDays : null }
            : {}),
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

    /** Moves, renames or cancels the occurrence the series gives on `seriesDate`, leaving the series alone. */
    async saveOccurrence(
      account: Account,
      eventId: string,
      seriesDate: LocalDate,
      input: z.infer<typeof occurrenceInputSchema>,
      by: string,
    ) {
      const e = toDomainEvent(await getOwnEvent(account, eventId));
      if (!isSeriesDate(e, seriesDate)) throw new AppError('NOT_FOUND', `event ${eventId} has no occurrence on ${seriesDate}`);
      const movedTo = input.date && input.date !== seriesDate ? input.date : null;
      if (movedTo && !moveAllowed(seriesDate, movedTo))
        throw new AppError('BAD_INPUT', `occurrence moved more than a year: ${seriesDate} -> ${movedTo}`, {
          userMessage: { fi: 'Yksittäistä kertaa voi siirtää enintään vuoden.', en: 'A single occurrence can move at most a year.' },
        });
      const title = input.title && input.title !== e.title ? input.title : null;
      const titleEn = input.titleEn && input.titleEn !== e.titleEn ? input.titleEn : null;
      const cancelled = input.cancelled === true;
      // Nothing left to differ from the series: the occurrence is the series' again.
      if (!movedTo && !title && !titleEn && !cancelled) await store.annualClock.removeException(e.id, seriesDate);
      else await store.annualClock.saveException({ eventId: e.id, seriesDate, movedTo, title, titleEn, cancelled }, by);
      return { eventId: e.id, seriesDate, date: movedTo ?? seriesDate, title, titleEn, cancelled };
    },

    async restoreOccurrence(account: Account, eventId: string, seriesDate: LocalDate): Promise<void> {
      await getOwnEvent(account, eventId);
      await store.annualClock.removeException(eventId, seriesDate);
    },

    /** `input.date` is the occurrence's series date (its identity), also when it was moved. */
    async setCompletion(account: Account, input: z.infer<typeof completionInputSchema>, by: string) {
      const e = toDomainEvent(await getOwnEvent(account, input.eventId));
      if (!isSeriesDate(e, input.date)) throw new AppError('BAD_INPUT', `event has no occurrence on ${input.date}`);
      const own = exceptionIndexOfStored(await store.annualClock.listExceptions([account.customerId]))
        .get(e.id)
        ?.get(input.date);
      if (own?.cancelled && input.done)
        throw new AppError('BAD_INPUT', `occurrence ${input.date} of ${e.id} is cancelled`, {
          userMessage: { fi: 'Tämä kerta on peruttu.', en: 'This occurrence is cancelled.' },
        });
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
      const exceptions = exceptionIndexOfStored(await store.annualClock.listExceptions(accounts.map((a) => a.customerId)));
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
          exceptions,
          ownerNames: await ownerNames(all),
          uidDomain: 'account-channels',
        },
      );
    },
  };
}
