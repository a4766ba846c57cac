import type { Store } from '../store';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Messenger } from '../ports/messenger';
import type { CardLocale } from '../cards';
import type { BotPacer } from './bot-pacer';

/** What the messaging use cases need; built once in the composition root. */
export interface MessagingDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  locale: CardLocale;
  timeZone: string;
  teamId: string;
  tenantId?: string;
  directorGroupId?: string;
  adminGroupId?: string;
  /**
   * Group membership check (directors, admins). Injected because group membership comes from
   * Graph in production; `listGroupMembership` below is the Graph-free default.
   */
  isInGroup(userObjectId: string, groupId: string): Promise<boolean>;
}

export interface DeliveryDeps extends MessagingDeps {
  messenger: Messenger;
  pacer: BotPacer;
  /** Default service URL for proactive sends (BOT_SERVICE_URL). */
  serviceUrl: string;
  /** Who claims outbox items (instance id). */
  holder: string;
  /** The sync guard limits, shown on the removal approval card. */
  guardLimits?: { maxShare: number; maxCount: number };
}

/** Default `isInGroup`: a configured map of group id -> Entra object ids. */
export function listGroupMembership(groups: Record<string, readonly string[]>): MessagingDeps['isInGroup'] {
  return async (userObjectId, groupId) => (groups[groupId] ?? []).includes(userObjectId);
}
