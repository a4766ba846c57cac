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
  /** The app's catalog id (TEAMS_APP_ID), for deep links to its tabs. */
  teamsAppId?: string;
  directorGroupId?: string;
  adminGroupId?: string;
  /**
   * Group membership check (directors, admins). Injected because group membership comes from
   * Graph in production; `listGroupMembership` below is the Graph-free default.
   */
  isInGroup(userObjectId: string, groupId: string): Promise<boolean>;
  /** DIGEST_DEFAULT_WEEKDAY: the digest's day for whoever has not chosen one (1 = Monday). */
  digestWeekday?: number;
}

/** A messaging use case's deps with its own narrow view of the store (a `Pick<Repositories, …>` or a `StorePort`). */
export type MessagingDepsWith<S> = Omit<MessagingDeps, 'store'> & { store: S };

/** A messenger that can get ready (its token) while the first items of a burst render. */
export type DeliveryMessenger = Messenger & { prepare?(): Promise<void> };

export interface DeliveryDeps extends MessagingDeps {
  messenger: DeliveryMessenger;
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

/**
 * `isInGroup` over the directory (Graph checkMemberGroups), cached for a few minutes per user and
 * group so a burst of card actions does not become a burst of Graph calls. Errors count as "not in
 * the group": a failed check must never grant rights.
 */
export function directoryGroupMembership(
  directory: { checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> },
  clock: { now(): Date },
  ttlMs = 5 * 60_000,
): MessagingDeps['isInGroup'] {
  const cache = new Map<string, { at: number; member: boolean }>();
  return async (userObjectId, groupId) => {
    const key = `${userObjectId}|${groupId}`;
    const now = clock.now().getTime();
    const hit = cache.get(key);
    if (hit && now - hit.at < ttlMs) return hit.member;
    let member: boolean;
    try {
      member = (await directory.checkMemberGroups(userObjectId, [groupId])).includes(groupId);
    } catch {
      return false;
    }
    cache.set(key, { at: now, member });
    return member;
  };
}
