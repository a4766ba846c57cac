import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  type TaskModuleRequest,
  type TaskModuleResponse,
} from 'botbuilder';
import type { Logger } from '../src/ports/logger';
import { toAttachment } from '../src/cards';
import {
  onText,
  onVerb,
  dialogFetch,
  dialogSubmit,
  weeklyDialogFetch,
  weeklyDialogSubmit,
  type ConversationContext,
  type ConversationInfo,
  type DialogReply,
  type Reply,
  type Turn,
} from '../src/conversation';

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
  /** The use cases behind commands, card verbs and dialogs (src/conversation). */
  conversation?: ConversationContext;
}

/** Where a conversation is: the channel (teams) or the user (personal chats), from the activity. */
export interface ConversationWhere {
  channelId?: string;
  userId?: string;
  tenantId?: string;
  personal: boolean;
}

function conversationWhere(context: TurnContext): ConversationWhere {
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

function localeOf(context: TurnContext, fallback: 'fi' | 'en'): 'fi' | 'en' {
  const l = context.activity.locale?.toLowerCase();
  if (!l) return fallback;
  return l.startsWith('en') ? 'en' : l.startsWith('fi') ? 'fi' : fallback;
}

/** Strips the bot's own <at>mention</at> and whitespace so "@Account Channels ohje" becomes "ohje". */
function commandText(context: TurnContext): string {
  const withoutMentions = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return withoutMentions
    .replace(/<at>[^<]*<\/at>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The SDK-free turn the use cases take. */
function turnOf<I>(context: TurnContext, fallback: 'fi' | 'en', input: I): Turn<I> {
  const a = context.activity;
  const where = conversationWhere(context);
  const conversation: ConversationInfo = {
    id: a.conversation.id,
    personal: where.personal,
    channelId: where.channelId,
    replyToId: a.replyToId,
  };
  return {
    actor: { id: a.from.aadObjectId ?? a.from.id, name: a.from.name ?? a.from.aadObjectId ?? a.from.id },
    conversation,
    locale: localeOf(context, fallback),
    input,
  };
}

/**
 * Our text replies are literal: sent as plain text, and a "<" that could start a tag gets an invisible
 * zero-width space after it, so clients that render text as HTML anyway keep "status <account id>".
 */
function literalText(text: string): Partial<Activity> {
  return { type: 'message', text: text.replace(/<(?=[A-Za-z/!?])/g, '<\u200B'), textFormat: 'plain' };
}

async function sendReply(context: TurnContext, reply: Reply): Promise<void> {
  for (const part of reply)
    await context.sendActivity('card' in part ? { type: 'message', attachments: [toAttachment(part.card)] } : literalText(part.text));
}

function taskResponse(r: DialogReply): TaskModuleResponse {
  if (r.kind === 'done') return { task: { type: 'message', value: r.message } };
  return { task: { type: 'continue', value: { title: r.title, card: toAttachment(r.card) as never, width: 'medium', height: 'large' } } };
}

export class AccountChannelsBot extends TeamsActivityHandler {
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const ctx = this.deps.conversation;
    if (!ctx) return super.onAdaptiveCardInvoke(context, invokeValue);
    const action = invokeValue.action as { verb?: string; data?: Record<string, unknown> };
    const r = await onVerb(ctx, turnOf(context, this.deps.defaultLocale, { verb: action.verb ?? '', data: action.data ?? {} }));
    if ('card' in r) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: r.card as never };
    if ('message' in r) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: r.message as never };
    return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: r.badRequest } as never };
  }

  protected override async handleTeamsTaskModuleFetch(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    const ctx = this.deps.conversation;
    if (!ctx) return super.handleTeamsTaskModuleFetch(context, request);
    return taskResponse(await dialogFetch(ctx, turnOf(context, this.deps.defaultLocale, (request.data ?? {}) as Record<string, unknown>)));
  }

  protected override async handleTeamsTaskModuleSubmit(context: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    const ctx = this.deps.conversation;
    if (!ctx) return super.handleTeamsTaskModuleSubmit(context, request);
    return taskResponse(await dialogSubmit(ctx, turnOf(context, this.deps.defaultLocale, (request.data ?? {}) as Record<string, unknown>)));
  }

  /** Reminders to this user then go into this chat, at the service URL Teams gave with it. */
  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const where = conversationWhere(context);
    const { saveConversationReference: save, hasConversationReference: has } = this.deps;
    if (!where.personal || !where.userId || !save) return;
    if (has && (await has(context.activity.conversation.id, context.activity.serviceUrl))) return;
    await save(TurnContext.getConversationReference(context.activity), undefined, where);
  }

  /**
   * Action.Submit of the weekly form shown in a chat (outside a dialog) arrives as a message with a
   * value; clients without dialogs (e.g. Agents Playground) send the Edit button that way too.
   */
  private async inlineDialog(context: TurnContext, ctx: ConversationContext): Promise<boolean> {
    const value = context.activity.value as Record<string, unknown> | undefined;
    const action = value?.action;
    if (action !== 'editWeeklyStatus' && action !== 'saveWeeklyStatus') return false;
    const turn = turnOf(context, this.deps.defaultLocale, value!);
    const r = action === 'editWeeklyStatus' ? await weeklyDialogFetch(ctx, turn) : await weeklyDialogSubmit(ctx, turn);
    await sendReply(context, r.kind === 'done' ? [{ text: r.message }] : [{ card: r.card }]);
    return true;
  }

  constructor(private readonly deps: BotDependencies) {
    super();
    const log = deps.logger.child('bot');

    this.onMessage(async (context, next) => {
      await this.rememberPersonalChat(context);
      const ctx = deps.conversation;
      if (ctx && !(await this.inlineDialog(context, ctx))) {
        const turn = turnOf(context, deps.defaultLocale, commandText(context));
        const reply = await onText(ctx, turn);
        await sendReply(
          context,
          reply ?? [
            {
              text:
                turn.locale === 'en'
                  ? 'I did not recognise that. Type "help" to see what I can do.'
                  : 'En tunnistanut komentoa. Kirjoita "ohje" tai "apua" nähdäksesi, mitä osaan.',
            },
          ],
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
