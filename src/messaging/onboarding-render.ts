import type { AccessReason } from '../domain/access-reason';
import { accessWhy, onboardingCard, toAttachment, type AdaptiveCardJson, type CardLocale } from '../cards';
import type { OutgoingActivity } from '../ports/messenger';
import type { DeliveryDeps, MessagingDeps } from './deps';
import { digestActivity } from './digest';
import { isComplete, onboardingFor, recordWelcomeDelivered } from './onboarding';
import type { Operation, Renderers } from './render-items';

const activity = (card: AdaptiveCardJson): OutgoingActivity => ({ type: 'message', attachments: [toAttachment(card)] });

/**
 * The welcome when any of the person's new accounts has must-read items: the onboarding checklist,
 * every account of the note with why they have access and its channel, the items under those that
 * have some. Undefined = nothing to read anywhere (the plain welcome goes out).
 */
export async function onboardingWelcome(
  deps: DeliveryDeps,
  userId: string,
  channels: ReadonlyArray<{ customerId: string; accountName: string; channelUrl?: string; why: AccessReason }>,
): Promise<OutgoingActivity | undefined> {
  const withItems = new Map(
    (
      await onboardingFor(
        deps,
        userId,
        channels.map((c) => c.customerId),
      )
    ).map((a) => [a.customerId, a]),
  );
  if (withItems.size === 0) return undefined;
  const accounts = channels.map((c) => ({
    customerId: c.customerId,
    accountName: c.accountName,
    channelUrl: c.channelUrl,
    items: [],
    ...withItems.get(c.customerId),
    why: accessWhy(deps.locale, c.why).value,
  }));
  // Accounts with something to read first.
  accounts.sort((a, b) => Number(b.items.length > 0) - Number(a.items.length > 0));
  return activity(onboardingCard('welcome', accounts, deps.locale));
}

/**
 * After the welcome: the onboarding starts (see recordWelcomeDelivered). The welcome is already out, so
 * a failure here is logged rather than thrown (a throw would send the welcome again).
 */
export async function afterWelcome(
  deps: MessagingDeps,
  ...args: Parameters<typeof recordWelcomeDelivered> extends [unknown, ...infer R] ? R : never
): Promise<void> {
  try {
    await recordWelcomeDelivered(deps, ...args);
  } catch (err) {
    deps.logger.error({ err: { message: (err as Error).message } }, 'onboarding start not recorded');
  }
}

export const onboardingRenderers: Pick<Renderers, 'onboarding-reminder' | 'onboarding-reread' | 'onboarding-joined' | 'digest'> = {
  async 'onboarding-reminder'(item, deps): Promise<Operation> {
    const [mine] = await onboardingFor(deps, item.target.userId, [item.payload.customerId]);
    if (!mine || isComplete(mine)) return { op: 'skip', reason: 'onboarding complete' };
    return { op: 'user', userId: item.target.userId, activity: activity(onboardingCard('reminder', [mine], deps.locale)) };
  },

  async 'onboarding-reread'(item, deps): Promise<Operation> {
    const [mine] = await onboardingFor(deps, item.target.userId, [item.payload.customerId]);
    const it = mine?.items.find((i) => i.itemId === item.payload.itemId);
    if (!mine || !it || it.done) return { op: 'skip', reason: 'read already or no longer asked' };
    return {
      op: 'user',
      userId: item.target.userId,
      activity: activity(onboardingCard('reread', [{ ...mine, items: [it] }], deps.locale)),
    };
  },

  async 'onboarding-joined'(item, deps): Promise<Operation> {
    const p = item.payload;
    return {
      op: 'user',
      userId: item.target.userId,
      activity: { type: 'message', text: joinedText(deps, p.person.name, p.accountName), textFormat: 'plain' },
    };
  },

  async digest(item, deps): Promise<Operation> {
    const a = await digestActivity(deps, item.target.userId, item.payload.isoWeek);
    if (!a) return { op: 'skip', reason: 'nothing for this person any more' };
    return { op: 'user', userId: item.target.userId, activity: a };
  },
};

/** Plain text (sent as such, so names need no escaping). */
function joinedText(deps: Pick<MessagingDeps, 'locale'>, name: string, account: string): string {
  const locale: CardLocale = deps.locale;
  return locale === 'en'
    ? `${name} joined ${account} as a supervisor. You can follow their onboarding in the channel's Table of contents tab.`
    : `${name} liittyi asiakkuuteen ${account} esimiehenä. Perehdytyksen etenemistä voit seurata kanavan Sisällysluettelo-välilehdeltä.`;
}
