import { feedbackReplyCard, qualityCardTabLink, qualityInstructionCard, surveyReminderCard, toAttachment } from '../cards';
import { yearToDateLabel } from '../domain/quality-card';
import type { OutgoingActivity } from '../ports/messenger';
import type { DeliveryDeps } from './deps';
import type { TypedOutboxItem } from './outbox-messages';

type Op =
  | { op: 'user'; userId: string; activity: OutgoingActivity }
  | { op: 'channel'; channelId: string; teamId?: string | null; activity: OutgoingActivity }
  | { op: 'skip'; reason: string };

const activity = (card: ReturnType<typeof qualityInstructionCard>, summary: string): OutgoingActivity => ({
  type: 'message',
  attachments: [toAttachment(card)],
  summary,
});

/**
 * Renderers of the monthly loop's and the feedback handling's outbox kinds. Each reads the stored row
 * when it is sent, so an instruction already done or a reply changed meanwhile is sent as it is now.
 */
export const qualityLoopRenderers = {
  async 'quality-instruction'(item: TypedOutboxItem<'quality-instruction'>, deps: DeliveryDeps): Promise<Op> {
    const ins = await deps.store.qualityLoop.getInstruction(item.payload.instructionId);
    if (!ins) return { op: 'skip', reason: 'instruction gone' };
    if (ins.status === 'done') return { op: 'skip', reason: 'instruction already done' };
    const account = await deps.store.accounts.get(ins.customerId);
    const card = qualityInstructionCard(
      {
        kind: ins.kind,
        accountName: account?.name ?? ins.customerId,
        authorName: ins.authorName ?? ins.authorEmail,
        periodLabel: yearToDateLabel(ins.period),
        text: ins.text,
        url: qualityCardTabLink(deps.teamsAppId, ins.customerId, account?.channelId),
      },
      deps.locale,
    );
    return { op: 'user', userId: item.target.userId, activity: activity(card, account?.name ?? ins.customerId) };
  },

  async 'feedback-reply'(item: TypedOutboxItem<'feedback-reply'>, deps: DeliveryDeps): Promise<Op> {
    const f = await deps.store.feedback.get(item.payload.feedbackId);
    if (!f?.reply) return { op: 'skip', reason: 'no reply any more' };
    const account = f.customerId ? await deps.store.accounts.get(f.customerId) : undefined;
    const owner = f.handledBy ? (await deps.store.people.getMany([f.handledBy])).get(f.handledBy) : undefined;
    const card = feedbackReplyCard(
      {
        accountName: account?.name ?? f.customerId ?? '',
        ownerName: owner?.displayName ?? f.handledBy ?? '',
        repliedAt: f.handledAt ?? deps.clock.now().toISOString(),
        feedback: f.text,
        reply: f.reply,
        status: f.status,
      },
      deps.locale,
      { timeZone: deps.timeZone },
    );
    return { op: 'user', userId: item.target.userId, activity: activity(card, account?.name ?? '') };
  },

  async 'survey-reminder'(item: TypedOutboxItem<'survey-reminder'>, deps: DeliveryDeps): Promise<Op> {
    const account = await deps.store.accounts.get(item.payload.customerId);
    if (!account?.channelId || account.channelState === 'archived') return { op: 'skip', reason: 'account has no channel' };
    const card = surveyReminderCard({ accountName: account.name, year: item.payload.year, url: item.payload.url }, deps.locale);
    return { op: 'channel', channelId: item.target.channelId, teamId: item.target.teamId, activity: activity(card, account.name) };
  },
};
