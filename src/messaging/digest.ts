import { addDays, localDateInZone, occurrencesBetween, type AnnualEvent } from '../domain/annual-clock';
import { capList, isoWeekday, memberRoles } from '../domain/onboarding';
import { KPI_DEFINITIONS, storedKpiLight, type KpiKey } from '../domain/quality-card';
import { digestCard, formatDate, toAttachment, type DigestCardData, type DigestSectionKey } from '../cards';
import type { OutgoingActivity } from '../ports/messenger';
import type { Account } from '../store';
import type { MessagingDepsWith } from './deps';
import type { Repositories } from '../store';
import { currentIsoWeek, isoWeekMonday } from './iso-week';
import { isComplete, onboardingFor, onboardingStatus } from './onboarding';
import { enqueueMessage } from './outbox-messages';
import { accountOwners, mentionedPeople } from './people';
import { membershipChanges } from './weekly';

/** Lines per section: the card stays short on a phone; the rest is "+N more". */
const DIGEST_MAX_LINES = 5;

const digestKey = (userId: string, isoWeek: string) => `digest:${userId}:${isoWeek}`;

/** A person's active accounts (channel not archived) and their membership reasons in each. */
/** The repositories the digest reads (and the outbox it queues into). */
type DigestStore = Pick<
  Repositories,
  | 'accounts'
  | 'acknowledgements'
  | 'annualClock'
  | 'audit'
  | 'desiredMemberships'
  | 'notices'
  | 'onboarding'
  | 'outbox'
  | 'people'
  | 'qualityCard'
  | 'tableOfContents'
>;
type DigestDeps = MessagingDepsWith<DigestStore>;

async function accountsOf(deps: DigestDeps, email: string) {
  const memberships = await deps.store.desiredMemberships.listForEmail(email);
  const out: Array<{ account: Account; roles: Set<string> }> = [];
  for (const m of memberships) {
    const account = await deps.store.accounts.get(m.customerId);
    if (account && account.channelState !== 'archived') out.push({ account, roles: memberRoles(m.reasons) });
  }
  return out;
}

