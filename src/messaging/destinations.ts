import type { ConversationRef, Store } from '../store';

export interface Destination {
  conversationId: string;
  serviceUrl: string;
}

/**
 * Where proactive messages go. Teams gives the bot a service URL (and conversation ids) with every
 * `conversationUpdate`; those captured references win over the configured BOT_SERVICE_URL, which is
 * only the fallback for channels and people the bot has not heard from yet. Lookups are remembered
 * for one delivery run, so a notice to 100 channels reads each reference once.
 */
export class Destinations {
  private shared:
    Promise<{ channels: Map<string, ConversationRef>; teams: Map<string, ConversationRef>; latestTeam?: ConversationRef }> | undefined;
  private readonly people = new Map<string, Promise<Destination | undefined>>();

  constructor(
    private readonly store: Pick<Store, 'conversationRefs'>,
    private readonly fallbackServiceUrl: string,
  ) {}

  /** The channel's own reference, else its team's service URL, else the configured one. */
  async channel(channelId: string, teamId?: string | null): Promise<Destination> {
    const { channels, teams, latestTeam } = await this.teamsAndChannels();
    const own = channels.get(channelId);
    if (own) return { conversationId: own.conversationId.split(';')[0]!, serviceUrl: own.serviceUrl };
    // Teams names the team by its thread id, config by its group id: the app serves one team, so any
    // captured team installation tells the tenant's service URL.
    const team = (teamId ? teams.get(teamId) : undefined) ?? latestTeam;
    return { conversationId: channelId, serviceUrl: team?.serviceUrl ?? this.fallbackServiceUrl };
  }

  /** One query for every team and channel reference (a few hundred rows at most), newest winning. */
  private teamsAndChannels() {
    if (!this.shared) {
      this.shared = this.store.conversationRefs.listTeamsAndChannels().then((refs) => {
        const channels = new Map<string, ConversationRef>();
        const teams = new Map<string, ConversationRef>();
        let latestTeam: ConversationRef | undefined;
        for (const r of refs) {
          const channelId = r.channelId ?? (r.kind === 'channel' ? r.conversationId.split(';')[0]! : undefined);
          if (channelId) channels.set(channelId, r);
          if (r.kind === 'team' && r.teamId) teams.set(r.teamId, r);
          if (r.kind === 'team') latestTeam = r;
        }
        return { channels, teams, latestTeam };
      });
      this.shared.catch(() => (this.shared = undefined));
    }
    return this.shared;
  }

  /** The stored personal chat with a user, if the bot has one. */
  personal(userId: string): Promise<Destination | undefined> {
    let d = this.people.get(userId);
    if (!d) {
      d = this.store.conversationRefs
        .findPersonal(userId)
        .then((r) => (r ? { conversationId: r.conversationId, serviceUrl: r.serviceUrl } : undefined));
      this.people.set(userId, d);
      d.catch(() => this.people.delete(userId));
    }
    return d;
  }

  /** Remembers a personal chat the sender had to create, for this run and the next ones. */
  async savePersonal(userId: string, tenantId: string | undefined, dest: Destination): Promise<void> {
    this.people.set(userId, Promise.resolve(dest));
    await this.store.conversationRefs.upsert({
      conversationId: dest.conversationId,
      kind: 'personal',
      userId,
      tenantId: tenantId ?? null,
      serviceUrl: dest.serviceUrl,
      reference: {
        conversation: { id: dest.conversationId, conversationType: 'personal', ...(tenantId ? { tenantId } : {}) },
        serviceUrl: dest.serviceUrl,
        user: { aadObjectId: userId },
      },
    });
  }

  /** A stored personal chat the service no longer knows: forget it, the next send creates a new one. */
  async forgetPersonal(userId: string, conversationId: string): Promise<void> {
    this.people.delete(userId);
    await this.store.conversationRefs.remove(conversationId);
  }
}
