import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  type TaskModuleRequest,
  type TaskModuleResponse,
} from 'botbuilder';
import type { Logger } from '../src/ports/logger';
import type { MessagingHandlers } from './messaging-handlers';

/** What the bot needs from the rest of the app; features plug in here instead of the bot building clients. */
export interface BotDependencies {
  logger: Logger;
  defaultLocale: 'fi' | 'en';
  /**
   * Called when the app is installed in a team/channel/chat (and on a personal message when the chat
   * is not known yet), so proactive sends reuse the conversation and its service URL.
   */
  saveConversationReference?(ref: Partial<ConversationReference>, teamId: string | undefined, where?: ConversationWhere): Promise<void>;
  /** True when a conversation's reference is already stored (saves a write per personal message). */
  hasConversationReference?(conversationId: string, serviceUrl: string): Promise<boolean>;
  /** Text command router; returns true when it handled the message. */
  handleCommand?(context: TurnContext, command: string, args: string): Promise<boolean>;
  /** Commands, quick replies, card actions and the weekly-status dialog (issue 4). */
  messaging?: MessagingHandlers;
}

/** Where a conversation is: the channel (teams) or the user (personal chats), from the activity. */
export interface ConversationWhere {
  channelId?: string;
  userId?: string;
  tenantId?: string;
  personal: boolean;
}

export function conversationWhere(context: TurnContext): ConversationWhere {
  const a = context.activity;
  const data = a.channelData as { channel?: { id?: string }; tenant?: { id?: string } } | undefined;
  const personal = a.conversation.conversationType === 'personal';
  return {
    channelId: data?.channel?.id ?? (personal ? undefined : a.conversation.id.split(';')[0]),
    userId: personal ? (a.from.aadObjectId ?? undefined) : undefined,
    tenantId: data?.tenant?.id ?? a.conversation.tenantId,
    personal,
  };
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
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (!this.deps.messaging) return super.onAdaptiveCardInvoke(context, invokeValue);
    const locale = localeOf(context, this.deps.defaultLocale);
    const action = invokeValue.action as { verb?: string; data?: Record<string, unknown> };
    const r = await this.deps.messaging.cardAction(context, locale, action.verb ?? '', action.data ?? {});
    return r.body as AdaptiveCardInvokeResponse;
  }

  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    if (!this.deps.messaging) return super.handleTeamsTaskModuleFetch(context, request);
    return (await this.deps.messaging.taskFetch(context, localeOf(context, this.deps.defaultLocale), (request.data ?? {}) as Record<string, unknown>)) as TaskModuleResponse;
  }

  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    if (!this.deps.messaging) return super.handleTeamsTaskModuleSubmit(context, request);
    return (await this.deps.messaging.taskSubmit(context, localeOf(context, this.deps.defaultLocale), (request.data ?? {}) as Record<string, unknown>)) as TaskModuleResponse;
  }

  /** Reminders to this user then go into this chat, at the service URL Teams gave with it. */
  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const where = conversationWhere(context);
    const { saveConversationReference: save, hasConversationReference: has } = this.deps;
    if (!where.personal || !where.userId || !save) return;
    if (has && (await has(context.activity.conversation.id, context.activity.serviceUrl))) return;
    await save(TurnContext.getConversationReference(context.activity), undefined, where);
  }

  constructor(private readonly deps: BotDependencies) {
    super();
    const log = deps.logger.child('bot');

    this.onMessage(async (context, next) => {
      await this.rememberPersonalChat(context);
      const text = commandText(context);
      const [command = '', ...rest] = text.split(' ');
      const locale = localeOf(context, deps.defaultLocale);
      const value = context.activity.value as Record<string, unknown> | undefined;
      // Action.Submit of the weekly form shown in a chat (outside a dialog) arrives as a message with a value.
      // Clients without dialogs (e.g. Agents Playground) send the Edit button as a plain submit: show the form inline.
      if (deps.messaging && value && value.action === 'editWeeklyStatus') {
        const r = (await deps.messaging.taskFetch(context, locale, value)) as { task: { value: { card: never } } };
        await context.sendActivity({ attachments: [r.task.value.card] });
        await next();
        return;
      }
      if (deps.messaging && value && value.action === 'saveWeeklyStatus') {
        const r = (await deps.messaging.taskSubmit(context, locale, value)) as { task: { type: string; value: unknown } };
        if (r.task.type === 'message') await context.sendActivity(String(r.task.value));
        else await context.sendActivity({ attachments: [(r.task.value as { card: never }).card] });
        await next();
        return;
      }
      let handled = deps.messaging ? await deps.messaging.handleMessage(context, locale, text) : false;
      if (!handled && deps.handleCommand) handled = await deps.handleCommand(context, command.toLowerCase(), rest.join(' '));
      if (!handled) {
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
        await deps.saveConversationReference(TurnContext.getConversationReference(context.activity), teamId, conversationWhere(context));
        log.info({ teamId, conversationId: context.activity.conversation.id }, 'app installed; conversation reference stored');
      }
      await next();
    });
  }
}
