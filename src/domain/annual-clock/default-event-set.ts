import type { AnnualEvent, Recurrence } from './event';
import { nextOccurrence } from './recurrence';
import { addMonths, daysInMonth, formatLocalDate, parseLocalDate, type LocalDate } from './local-date';

export interface DefaultEventSetOptions {
  /** Contract start; its anniversary ("synttärit") anchors the four customer meetings. */
  contractStart?: LocalDate;
  /**
   * The day the account's channel was created. Each series then starts at its first occurrence on or
   * after it, so a channel created in December does not open on a year of "overdue" events.
   */
  from?: LocalDate;
}

interface Template {
  key: string;
  ring: string;
  fi: string;
  en: string;
  description: string;
  start: LocalDate;
  recurrence: Recurrence;
  /** Made at every site by its supervisor, not by the KAD. */
  assignee?: 'site-supervisor';
}

// Used when the contract start is unknown; the owner moves it to the real anniversary.
const FALLBACK_ANNIVERSARY = { month: 9, day: 15 };

/** The anniversary within `year` (Feb 29 contracts get Feb 28 in common years). */
function anniversaryIn(year: number, contractStart?: LocalDate): LocalDate {
  const { month, day } = contractStart ? parseLocalDate(contractStart) : FALLBACK_ANNIVERSARY;
  return formatLocalDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/** `d` moved by whole years into `year`, so every default series has an occurrence that year. */
function intoYear(d: LocalDate, year: number): LocalDate {
  return addMonths(d, (year - parseLocalDate(d).year) * 12);
}

/**
 * The product's starting point for a new account's annual clock (PRODUCT.md, "Annual clock").
 * Ids are deterministic per account, so creating the set twice does not duplicate it.
 * All events belong to the account owner (the KAD), who adapts them.
 */
export function defaultEventSet(customerId: string, ownerEmail: string, year: number, options: DefaultEventSetOptions = {}): AnnualEvent[] {
  const anniversary = anniversaryIn(year, options.contractStart);
  const contractDay = options.contractStart ? parseLocalDate(options.contractStart).day : FALLBACK_ANNIVERSARY.day;
  const y = (mmdd: string) => `${year}-${mmdd}`;
  const templates: Template[] = [
    {
      key: 'quality-visit',
      ring: 'supervisors',
      fi: 'Laatukäynti kohteessa',
      en: 'Quality visit on site',
      description: "Esimiehen kuukausittainen laatukäynti. / Supervisor's monthly quality visit.",
      start: y('01-10'),
      recurrence: { kind: 'monthly' },
      assignee: 'site-supervisor',
    },
    {
      key: 'satisfaction-visit',
      ring: 'supervisors',
      fi: 'Asiakastyytyväisyyskäynti',
      en: 'Customer-satisfaction visit',
      description: "Esimiehen kuukausittainen asiakastyytyväisyyskäynti. / Supervisor's monthly customer-satisfaction visit.",
      start: y('01-20'),
      recurrence: { kind: 'monthly' },
      assignee: 'site-supervisor',
    },
    {
      key: 'anniversary-meeting',
      ring: 'kad',
      fi: 'Synttärit: kehityspalaveri ja ensi vuoden suunnitelma',
      en: "Anniversary: development meeting and next year's plan",
      description:
        'Sopimuksen vuosipäivä. Kehityspalaveri ja ensi vuoden suunnitelma, mieluiten ylimmän johdon läsnä ollessa. / ' +
        "Contract anniversary. Development meeting and next year's plan, ideally with top management present.",
      start: anniversary,
      recurrence: { kind: 'yearly', dayOfMonth: contractDay },
    },
    ...[1, 2, 3].map((k) => ({
      key: `customer-meeting-${k}`,
      ring: 'kad',
      fi: `Asiakastapaaminen ${k}/3`,
      en: `Customer meeting ${k}/3`,
      description: 'Asiakkuusjohtajan tapaaminen asiakkaan kanssa. / Key account director meets the customer.',
      start: intoYear(addMonths(anniversary, 3 * k), year),
      recurrence: { kind: 'yearly' } as Recurrence,
    })),
    {
      key: 'internal-audit',
      ring: 'management',
      fi: 'Sisäinen auditointi',
      en: 'Internal audit',
      description: 'Vuosittainen sisäinen laatuauditointi. / Yearly internal quality audit.',
      start: y('04-15'),
      recurrence: { kind: 'yearly' },
    },
    {
      key: 'steering-group',
      ring: 'management',
      fi: 'Ohjausryhmän kokous',
      en: 'Steering-group meeting',
      description: 'Neljännesvuosittainen ohjausryhmä asiakkaan kanssa. / Quarterly steering group with the customer.',
      start: y('03-15'),
      recurrence: { kind: 'quarterly' },
    },
    {
      key: 'quality-card',
      ring: 'management',
      fi: 'Laatukortti johtoryhmälle',
      en: 'Quality card for the management team',
      description: 'Kuukauden laatukortti johtoryhmälle. / Monthly quality card for the management team.',
      start: y('01-05'),
      recurrence: { kind: 'monthly' },
    },
    {
      key: 'user-survey',
      ring: 'customer',
      fi: 'Käyttäjätyytyväisyyskysely',
      en: 'User-satisfaction survey',
      description: 'Vuosittainen käyttäjätyytyväisyyskysely. / Yearly user-satisfaction survey.',
      start: y('10-01'),
      recurrence: { kind: 'yearly' },
    },
    {
      key: 'webinar',
      ring: 'customer',
      fi: 'Asiakkuuden webinaari',
      en: 'Account webinar',
      description: 'Asiakkuuden webinaari (4 vuodessa). / Account webinar (4 a year).',
      start: y('01-01'),
      recurrence: { kind: 'nthWeekday', n: 2, weekday: 'WE', months: [2, 5, 9, 11] },
    },
    {
      key: 'agreed-reports',
      ring: 'customer',
      fi: 'Sovitut raportit asiakkaalle',
      en: 'Agreed reports to the customer',
      description: 'Asiakkaan kanssa sovitut neljännesvuosiraportit. / Quarterly reports agreed with the customer.',
      start: y('03-31'),
      recurrence: { kind: 'monthly', interval: 3, dayOfMonth: -1 },
    },
  ];
  return templates.map((t) => ({
    id: `${customerId}:${t.key}`,
    customerId,
    title: t.fi,
    titleEn: t.en,
    ring: t.ring,
    ownerEmail,
    // Each template's description is written "Finnish. / English." here; readers get one language.
    description: t.description.split(' / ')[0],
    descriptionEn: t.description.split(' / ')[1] ?? t.description,
    start: options.from ? startingFrom(t, options.from) : t.start,
    recurrence: t.recurrence,
    ...(t.assignee ? { assignee: t.assignee } : {}),
  }));
}

/** The template's first occurrence on or after `from` (a one-off already past moves to next year). */
function startingFrom(t: Template, from: LocalDate): LocalDate {
  if (t.start >= from) return t.start;
  return nextOccurrence({ start: t.start, recurrence: t.recurrence }, from) ?? addMonths(t.start, 12);
}
