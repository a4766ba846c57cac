import {
  ALL_ACCOUNTS_VALUE,
  NOTICE_AUDIENCES,
  noticeDialogStrings,
  type CardLocale,
  type LocalDateTimeInput,
  type NoticeFormValues,
  type Person,
} from '../cards';
import { instantToZoned, zonedToInstant } from '../domain/notices/zoned-time';
import type { MentionSpec, NoticePlan, NoticePlanFields, NoticeTargets } from '../store';
import type { MessagingDeps } from './deps';
import { mayPostNotice, targetAccounts, type Actor } from './notices';
import { accountOwners, isAccountOwner, normaliseRole, peopleForEmails } from './people';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) =>
  str(v)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const pair = (input: Record<string, unknown>, prefix: string): LocalDateTimeInput | undefined => {
  const date = str(input[`notice${prefix}Date`]).trim();
  const time = str(input[`notice${prefix}Time`]).trim();
  return date || time ? { date, time } : undefined;
};

/** The dialog's inputs as typed (Input.* values are strings; a multi-select is comma-separated). */
export function readNoticeForm(input: Record<string, unknown>): NoticeFormValues {
  return {
    title: str(input.noticeTitle),
    body: str(input.noticeBody),
    accounts: [...new Set(list(input.noticeAccounts))].slice(0, 1000),
    audience: [...new Set(list(input.noticeAudience))],
    ackRequired: str(input.noticeAck) !== 'false',
    due: pair(input, 'Due'),
    sendAt: pair(input, 'Send'),
    windowStart: pair(input, 'Start'),
    windowEnd: pair(input, 'End'),
    approval: str(input.noticeApproval) === 'true',
  };
}

/** The audiences chosen in the dialog as the mention spec the notice stores. */
function mentionOf(audience: readonly string[]): MentionSpec {
  if (audience.includes('all')) return { mode: 'all' };
  if (audience.length === 1 && audience[0] === 'supervisor') return { mode: 'supervisors' };
  return { mode: 'roles', roles: [...audience] };
}

function audienceOf(m: MentionSpec): string[] {
  if (m.mode === 'all') return ['all'];
  if (m.mode === 'supervisors') return ['supervisor'];
  return (m.roles ?? []).map(normaliseRole);
}

/** A stored draft back in the form (Back to edit). */
export function formValuesOf(plan: NoticePlan, timeZone: string): NoticeFormValues {
  const zoned = (iso: string | null | undefined) => (iso ? instantToZoned(iso, timeZone) : undefined);
  return {
    title: plan.title,
    body: plan.body,
    accounts: 'all' in plan.targets ? [ALL_ACCOUNTS_VALUE] : plan.targets.accounts,
    audience: audienceOf(plan.mention),
    ackRequired: plan.options.ackRequired,
    due: zoned(plan.options.dueAt),
    sendAt: zoned(plan.sendAt),
    windowStart: zoned(plan.options.windowStart),
    windowEnd: zoned(plan.options.windowEnd),
    approval: plan.options.approvalRequired === true,
  };
}

export type FormCheck = { ok: true; fields: NoticePlanFields } | { ok: false; errors: string[] };

/**
 * Checks the form the way sending will: texts, the accounts this author may post to (per account),
 * the audience, the times (in APP_TIMEZONE; nothing in the past, a window that ends after it
 * starts and not before sending), and that a second pair of eyes exists when one is asked for.
 * Every problem is listed in the user's language; nothing is stored.
 */