/** Everything one person's digest shows, read at send time across their accounts. */
async function digestData(deps: DigestDeps, userId: string, isoWeek: string): Promise<DigestCardData | undefined> {
  const { store, locale } = deps;
  const email = (await store.people.getByObjectId(userId))?.email;
  if (!email) return undefined;
  const mine = await accountsOf(deps, email);
  if (mine.length === 0) return undefined;
  const ids = mine.map((m) => m.account.customerId);
  const nameOf = new Map(mine.map((m) => [m.account.customerId, m.account.name]));
  const monday = isoWeekMonday(isoWeek);
  const lines: Record<DigestSectionKey, string[]> = { notices: [], reds: [], events: [], joined: [], left: [], onboarding: [] };

  const seen = new Set<string>();
  for (const { account } of mine) {
    for (const n of await store.notices.listActive(account.customerId)) {
      if (seen.has(n.id)) continue;
      const recipients = await mentionedPeople(store, account.customerId, n.mention);
      if (!recipients.some((r) => r.id === userId)) continue;
      if ((await store.acknowledgements.get(n.id, userId))?.kind === 'ack') continue;
      seen.add(n.id);
      lines.notices.push(`${n.title} — ${account.name}`);
    }
    // The same lights as the weekly card: the latest period's KPIs through storedKpiLight.
    const kpis = await store.qualityCard.listKpis(account.customerId);
    const latest = kpis.reduce((m, k) => (k.period > m ? k.period : m), '');
    for (const k of kpis.filter((x) => x.period === latest && x.kpiKey in KPI_DEFINITIONS))
      if (storedKpiLight(k.kpiKey as KpiKey, k) === 'red')
        lines.reds.push(`${account.name}: ${KPI_DEFINITIONS[k.kpiKey as KpiKey].label[locale]}`);
    const { joined, left } = await membershipChanges(deps, account.customerId, monday);
    lines.joined.push(...joined.map((n) => `${n} — ${account.name}`));
    lines.left.push(...left.map((n) => `${n} — ${account.name}`));
  }

  // Events they own, and site visits they make at their own sites as a supervisor.
  const supervises = new Set(mine.filter((m) => m.roles.has('supervisor')).map((m) => m.account.customerId));
  const events = (await store.annualClock.listForAccounts(ids)).filter(
    (e) => e.ownerEmail?.toLowerCase() === email.toLowerCase() || (e.assignee === 'site-supervisor' && supervises.has(e.customerId)),
  );
  const occurrences = events
    .flatMap((e) =>
      occurrencesBetween(
        { start: e.startsOn, recurrence: (e.recurrence ?? { kind: 'once' }) as AnnualEvent['recurrence'], until: e.endsOn ?? undefined },
        monday,
        addDays(monday, 13),
      ).map((date) => ({ date, title: (locale === 'en' && e.titleEn) || e.title, account: nameOf.get(e.customerId) ?? e.customerId })),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
  lines.events.push(...occurrences.map((o) => `${formatDate(o.date, locale)} ${o.title} — ${o.account}`));

  // Their own onboarding, and as an owner their people's.
  for (const a of await onboardingFor(deps, userId, ids)) {
    if (!isComplete(a)) lines.onboarding.push(`${a.accountName}: ${a.items.filter((i) => i.done).length}/${a.items.length}`);
  }
  for (const id of ids) {
    if (!(await accountOwners(store, id)).some((o) => o.id === userId)) continue;
    const open = (await onboardingStatus(store, id)).members.filter((m) => m.required > 0 && !m.complete && m.userId !== userId);
    if (open.length > 0) lines.onboarding.push(`${nameOf.get(id)}: ${open.map((m) => m.name).join(', ')}`);
  }

  return {
    isoWeek,
    weekday: (await store.onboarding.getDigestPref(userId))?.weekday ?? deps.digestWeekday ?? 1,
    accountCount: mine.length,
    sections: (Object.keys(lines) as DigestSectionKey[]).map((key) => {
      const { shown, more } = capList(lines[key], DIGEST_MAX_LINES);
      return { key, lines: shown, more };
    }),
  };
}

export async function digestActivity(deps: DigestDeps, userId: string, isoWeek: string): Promise<OutgoingActivity | undefined> {
  const data = await digestData(deps, userId, isoWeek);
  return data && { type: 'message', attachments: [toAttachment(digestCard(data, deps.locale))] };
}

/**
 * Daily: everyone in two or more active accounts whose chosen day (default `defaultWeekday`) is today,
 * and who has not switched it off, gets this week's digest queued (once a week: the key is per week).
 */
export async function queueDigests(deps: DigestDeps, opts: { defaultWeekday: number }): Promise<{ queued: number }> {
  const { store } = deps;
  const today = localDateInZone(deps.clock.now(), deps.timeZone);
  const isoWeek = currentIsoWeek(deps.clock.now(), deps.timeZone);
  const active = new Set((await store.accounts.list()).filter((a) => a.channelState !== 'archived').map((a) => a.customerId));
  const count = new Map<string, number>();
  for (const m of await store.desiredMemberships.listAll())
    if (active.has(m.customerId)) count.set(m.email.toLowerCase(), (count.get(m.email.toLowerCase()) ?? 0) + 1);
  const emails = [...count].filter(([, n]) => n >= 2).map(([e]) => e);
  const people = await store.people.getMany(emails);
  const prefs = new Map((await store.onboarding.listDigestPrefs()).map((p) => [p.userId, p]));
  let queued = 0;
  for (const email of emails.sort()) {
    const userId = people.get(email)?.objectId;
    if (!userId) continue;
    const pref = prefs.get(userId);
    if (pref && !pref.enabled) continue;
    if ((pref?.weekday ?? opts.defaultWeekday) !== isoWeekday(today)) continue;
    const r = await enqueueMessage(store, {
      idempotencyKey: digestKey(userId, isoWeek),
      kind: 'digest',
      customerId: null,
      target: { userId },
      payload: { isoWeek },
    });
    if (r.created) queued++;
  }
  deps.logger.info({ queued, today }, 'personal digests');
  return { queued };
}
