import type { Account } from '../store';
import { APPROVE_REMOVALS_VERB, errorCard, refusalCard, type CommandKey } from '../cards';
import { AppError } from '../errors/app-error';
import { membersOf, statusOf } from './account-commands';
import { isAdmin } from './command-input';
import { noticeVerbs } from './notice-commands';
import { noticePlanVerbs } from './notice-plan-verbs';
import { onboardingVerbs } from './onboarding-commands';
import type { ConversationContext, Reply, Turn, VerbReply } from './turn';

export type VerbInput = Record<string, unknown>;
export type VerbHandler = (ctx: ConversationContext, turn: Turn<VerbInput>) => Promise<VerbReply>;

const CHOOSE_ACCOUNT_VERB = 'chooseAccount';

/** Every Action.Execute verb the app's cards carry. */
const VERBS: Record<string, VerbHandler> = {
  ...noticeVerbs,
  [APPROVE_REMOVALS_VERB]: approveRemovals,
  [CHOOSE_ACCOUNT_VERB]: chooseAccount,
  ...noticePlanVerbs,
  ...onboardingVerbs,
};

/** A card action: the verb's handler, with refusals and errors turned into cards (never internals). */
export async function onVerb(ctx: ConversationContext, turn: Turn<{ verb: string; data: VerbInput }>): Promise<VerbReply> {
  const handler = Object.hasOwn(VERBS, turn.input.verb) ? VERBS[turn.input.verb] : undefined;
  if (!handler) return { badRequest: `unknown verb ${turn.input.verb}` };
  try {
    return await handler(ctx, { ...turn, input: turn.input.data });
  } catch (err) {
    const e = AppError.from(err);
    if (e.code === 'FORBIDDEN') return { card: refusalCard('generic', turn.locale) };
    if (e.code === 'INTERNAL') ctx.deps.logger.error({ err: { message: e.message }, verb: turn.input.verb }, 'card action failed');
    return { card: errorCard({ error: e }, turn.locale) };
  }
}

/** The account choice card's Choose: runs the command it was shown for, on the chosen account. */
async function chooseAccount(ctx: ConversationContext, turn: Turn<VerbInput>): Promise<VerbReply> {
  const account = await ctx.deps.store.accounts.get(String(turn.input.customerId ?? ''));
  if (!account)
    throw new AppError('BAD_INPUT', 'no account chosen', {
      userMessage: turn.locale === 'en' ? 'Choose an account.' : 'Valitse asiakkuus.',
    });
  const command = String(turn.input.command ?? '') as CommandKey;
  const run: Partial<Record<CommandKey, (ctx: ConversationContext, turn: Turn<unknown>, a: Account) => Promise<Reply>>> = {
    status: statusOf,
    members: membersOf,
  };
  const fn = run[command];
  if (!fn) return { badRequest: `cannot choose an account for ${command}` };
  const reply = await fn(ctx, turn, account);
  const first = reply[0];
  return first && 'card' in first ? { card: first.card } : { message: first?.text ?? '' };
}

/**
 * The approval card's Approve: approves that run's held part of the card's account only. The clicker
 * must be one of the owners the card for that account was sent to, or an admin; an owner of another
 * account held in the same run cannot approve this one.
 */
async function approveRemovals(ctx: ConversationContext, turn: Turn<VerbInput>): Promise<VerbReply> {
  const { deps } = ctx;
  const { actor, locale } = turn;
  const runId = String(turn.input.runId ?? '');
  const run = runId ? await deps.store.syncRuns.get(runId) : undefined;
  const cards = run ? await deps.store.outbox.list({ kind: 'removal-approval' }) : [];
  const mine = cards.filter(
    (i) => (i.payload as { runId?: string }).runId === runId && (i.target as { userId?: string }).userId === actor.id,
  );
  const ownerOf = [...new Set(mine.map((i) => (i.payload as { customerId?: string }).customerId ?? ''))].filter(Boolean);
  // Cards sent before approvals were per account carry no account: the owner's own single account is meant.
  const customerId = String(turn.input.customerId ?? '') || (ownerOf.length === 1 ? ownerOf[0]! : '');
  // An admin may approve any account, and with no account on the card the whole run (like the CLI).
  const allowed = !!run && ((!!customerId && ownerOf.includes(customerId)) || (await isAdmin(ctx, actor.id)));
  if (!allowed) {
    deps.logger.warn({ userId: actor.id, runId, customerId }, 'removal approval refused');
    return {
      message:
        locale === 'en'
          ? "You are not allowed to approve this account's held changes."
          : 'Sinulla ei ole oikeutta hyväksyä tämän asiakkuuden pidätettyjä muutoksia.',
    };
  }
  if (!ctx.runSync) return { message: locale === 'en' ? 'Sync is not available here.' : 'Synkronointi ei ole käytettävissä.' };
  deps.logger.info({ userId: actor.id, runId, customerId }, 'held account approved from its card');
  // Approves that run's held part for this account: its own source, mapping and plan (never a fresh sync of the default export).
  const r = await ctx.runSync({ requestedBy: actor.id, approveRunId: runId, ...(customerId ? { approveCustomerId: customerId } : {}) });
  if (r.refusal) return { message: r.refusal[locale === 'en' ? 'en' : 'fi'] };
  return {
    message:
      r.text ??
      (locale === 'en'
        ? `Held changes of account ${customerId} in run ${runId} approved; sync ${r.status}.`
        : `Asiakkuuden ${customerId} pidätetyt muutokset ajossa ${runId} hyväksytty; synkronointi: ${r.status}.`),
  };
}
