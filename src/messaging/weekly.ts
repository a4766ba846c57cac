import { AppError } from '../errors/app-error';
import { enqueueMessage } from './outbox-messages';
import { addDays, exceptionIndexOfStored, resolvedOccurrences, localDateInZone, type AnnualEvent } from '../domain/annual-clock';
import { KPI_DEFINITIONS, storedKpiLight, type KpiKey } from '../domain/quality-card';
import {
  refusalCard,
  validateWeeklyStatusInput,
  weeklyStatusCard,
  weeklyStatusFormCard,
  type AdaptiveCardJson,
  type CardLocale,
  type TrafficLight,
  type WeeklyOwnerFields,
  type WeeklyStatusCardData,
} from '../cards';
import type { OutgoingActivity } from '../ports/messenger';
import type { MessagingDepsWith } from './deps';
import type { Repositories } from '../store';
import type { Actor } from './notices';
import { accountOwners, isAccountOwner, mentionedPeople } from './people';
import { addWeeks, currentIsoWeek, isoWeekMonday } from './iso-week';
import { toAttachment, weekNumber } from '../cards';

export const weeklyKey = (customerId: string, isoWeek: string) => `weekly:${customerId}:${isoWeek}`;

/** Everything the weekly card shows, read from the store at send time. */
/** The repositories the weekly status reads and writes. */
type WeeklyStore = Pick<
  Repositories,
  | 'accounts'
  | 'acknowledgements'
  | 'annualClock'
  | 'audit'
  | 'desiredMemberships'
  | 'messageRefs'
  | 'notices'
  | 'outbox'
  | 'people'
  | 'qualityCard'
  | 'weeklyStatus'
>;
type WeeklyDeps = MessagingDepsWith<WeeklyStore>;

export async function weeklyCardData(deps: WeeklyDeps, customerId: string, isoWeek: string): Promise<WeeklyStatusCardData | undefined> {
  const { store } = deps;
  const account = await store.accounts.get(customerId);
  if (!account) return undefined;
  const monday = isoWeekMonday(isoWeek);
  const own = await store.weeklyStatus.get(customerId, isoWeek);

  const events = await store.annualClock.listForAccounts([customerId]);
  const owners = new Map((await store.people.getMany(events.map((e) => e.ownerEmail ?? '').filter(Boolean))).entries());
  // A single occurrence moved or renamed shows on its new day under its new name; a cancelled one not at all.
  const exceptions = exceptionIndexOfStored(await store.annualClock.listExceptions([customerId]));
  const between = (from: string, to: string) =>
    events
      .flatMap((e) => {
        const shape = {
          id: e.id,
          start: e.startsOn,
          recurrence: (e.recurrence ?? { kind: 'once' }) as AnnualEvent['recurrence'],
          until: e.endsOn ?? undefined,
        };
        return resolvedOccurrences(shape, from, to, exceptions).map((o) => ({
          date: o.date,
          title: o.title ?? e.title,
          owner: e.ownerEmail ? (owners.get(e.ownerEmail.toLowerCase())?.displayName ?? e.ownerEmail) : undefined,
        }));
      })
      .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));

  const notices = [];
  for (const n of await store.notices.listActive(customerId)) {
    const recipients = await mentionedPeople(store, customerId, n.mention);
    const acks = (await store.acknowledgements.listForNotice(n.id)).filter(
      (a) => a.kind === 'ack' && recipients.some((r) => r.id === a.userId),
    );
    notices.push({ title: n.title, sentAt: n.createdAt, acknowledged: acks.length, total: recipients.length });
  }

  const { joined, left } = await membershipChanges(deps, customerId, monday);

  const kpis = await store.qualityCard.listKpis(customerId);
  const latest = kpis.reduce((m, k) => (k.period > m ? k.period : m), '');
  const quality = kpis
    .filter((k) => k.period === latest && k.kpiKey in KPI_DEFINITIONS)
    .map((k) => {
      const light = storedKpiLight(k.kpiKey as KpiKey, k);
      return {
        label: KPI_DEFINITIONS[k.kpiKey as KpiKey].label[deps.locale],
        status: (light === 'none' ? 'unknown' : light) as TrafficLight,
        note: k.comment ?? undefined,
      };
    });

  return {
    customerId,
    accountName: account.name,
    isoWeek,
    ownerUpdated: own !== undefined,
    owner: own
      ? {
          stage: own.stage ?? '',
          targetSchedule: own.targetSchedule ?? '',
          estimatedDate: own.milestoneDate ?? '',
          nextWeek: own.nextWeek ?? '',
          needFromYou: own.needsFromYou ?? undefined,
          updatedBy: own.updatedBy ?? undefined,
          updatedAt: own.updatedAt,
        }
      : undefined,
    eventsThisWeek: between(monday, addDays(monday, 6)),
    eventsNextWeek: between(addDays(monday, 7), addDays(monday, 13)),
    urgentNotices: notices,
    joined,
    left,
    quality,
  };
}

