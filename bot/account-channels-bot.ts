import { TeamsActivityHandler, TurnContext, type ConversationReference } from 'botbuilder';
import type { Logger } from '../src/ports/logger';

/** What the bot needs from the rest of the app; features plug in here instead of the bot building clients. */
export interface BotDependencies {
  logger: Logger;
  defaultLocale: 'fi' | 'en';
  /** Called when the app is installed in a team/chat, so proactive sends can reuse the reference. */
  saveConversationReference?(ref: Partial<ConversationReference>, teamId: string | undefined): Promise<void>;
  /** Text command router; returns true when it handled the message. */
  handleCommand?(context: TurnContext, command: string, args: string): Promise<boolean>;
}

export function localeOf(context: TurnContext, fallback: 'fi' | 'en'): 'fi' | 'en' {
  const l = context.activity.locale?.toLowerCase();
  if (!l) return fallback;
  return l.startsWith('en') ? 'en' : l.startsWith('fi') ? 'fi' : fallback;
}

/** Strips the bot's own <at>mention</at> and whitespace so "@Account Channels ohje" becomes "ohje". */
export function commandText(context: TurnContext): string {
  const withoutMentions = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return withoutMentions.replace(/<at>[^<]*<\/at>/g, '').replace(/\s+/g, ' ').trim();
}

export class AccountChannelsBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    const log = deps.logger.child('bot');

    this.onMessage(async (context, next) => {
      const text = commandText(context);
      const [command = '', ...rest] = text.split(' ');
      const handled = deps.handleCommand ? await deps.handleCommand(context, command.toLowerCase(), rest.join(' ')) : false;
      if (!handled) {
        const locale = localeOf(context, deps.defaultLocale);
        await context.sendActivity(
          locale === 'en'
            ? 'I did not recognise that. Type "help" to see what I can do.'
            : 'En tunnistanut komentoa. Kirjoita "ohje" nähdäksesi mitä osaan.',
        );
      }
      await next();
    });

    this.onConversationUpdate(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      const botWasAdded = added.some((m) => m.id === context.activity.recipient.id);
      if (botWasAdded && deps.saveConversationReference) {
        const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
        await deps.saveConversationReference(TurnContext.getConversationReference(context.activity), teamId);
        log.info({ teamId, conversationId: context.activity.conversation.id }, 'app installed; conversation reference stored');
      }
      await next();
    });
  }
}