export async function checkNoticeForm(deps: MessagingDeps, actor: Actor, v: NoticeFormValues, locale: CardLocale): Promise<FormCheck> {
  const d = noticeDialogStrings[locale];
  const errors: string[] = [];
  const fill = (t: string, vars: Record<string, string>) => t.replace(/\{(\w+)\}/g, (w, k: string) => vars[k] ?? w);
  const title = v.title.trim();
  const body = v.body.trim();
  if (!title || title.length > 300) errors.push(d.errTitle);
  if (!body || body.length > 4000) errors.push(d.errBody);

  let targets: NoticeTargets | undefined;
  if (v.accounts.length === 0) errors.push(d.errAccounts);
  else if (v.accounts.includes(ALL_ACCOUNTS_VALUE)) {
    if ((await mayPostNotice(deps, actor, { all: true })).ok) targets = { all: true };
    else errors.push(d.errAllOnlyDirectors);
  } else {
    const director = (await mayPostNotice(deps, actor, { all: true })).ok;
    const live = new Set((await targetAccounts(deps, { accounts: v.accounts })).map((a) => a.customerId));
    const refused: string[] = [];
    for (const id of v.accounts) {
      if (!live.has(id) || (!director && !(await isAccountOwner(deps.store, id, actor.id)))) refused.push(id);
    }
    // The id is shown as typed only if it is a plain account number; anything else is cut down.
    for (const id of refused.slice(0, 5)) errors.push(fill(d.errAccountNotAllowed, { id: id.replace(/[^\w-]/g, '').slice(0, 20) }));
    if (refused.length === 0) targets = { accounts: v.accounts };
  }

  const audience = v.audience.filter((a) => (NOTICE_AUDIENCES as readonly string[]).includes(a));
  if (audience.length === 0 || audience.length !== v.audience.length) errors.push(d.errAudience);

  const now = deps.clock.now().getTime();
  const when = (p: LocalDateTimeInput | undefined, label: string): Date | undefined | null => {
    if (!p) return undefined;
    const at = p.date && p.time ? zonedToInstant(p.date, p.time, deps.timeZone) : undefined;
    if (!at) errors.push(fill(d.errDateTime, { field: label.replace(/\s*\(.*\)$/, '') }));
    return at ?? null;
  };
  const due = when(v.due, d.dueLabel);
  const sendAt = when(v.sendAt, d.sendAtLabel);
  const start = when(v.windowStart, d.windowStartLabel);
  const end = when(v.windowEnd, d.windowEndLabel);
  if (sendAt && sendAt.getTime() <= now) errors.push(d.errSendPast);
  if (due && due.getTime() <= now) errors.push(d.errDuePast);
  if ((start === undefined) !== (end === undefined)) errors.push(d.errWindowHalf);
  if (start && end && end.getTime() <= start.getTime()) errors.push(d.errWindowOrder);
  if (start && sendAt && start.getTime() < sendAt.getTime()) errors.push(d.errWindowBeforeSend);

  if (v.approval && targets && (await approverCandidates(deps, targets, actor.id)).length === 0) errors.push(d.errNoApprover);
  if (errors.length > 0 || !targets) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      title,
      body,
      targets,
      mention: mentionOf(audience),
      options: {
        ackRequired: v.ackRequired,
        ...(due ? { dueAt: due.toISOString() } : {}),
        ...(start && end ? { windowStart: start.toISOString(), windowEnd: end.toISOString() } : {}),
        ...(v.approval ? { approvalRequired: true } : {}),
      },
      sendAt: sendAt ? sendAt.toISOString() : null,
      locale,
    },
  };
}

/**
 * Who can be the second pair of eyes: the owners (and co-owners) and the regional directors from
 * billing of the targeted accounts, never the author. Directors (the group) may approve too, but
 * the group is not listed here: its members are checked when they act.
 */
export async function approverCandidates(deps: MessagingDeps, targets: NoticeTargets, authorId: string): Promise<Person[]> {
  const out = new Map<string, Person>();
  for (const a of await targetAccounts(deps, targets)) {
    const rdEmails = (await deps.store.desiredMemberships.listForAccount(a.customerId))
      .filter((m) => m.reasons.some((r) => r.kind === 'site' && r.role === 'regional_director'))
      .map((m) => m.email);
    for (const p of [...(await accountOwners(deps.store, a.customerId)), ...(await peopleForEmails(deps.store, rdEmails))]) {
      if (p.id !== authorId && !out.has(p.id)) out.set(p.id, p);
    }
    if (out.size >= 100) break;
  }
  return [...out.values()].sort((x, y) => x.name.localeCompare(y.name, 'fi'));
}