const CHANNEL_STARTS = ['channel-created', 'channel-adopted', 'channel-revived'];

/**
 * Who joined or left the channel in the week before `monday` (the sync's audit trail), counting only
 * real changes: the members a channel starts with (added by the run that created, adopted or revived
 * it, e.g. at roll-out) did not "join", and someone added and removed again within the week (or the
 * other way round) did not change anything.
 */
export async function membershipChanges(
  deps: Pick<WeeklyDeps, 'locale'> & { store: Pick<Repositories, 'audit' | 'people'> },
  customerId: string,
  monday: string,
): Promise<{ joined: string[]; left: string[] }> {
  const { store } = deps;
  const since = new Date(Date.parse(`${addDays(monday, -7)}T00:00:00Z`)).toISOString();
  const until = new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000).toISOString();
  const audit = (await store.audit.listSince(since, { customerId, actions: ['member-added', 'member-removed', ...CHANNEL_STARTS] })).filter(
    (a) => a.at < until,
  );
  const startRuns = new Set(audit.filter((a) => CHANNEL_STARTS.includes(a.action)).map((a) => a.runId));
  const net = new Map<string, number>();
  for (const a of audit) {
    if (!a.email || (a.action !== 'member-added' && a.action !== 'member-removed')) continue;
    if (a.action === 'member-added' && startRuns.has(a.runId)) continue;
    net.set(a.email, (net.get(a.email) ?? 0) + (a.action === 'member-added' ? 1 : -1));
  }
  const names = async (sign: 1 | -1) => {
    const emails = [...net].filter(([, n]) => Math.sign(n) === sign).map(([e]) => e);
    const found = await store.people.getMany(emails);
    return emails.map((e) => found.get(e)?.displayName ?? e).sort((a, b) => a.localeCompare(b, deps.locale));
  };
  return { joined: await names(1), left: await names(-1) };
}

/**
 * Worth a post: the owner wrote this week's part, or there is something new the card would show
 * (events this or next week, open notices, membership changes, a red light). Otherwise the channel
 * is left alone, as the seed's warning against uncontrolled broadcasting asks.
 */
function hasNews(d: WeeklyStatusCardData): boolean {
  return (
    d.ownerUpdated ||
    d.eventsThisWeek.length > 0 ||
    d.eventsNextWeek.length > 0 ||
    d.urgentNotices.length > 0 ||
    d.joined.length > 0 ||
    d.left.length > 0 ||
    d.quality.some((q) => q.status === 'red')
  );
}

/** The exact activity the weekly job posts for an account (also what `--dry-run --json` prints). */
export async function weeklyActivity(deps: WeeklyDeps, customerId: string, isoWeek: string): Promise<OutgoingActivity | undefined> {
  const data = await weeklyCardData(deps, customerId, isoWeek);
  if (!data) return undefined;
  const card = weeklyStatusCard(data, deps.locale, { timeZone: deps.timeZone });
  return { type: 'message', summary: `${data.accountName} ${isoWeek}`, attachments: [toAttachment(card)] };
}

export interface WeeklyJobResult {
  isoWeek: string;
  /** `skipped`: nothing new and nothing from the owner, so no post; the owner was reminded instead. */
  accounts: Array<{ customerId: string; name: string; queued: boolean; skipped?: boolean; activity?: OutgoingActivity }>;
}

/**
 * Queues this week's status post for every national account with a channel. The outbox key
 * `weekly:<customerId>:<week>` makes it exactly one post per account per ISO week, however many
 * times and on however many instances this runs. Delivery is `deliverOutbox`.
 */
