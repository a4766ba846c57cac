import { localDateInZone } from '../domain/annual-clock';
import type { MessagingDeps } from './deps';
import { enqueueMessages, type MessageInput } from './outbox-messages';

const surveyReminderKey = (year: number, customerId: string) => `survey-reminder:${year}:${customerId}`;

/**
 * Daily: in the survey month, queues the yearly user-survey card for every account channel that has
 * not had this year's yet. The outbox key is unique per account and year, so repeated runs, several
 * instances and a channel created later in the month each post it exactly once.
 */
export async function queueSurveyReminders(deps: MessagingDeps, o: { url?: string; month: number }): Promise<{ queued: number }> {
  if (!o.url) return { queued: 0 };
  const today = localDateInZone(deps.clock.now(), deps.timeZone);
  const year = Number(today.slice(0, 4));
  if (Number(today.slice(5, 7)) !== o.month) return { queued: 0 };
  const accounts = (await deps.store.accounts.list({ nationalOnly: true })).filter((a) => a.channelState === 'active' && a.channelId);
  const messages: MessageInput[] = accounts.map((a) => ({
    idempotencyKey: surveyReminderKey(year, a.customerId),
    kind: 'survey-reminder',
    customerId: a.customerId,
    target: { customerId: a.customerId, channelId: a.channelId!, teamId: deps.teamId },
    payload: { customerId: a.customerId, year, url: o.url! },
  }));
  await enqueueMessages(deps.store, messages);
  if (messages.length > 0) deps.logger.info({ year, channels: messages.length }, 'user-survey reminders queued');
  return { queued: messages.length };
}
