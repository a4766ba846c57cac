import { z } from 'zod';
import {
  DEFAULT_RINGS,
  DEFAULT_RING_LABELS,
  completionIndex,
  defaultEventSet,
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

const eventFields = {
    title: z.string().trim().min(1).max(200),
    ring: z.string().min(1).max(40),
    ownerEmail: z.email().max(320).optional(),
    description: z.string().max(4000).nullable().optional(),
    link: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
    start: localDateSchema,
    recurrence: recurrenceSchema.optional(),
    until: localDateSchema.nullable().optional(),
    reminderDaysBefore: z.number().int().min(0).max(60).nullable().optional(),
};
export const eventInputSchema = z.object(eventFields).strict();
// A patch must not reset what it leaves out (a default would turn a series into a one-off).
export const eventPatchSchema = z.object(eventFields).partial().strict();

export const completionInputSchema = z.object({ eventId: z.string().min(1).max(200), date: localDateSchema, done: z.boolean().default(true) }).strict();

/** Storage row -> domain event (recurrence validated; a broken row degrades to a one-off). */
export function toDomainEvent(e: ClockEvent): AnnualEvent {
  const r = recurrenceSchema.safeParse(e.recurrence ?? { kind: 'once' });
  return {
    id: e.id,
    accountId: e.customerId,
    title: e.title,
    ring: e.ring,
    ownerEmail: e.ownerEmail ?? '',
    description: e.description ?? undefined,
    link: e.link ?? undefined,
    start: e.startsOn.slice(0, 10),
    recurrence: r.success ? r.data : { kind: 'once' },
    until: e.endsOn ?? undefined,
    reminderDaysBefore: e.reminderDays ?? undefined,
  };
}

function eventDto(e: AnnualEvent) {
  return { id: e.id, title: e.title, ring: e.ring, ownerEmail: e.ownerEmail, description: e.description ?? null, link: e.link ?? null, start: e.start, recurrence: e.recurrence, until: e.until ?? null, reminderDaysBefore: e.reminderDaysBefore ?? null };
}

// Expanding a rule (rrule) costs about a millisecond per view and is a pure function of the event's
// dates and rule, so a bounded memo keyed by those inputs serves repeated views of the same wheel.
const OCCURRENCE_MEMO_MAX = 5000;
const occurrenceMemo = new Map<string, readonly LocalDate[]>();

function memoOccurrences(e: AnnualEvent, from: LocalDate, to: LocalDate): readonly LocalDate[] {
  const key = JSON.stringify([e.start, e.until ?? null, e.recurrence, from, to]);
  const hit = occurrenceMemo.get(key);
  if (hit) return hit;
  const dates = Object.freeze(occurrencesBetween(e, from, to));
  if (occurrenceMemo.size >= OCCURRENCE_MEMO_MAX) occurrenceMemo.delete(occurrenceMemo.keys().next().value as string);
  occurrenceMemo.set(key, dates);
  return dates;
}

export function createClockService(store: Store, clock: Clock, settings: ClockSettings) {
  const rings = settings.rings ?? DEFAULT_RINGS;
  // Every tab request asks (cache keys, today markers) and Intl's formatToParts is not cheap: reuse the
  // answer within a minute (local midnight falls on a whole minute in every zone in use today).
  let todayMemo = { minute: NaN, date: '' };
  const today = () => {
    const now = clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== todayMemo.minute) todayMemo = { minute, date: localDateInZone(now, settings.timeZone) };
    return todayMemo.date;
  };

  function checkRing(ring: string): void {
    if (!rings.includes(ring)) throw new AppError('BAD_INPUT', `unknown ring ${ring}`, { details: { rings } });
  }

  /** A new account gets the default set once (owner = its key account director); a marker keeps deleted events deleted. */
  // Accounts known to be past their first read; saves two queries on every later view.
  const seeded = new Set<string>();

  async function ensureSeeded(account: Account): Promise<void> {
    if (seeded.has(account.customerId)) return;
    const marker = await store.db.selectFrom('auditEntries').select('id').where('customerId', '=', account.customerId).where('action', '=', SEEDED_ACTION).executeTakeFirst();
    const existing = marker ? [] : await store.annualClock.listForAccounts([account.customerId]);
    if (marker || existing.length > 0) {
      seeded.add(account.customerId);
      return;
    }
    const year = Number(today().slice(0, 4));
    const set = defaultEventSet(account.customerId, account.ownerEmail ?? '', year, { contractStart: account.contractStart?.slice(0, 10) ?? undefined });
    try {
      await store.transaction(async (tx) => {
        await tx.annualClock.createMany(
          set.map((e) => ({ id: e.id, customerId: e.accountId, title: e.title, ring: e.ring, ownerEmail: e.ownerEmail || null, description: e.description ?? null, startsOn: e.start, recurrence: e.recurrence })),
        );
        await tx.audit.append(null, [{ action: SEEDED_ACTION, customerId: account.customerId, detail: { events: set.length } }]);
      });
    } catch (err) {
      // A concurrent first read seeded it already (deterministic ids collide); that is fine.
      if ((await store.annualClock.listForAccounts([account.customerId])).length === 0) throw err;
    }
    seeded.add(account.customerId);
  }

  async function eventsOf(account: Account): Promise<AnnualEvent[]> {
    await ensureSeeded(account);
    return (await store.annualClock.listForAccounts([account.customerId])).map(toDomainEvent);
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
      const done = completionIndex((await store.annualClock.listCompletions(account.customerId)).map((c) => ({ eventId: c.eventId, date: c.occurrence })));
      const occurrences = events
        .flatMap((e) => memoOccurrences(e, from, to).map((date) => ({ eventId: e.id, date, status: occurrenceStatus(done, e.id, date, t) })))
        .sort((a, b) => (a.date === b.date ? a.eventId.localeCompare(b.eventId) : a.date < b.date ? -1 : 1));
      return {
        account: { id: account.customerId, name: account.name },
        year,
        yearStartMonth,
        from,
        to,
        today: t,
        rings: rings.map((id) => ({ id, label: DEFAULT_RING_LABELS[id] ?? { fi: id, en: id } })),
        events: events.map(eventDto),
        occurrences,
      };
    },

    async list(account: Account) {
      return (await eventsOf(account)).map(eventDto);
    },

    async create(account: Account, input: z.infer<typeof eventInputSchema>, by: string) {
      checkRing(input.ring);
      if (input.until && input.until < input.start) throw new AppError('BAD_INPUT', 'until is before start');
      const [created] = await store.annualClock.createMany([
        {
          customerId: account.customerId,
          title: input.title,
          ring: input.ring,
          ownerEmail: (input.ownerEmail ?? by).toLowerCase(),
          description: input.description ?? null,
          link: input.link ?? null,
          startsOn: input.start,
          recurrence: input.recurrence ?? { kind: 'once' },
          endsOn: input.until ?? null,
          reminderDays: input.reminderDaysBefore ?? null,
        },
      ]);
      return eventDto(toDomainEvent(created));
    },

    async update(account: Account, eventId: string, patch: z.infer<typeof eventPatchSchema>) {
      const current = await getOwnEvent(account, eventId);
      if (patch.ring !== undefined) checkRing(patch.ring);
      const start = patch.start ?? current.startsOn.slice(0, 10);
      const until = patch.until === undefined ? current.endsOn : patch.until;
      if (until && until < start) throw new AppError('BAD_INPUT', 'until is before start');
      await store.annualClock.update(eventId, {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.ring !== undefined ? { ring: patch.ring } : {}),
        ...(patch.ownerEmail !== undefined ? { ownerEmail: patch.ownerEmail.toLowerCase() } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.link !== undefined ? { link: patch.link } : {}),
        ...(patch.start !== undefined ? { startsOn: patch.start } : {}),
        ...(patch.recurrence !== undefined ? { recurrence: patch.recurrence } : {}),
        ...(patch.until !== undefined ? { endsOn: patch.until } : {}),
        ...(patch.reminderDaysBefore !== undefined ? { reminderDays: patch.reminderDaysBefore } : {}),
      }, account.customerId);
      return eventDto(toDomainEvent((await store.annualClock.get(eventId))!));
    },

    async remove(account: Account, eventId: string): Promise<void> {
      await getOwnEvent(account, eventId);
      await store.annualClock.remove(eventId, account.customerId);
    },

    /** Owner of the event (who does it) may tick it, besides the account owners. */
    async eventOwner(account: Account, eventId: string): Promise<string | null> {
      return (await getOwnEvent(account, eventId)).ownerEmail?.toLowerCase() ?? null;
    },

    async setCompletion(account: Account, input: z.infer<typeof completionInputSchema>, by: string) {
      const e = toDomainEvent(await getOwnEvent(account, input.eventId));
      if (occurrencesBetween(e, input.date, input.date).length === 0) throw new AppError('BAD_INPUT', `event has no occurrence on ${input.date}`);
      if (input.done) await store.annualClock.complete(e.id, input.date, by);
      else await store.annualClock.uncomplete(e.id, input.date);
      return { eventId: e.id, date: input.date, done: input.done };
    },

    async ics(accounts: readonly Account[], q: { from: LocalDate; to: LocalDate; ownerEmail?: string; locale: 'fi' | 'en'; calName: string }) {
      const all: AnnualEvent[] = [];
      const completions: { eventId: string; date: string }[] = [];
      for (const a of accounts) {
        const events = await eventsOf(a);
        all.push(...events.filter((e) => !q.ownerEmail || e.ownerEmail.toLowerCase() === q.ownerEmail));
        completions.push(...(await store.annualClock.listCompletions(a.customerId)).map((c) => ({ eventId: c.eventId, date: c.occurrence })));
      }
      return toIcs(all, { from: q.from, to: q.to }, { calName: q.calName, timeZone: settings.timeZone, now: clock.now(), locale: q.locale, done: completionIndex(completions), uidDomain: 'account-channels' });
    },
  };
}

export type ClockService = ReturnType<typeof createClockService>;