export async function runWeeklyJob(
  deps: WeeklyDeps,
  opts: { week?: string; customerIds?: string[]; dryRun?: boolean } = {},
): Promise<WeeklyJobResult> {
  const isoWeek = opts.week ?? currentIsoWeek(deps.clock.now(), deps.timeZone);
  const accounts = (await deps.store.accounts.list({ nationalOnly: true })).filter(
    (a) => a.channelId && a.channelState !== 'archived' && (!opts.customerIds || opts.customerIds.includes(a.customerId)),
  );
  const result: WeeklyJobResult = { isoWeek, accounts: [] };
  for (const a of accounts) {
    const data = await weeklyCardData(deps, a.customerId, isoWeek);
    const quiet = data !== undefined && !hasNews(data) && !(await deps.store.outbox.getByKey(weeklyKey(a.customerId, isoWeek)));
    if (opts.dryRun) {
      result.accounts.push({
        customerId: a.customerId,
        name: a.name,
        queued: false,
        ...(quiet ? { skipped: true } : { activity: await weeklyActivity(deps, a.customerId, isoWeek) }),
      });
      continue;
    }
    if (quiet) {
      await remindQuietOwners(deps, a, isoWeek);
      result.accounts.push({ customerId: a.customerId, name: a.name, queued: false, skipped: true });
      continue;
    }
    const r = await enqueueMessage(deps.store, {
      idempotencyKey: weeklyKey(a.customerId, isoWeek),
      kind: 'weekly',
      customerId: a.customerId,
      target: { customerId: a.customerId, channelId: a.channelId!, teamId: a.teamId ?? deps.teamId }, // live accounts only: they have a channel
      payload: { customerId: a.customerId, isoWeek },
    });
    result.accounts.push({ customerId: a.customerId, name: a.name, queued: r.created });
  }
  deps.logger.info(
    { isoWeek, accounts: result.accounts.length, queued: result.accounts.filter((a) => a.queued).length, dryRun: !!opts.dryRun },
    'weekly job',
  );
  return result;
}

/** No post this week: each owner hears why, and how to write their part (it then posts on the next run). */
async function remindQuietOwners(deps: WeeklyDeps, a: { customerId: string; name: string }, isoWeek: string): Promise<void> {
  const week = weekNumber(isoWeek);
  for (const owner of await accountOwners(deps.store, a.customerId)) {
    const text =
      deps.locale === 'en'
        ? `The weekly status of ${a.name} (week ${week}) was not posted: you have not written your part and there is nothing new to show. Type "status ${a.customerId}" to write it.`
        : `Asiakkaan ${a.name} viikkoviestiä (viikko ${week}) ei lähetetty: omaa osuuttasi ei ole kirjoitettu eikä uutta näytettävää ole. Kirjoita "tila ${a.customerId}" kirjoittaaksesi sen.`;
    await enqueueMessage(deps.store, {
      idempotencyKey: `weekly-skipped:${a.customerId}:${isoWeek}:${owner.id}`,
      kind: 'weekly-reminder',
      customerId: a.customerId,
      target: { userId: owner.id },
      payload: { text },
    });
  }
}

/** The week an owner's edit goes into: this week's until its post is queued, then next week's. */
export async function editableWeek(deps: WeeklyDeps, customerId: string): Promise<string> {
  const week = currentIsoWeek(deps.clock.now(), deps.timeZone);
  return (await deps.store.outbox.getByKey(weeklyKey(customerId, week))) ? addWeeks(week, 1) : week;
}

/**
 * Reminder to owners whose fields for `week` are still empty; run the working day before the post.
 */
export async function sendWeeklyReminders(deps: WeeklyDeps, opts: { week?: string } = {}): Promise<number> {
  const week = opts.week ?? addWeeks(currentIsoWeek(deps.clock.now(), deps.timeZone), 1);
  let n = 0;
  for (const a of await deps.store.accounts.list({ nationalOnly: true })) {
    if (!a.channelId || a.channelState === 'archived' || (await deps.store.weeklyStatus.get(a.customerId, week))) continue;
    for (const owner of await accountOwners(deps.store, a.customerId)) {
      const text =
        deps.locale === 'en'
          ? `Reminder: the weekly status of ${a.name} (${week}) goes out on Monday. Type "status ${a.customerId}" to update your part.`
          : `Muistutus: asiakkaan ${a.name} viikkoviesti (${week}) lähtee maanantaina. Kirjoita "tila ${a.customerId}" päivittääksesi oman osuutesi.`;
      const r = await enqueueMessage(deps.store, {
        idempotencyKey: `weekly-reminder:${a.customerId}:${week}:${owner.id}`,
        kind: 'weekly-reminder',
        customerId: a.customerId,
        target: { userId: owner.id },
        payload: { text },
      });
      if (r.created) n++;
    }
  }
  return n;
}

