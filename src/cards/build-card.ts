import { Template } from 'adaptivecards-templating';
import { AppError } from '../errors/app-error';
import { assertCardSize } from './card-size';
import { escapeDeep } from './escape';
import type { MentionEntity } from './mentions';
import { cardStrings, type CardLocale } from './strings';
// JSON imports (not fs reads) so tsc copies the templates into dist with the code.
import accessGranted from './templates/access-granted.json';
import accessNote from './templates/access-note.json';
import accountChoice from './templates/account-choice.json';
import clockReminder from './templates/clock-reminder.json';
import digest from './templates/digest.json';
import error from './templates/error.json';
import escalation from './templates/escalation.json';
import feedbackReceived from './templates/feedback-received.json';
import help from './templates/help.json';
import members from './templates/members.json';
import onboarding from './templates/onboarding.json';
import refusal from './templates/refusal.json';
import reminder from './templates/reminder.json';
import removalApproval from './templates/removal-approval.json';
import urgentNotice from './templates/urgent-notice.json';
import weeklyStatusForm from './templates/weekly-status-form.json';
import weeklyStatus from './templates/weekly-status.json';
import welcome from './templates/welcome.json';
import whyAccess from './templates/why-access.json';
import noticeForm from './templates/notice-form.json';
import noticeOpen from './templates/notice-open.json';
import noticePlan from './templates/notice-plan.json';
import noticePreview from './templates/notice-preview.json';
import noticeStart from './templates/notice-start.json';
import qualityLoopNote from './templates/quality-loop-note.json';

const TEMPLATES = {
  'access-granted': accessGranted,
  'access-note': accessNote,
  'account-choice': accountChoice,
  'clock-reminder': clockReminder,
  digest,
  error,
  escalation,
  'feedback-received': feedbackReceived,
  help,
  members,
  onboarding,
  refusal,
  reminder,
  'removal-approval': removalApproval,
  'urgent-notice': urgentNotice,
  'weekly-status-form': weeklyStatusForm,
  'weekly-status': weeklyStatus,
  welcome,
  'why-access': whyAccess,
  'notice-form': noticeForm,
  'notice-open': noticeOpen,
  'notice-plan': noticePlan,
  'notice-preview': noticePreview,
  'notice-start': noticeStart,
  'quality-loop-note': qualityLoopNote,
} as const;

export type CardName = keyof typeof TEMPLATES;
const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  refresh?: { action: { type: 'Action.Execute'; verb: string; data?: unknown }; userIds?: string[] };
  /** Teams-only extension: full width and mention entities (not part of the official schema). */
  msteams?: { width?: 'Full'; entities?: MentionEntity[] };
  [key: string]: unknown;
}

export interface BuildCardExtras {
  entities?: MentionEntity[];
  refresh?: AdaptiveCardJson['refresh'];
}

/** The attachment shape Bot Framework / Teams expects; plain data so no botbuilder import is needed. */
export function toAttachment(card: AdaptiveCardJson): { contentType: string; content: AdaptiveCardJson } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

function findUnexpanded(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('${') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findUnexpanded(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = findUnexpanded(v, `${path}.${k}`);
      if (p) return p;
    }
  }
  return undefined;
}

/**
 * Parsing a template (every `${...}` through the expression parser) costs far more than expanding
 * it, so each template is parsed once per process; `expand` does not change the parsed template.
 */
const parsed = new Map<CardName, Template>();
function templateFor(name: CardName): Template {
  let t = parsed.get(name);
  if (!t) {
    t = new Template(TEMPLATES[name]);
    parsed.set(name, t);
  }
  return t;
}

/**
 * Expands a card template. Every string in `data` is escaped unless wrapped in `verbatim()`;
 * the locale's strings are available to the template as `${s....}`. Throws if an expression is
 * left unexpanded (a missing field) or the card is over the Teams size limit.
 */
export function buildCard(
  name: CardName,
  data: Record<string, unknown>,
  locale: CardLocale,
  extras: BuildCardExtras = {},
): AdaptiveCardJson {
  const card = expandCard(name, data, locale, extras);
  assertCardSize(card, name);
  return card;
}

/** `buildCard` without the size assertion, for list cards that shrink themselves to fit (see `fitList`). */
export function expandCard(
  name: CardName,
  data: Record<string, unknown>,
  locale: CardLocale,
  extras: BuildCardExtras = {},
): AdaptiveCardJson {
  const root = { ...(escapeDeep(data) as Record<string, unknown>), s: cardStrings[locale] };
  const card = templateFor(name).expand({ $root: root }) as AdaptiveCardJson;
  const missing = findUnexpanded(card, name);
  if (missing) throw new AppError('INTERNAL', `card template ${name} left an expression unexpanded at ${missing}`);
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  if (extras.refresh) card.refresh = extras.refresh;
  card.msteams = { width: 'Full', ...(extras.entities && extras.entities.length > 0 ? { entities: extras.entities } : {}) };
  return card;
}