/** The task module's form for an owner, prefilled from this week's or the latest earlier values. */
export async function weeklyFormFor(
  deps: WeeklyDeps,
  actor: Actor,
  customerId: string,
  isoWeek: string | undefined,
  locale: CardLocale = deps.locale,
): Promise<{ allowed: boolean; card: AdaptiveCardJson }> {
  const account = await deps.store.accounts.get(customerId);
  if (!account) throw new AppError('NOT_FOUND', `account ${customerId} not found`);
  if (!actor.isService && !(await isAccountOwner(deps.store, customerId, actor.id))) {
    deps.logger.warn({ userId: actor.id, customerId }, 'weekly status edit refused');
    return { allowed: false, card: refusalCard('weeklyStatus', locale) };
  }
  const week = isoWeek ?? (await editableWeek(deps, customerId));
  const row = (await deps.store.weeklyStatus.get(customerId, week)) ?? (await deps.store.weeklyStatus.latestBefore(customerId, week));
  const values: Partial<WeeklyOwnerFields> | undefined = row
    ? {
        stage: row.stage ?? '',
        targetSchedule: row.targetSchedule ?? '',
        estimatedDate: row.milestoneDate ?? '',
        nextWeek: row.nextWeek ?? '',
        needFromYou: row.needsFromYou ?? '',
      }
    : undefined;
  const card = weeklyStatusFormCard(
    { customerId, accountName: account.name, isoWeek: week, values, minDate: localDateInZone(deps.clock.now(), deps.timeZone) },
    locale,
  );
  return { allowed: true, card };
}

export type WeeklySubmitResult =
  | { ok: true; updatedPost: boolean }
  | { ok: false; refused: true; card: AdaptiveCardJson }
  | { ok: false; refused: false; card: AdaptiveCardJson };

/** The account a weekly card's button names; cards posted before the rename carry `accountId`. */
export function weeklyCardCustomerId(data: Record<string, unknown>): string {
  return String(data.customerId ?? data['accountId'] ?? '');
}

/**
 * Saves the owner's fields after checking the input again on the server. If the week's post is
 * already out, its card is updated in place (through the outbox).
 */
export async function submitWeeklyForm(
  deps: WeeklyDeps,
  actor: Actor,
  raw: Record<string, unknown>,
  locale: CardLocale = deps.locale,
): Promise<WeeklySubmitResult> {
  const customerId = weeklyCardCustomerId(raw);
  const week = String(raw.isoWeek ?? '');
  if (!actor.isService && !(await isAccountOwner(deps.store, customerId, actor.id))) {
    deps.logger.warn({ userId: actor.id, customerId }, 'weekly status save refused');
    return { ok: false, refused: true, card: refusalCard('weeklyStatus', locale) };
  }
  const checked = validateWeeklyStatusInput(raw, locale);
  if (!checked.ok) {
    const account = await deps.store.accounts.get(customerId);
    const card = weeklyStatusFormCard(
      { customerId, accountName: account?.name ?? customerId, isoWeek: week, values: raw as Partial<WeeklyOwnerFields> },
      locale,
    );
    return { ok: false, refused: false, card };
  }
  const v = checked.value;
  await deps.store.weeklyStatus.save(
    customerId,
    week,
    {
      stage: v.stage,
      targetSchedule: v.targetSchedule,
      milestoneDate: v.estimatedDate,
      nextWeek: v.nextWeek,
      needsFromYou: v.needFromYou ?? null,
    },
    actor.name,
  );
  const refs = await deps.store.messageRefs.listFor('weekly', `${customerId}:${week}`);
  for (const ref of refs) {
    await enqueueMessage(deps.store, {
      idempotencyKey: `weekly-update:${customerId}:${week}:${deps.clock.now().toISOString()}:${ref.conversationId}`,
      kind: 'weekly-update',
      customerId,
      target: { conversationId: ref.conversationId, activityId: ref.activityId, serviceUrl: ref.serviceUrl },
      payload: { customerId, isoWeek: week },
    });
  }
  return { ok: true, updatedPost: refs.length > 0 };
}
