// Realistic data for every card, shared by the card tests.
import {
  accessGrantedCard,
  accessGrantedListCard,
  clockReminderCard,
  errorCard,
  escalationCard,
  feedbackReceivedCard,
  helpCard,
  membersCard,
  refusalCard,
  reminderCard,
  removalApprovalCard,
  urgentNoticeCard,
  weeklyStatusCard,
  weeklyStatusFormCard,
  welcomeCard,
  whyAccessCard,
  whyAccessListCard,
  accountChoiceCard,
  type AdaptiveCardJson,
  type CardLocale,
  type MemberEntry,
  type Person,
  type UrgentNoticeData,
  type WeeklyStatusCardData,
} from '../../src/cards';
import { AppError } from '../../src/errors/app-error';

const FIRST = ['Henna', 'Ville', 'Reijo', 'Marja', 'Emilia', 'Liisa', 'Väinö', 'Lotta', 'Timo', 'Hanna', 'Jaana', 'Sanna', 'Åsa'];
const LAST = ['Lahtinen', 'Salo', 'Virtanen', 'Anttila', 'Karjalainen', 'Niskanen', 'Heikkilä', 'Aaltonen', 'Korhonen', 'Sjöberg'];

export function people(n: number, prefix = 'u'): Person[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(6, '0')}${prefix.padStart(6, '0')}`,
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}${i >= FIRST.length ? ` ${i}` : ''}`,
  }));
}

export const author: Person = { id: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Johanna Lahtinen' };

export const notice: UrgentNoticeData = {
  noticeId: 'n-2026-11-25-001',
  title: 'Vesivahinko Kuopion kohteessa / Water damage at the Kuopio site',
  body: 'Kirkkokatu 22:n kellarissa on vesivahinko. Tarkistakaa omien kohteidenne kellaritilat tänään ja ilmoittakaa havainnoista.\n\nCheck your sites’ basements today.',
  author,
  sentAt: '2026-11-25T06:30:00Z',
  mentions: people(8),
};

export const weeklyData: WeeklyStatusCardData = {
  customerId: '100016',
  accountName: 'Etelä Koulut Oyj',
  isoWeek: '2026-W48',
  ownerUpdated: true,
  owner: {
    stage: 'Käyttöönotto',
    targetSchedule: 'Kaikki 23 kohdetta uudella siivoussuunnitelmalla joulukuun loppuun mennessä',
    estimatedDate: '2026-12-18',
    nextWeek: 'Laatukierrokset Mikkelissä ja Lahdessa.',
    needFromYou: 'Kohteiden avainluovutukset ajan tasalle.',
    updatedBy: 'Johanna Lahtinen',
    updatedAt: '2026-11-20T13:05:00Z',
  },
  eventsThisWeek: [{ date: '2026-11-26', title: 'Laatukatselmointi', owner: 'Anu Laaksonen' }],
  eventsNextWeek: [
    { date: '2026-12-02', title: 'Asiakastyytyväisyyskysely', owner: 'Johanna Lahtinen' },
    { date: '2026-12-04', title: 'Joulusiivousten suunnittelu' },
  ],
  urgentNotices: [{ title: 'Vesivahinko Kuopion kohteessa', sentAt: '2026-11-25T06:30:00Z', acknowledged: 5, total: 8 }],
  joined: ['Emilia Karjalainen'],
  left: ['Ville Salo'],
  quality: [
    { label: 'Siisteystaso', status: 'green' },
    { label: 'Reklamaatiot', status: 'yellow', note: '2 avointa' },
    { label: 'Työturvallisuus', status: 'red', note: 'Poikkeama Lahdessa' },
  ],
};

export function members(n: number): MemberEntry[] {
  return people(n).map((p, i) => ({
    name: p.name,
    reasons: [
      { kind: 'site' as const, role: 'supervisor' as const, siteName: `Etelä Kuopio ${i + 1}`, siteId: String(5000000 + i), line: i + 2 },
      ...(i % 5 === 0
        ? [
            {
              kind: 'site' as const,
              role: 'regional_director' as const,
              siteName: `Etelä Mikkeli ${i + 2}`,
              siteId: String(6000000 + i),
              line: i + 3,
            },
          ]
        : []),
    ],
  }));
}

/** Every card the app can send, each variant, with realistic data. */
export function allCards(locale: CardLocale): Array<[string, AdaptiveCardJson]> {
  const mentioned = notice.mentions;
  return [
    ['help', helpCard(locale)],
    ['help (non-admin)', helpCard(locale, { isAdmin: false })],
    [
      'welcome',
      welcomeCard(
        {
          accountName: 'Etelä Koulut Oyj',
          owner: author,
          tabs: [
            { title: 'Vuosikello', url: 'https://app.example/tabs/annual-clock?account=100016' },
            { title: 'Laatukortti', url: 'https://app.example/tabs/quality?account=100016' },
            { title: 'Sisällysluettelo', url: 'https://app.example/tabs/toc?account=100016' },
          ],
        },
        locale,
      ),
    ],
    ['weeklyStatus', weeklyStatusCard(weeklyData, locale)],
    [
      'weeklyStatus (not updated)',
      weeklyStatusCard({ ...weeklyData, ownerUpdated: false, joined: [], left: [], eventsThisWeek: [] }, locale),
    ],
    [
      'weeklyStatusForm',
      weeklyStatusFormCard(
        { customerId: '100016', accountName: 'Etelä Koulut Oyj', isoWeek: '2026-W48', values: weeklyData.owner, minDate: '2026-11-25' },
        locale,
      ),
    ],
    [
      'weeklyStatusForm (empty)',
      weeklyStatusFormCard({ customerId: '100016', accountName: 'Etelä Koulut Oyj', isoWeek: '2026-W48' }, locale),
    ],
    ['urgentNotice (recipient)', urgentNoticeCard(notice, { kind: 'recipient' }, locale, { refreshUserIds: mentioned.map((p) => p.id) })],
    [
      'urgentNotice (acknowledged)',
      urgentNoticeCard(
        { ...notice, editedAt: '2026-11-25T07:00:00Z' },
        { kind: 'recipient', acknowledgedAt: '2026-11-25T07:14:00Z' },
        locale,
      ),
    ],
    [
      'urgentNotice (author)',
      urgentNoticeCard(
        notice,
        {
          kind: 'author',
          acknowledged: mentioned.slice(0, 3).map((person, i) => ({ person, at: `2026-11-25T07:1${i}:00Z` })),
          pending: mentioned.slice(3),
        },
        locale,
      ),
    ],
    ['urgentNotice (withdrawn)', urgentNoticeCard(notice, { kind: 'withdrawn', withdrawnAt: '2026-11-25T08:00:00Z' }, locale)],
    [
      'reminder',
      reminderCard(
        {
          noticeId: notice.noticeId,
          title: notice.title,
          accountName: 'Etelä Koulut Oyj',
          sentAt: notice.sentAt,
          url: 'https://teams.example/l/message/1',
        },
        locale,
      ),
    ],
    [
      'clockReminder',
      clockReminderCard(
        {
          eventTitle: 'Asiakastyytyväisyyskysely',
          accountName: 'Etelä Koulut Oyj',
          date: '2026-12-01',
          daysUntil: 3,
          url: 'https://teams.microsoft.com/l/entity/app/annual-clock%3A100016',
        },
        locale,
      ),
    ],
    [
      'clockReminder (tomorrow, no link)',
      clockReminderCard({ eventTitle: 'Kvartaalikatsaus', accountName: 'Etelä Koulut Oyj', date: '2026-12-01', daysUntil: 1 }, locale),
    ],
    [
      'escalation',
      escalationCard(
        {
          noticeId: notice.noticeId,
          title: notice.title,
          accountName: 'Etelä Koulut Oyj',
          sentAt: notice.sentAt,
          pending: mentioned.slice(3),
        },
        locale,
      ),
    ],
    [
      'removalApproval',
      removalApprovalCard(
        {
          runId: 'run-2026-11-25T02:00:00Z',
          removals: people(60).map((p, i) => ({
            accountName: i % 2 ? 'Etelä Koulut Oyj' : 'Itä Kiinteistöt Ky',
            personName: p.name,
            reason: `ei enää kohteen ${5000000 + i} esimies`,
          })),
          totalMemberships: 420,
          limits: { maxShare: 0.1, maxCount: 50 },
          rowDrop: { rows: 120, lastRows: 2300 },
        },
        locale,
      ),
    ],
    [
      'removalApprovalAdditions',
      removalApprovalCard(
        {
          runId: 'run-2026-11-25T02:00:00Z',
          customerId: '100016',
          removals: [],
          additions: people(40).map((p) => ({ accountName: 'Etelä Koulut Oyj', personName: p.name })),
          totalMemberships: 420,
          limits: { maxShare: 0.1, maxCount: 50 },
          reasons: ['lisäyksiä on paljon enemmän kuin kohdemuutoksia'],
        },
        locale,
      ),
    ],
    [
      'accessGranted',
      accessGrantedCard(
        {
          accountName: 'Etelä Koulut Oyj',
          reason: { kind: 'site', role: 'supervisor', siteName: 'Etelä Kuopio 2', siteId: '5000024', line: 26 },
          channelUrl: 'https://teams.example/l/channel/19%3aabc',
        },
        locale,
      ),
    ],
    [
      'accessGranted (owner)',
      accessGrantedCard({ accountName: 'Etelä Koulut Oyj', reason: { kind: 'key_account_director', line: 2 } }, locale),
    ],
    [
      'accessGranted (one run, 34 channels)',
      accessGrantedListCard(
        Array.from({ length: 34 }, (_, i) => ({
          accountName: `Asiakas ${i + 1} Oy`,
          reason:
            i % 3
              ? { kind: 'site' as const, role: 'regional_director' as const, siteName: `Kohde ${i + 1}`, siteId: `K${i + 1}`, line: i + 2 }
              : { kind: 'key_account_director' as const, line: i + 2 },
          channelUrl: `https://teams.example/l/channel/19%3a${i}`,
        })),
        locale,
      ),
    ],
    [
      'whyAccess',
      whyAccessCard({ accountName: 'Etelä Koulut Oyj', reasons: members(1)[0].reasons.concat([{ kind: 'override' }]) }, locale),
    ],
    ['whyAccess (none)', whyAccessCard({ accountName: 'Etelä Koulut Oyj', reasons: [] }, locale)],
    [
      'whyAccess (every account, 17)',
      whyAccessListCard(
        Array.from({ length: 17 }, (_, i) => ({
          accountName: `Asiakas ${i + 1} Oy`,
          reasons: members(1)[0].reasons,
          viewerIsOwner: i % 4 === 0,
        })),
        locale,
      ),
    ],
    [
      'accountChoice',
      accountChoiceCard(
        {
          commandWord: 'tila',
          command: 'status',
          accounts: Array.from({ length: 17 }, (_, i) => ({ customerId: String(100000 + i), name: `Asiakas <${i}> Oy` })),
        },
        locale,
      ),
    ],
    ['refusal (owner)', refusalCard('sync', locale, { viewerIsOwner: true })],
    ['members', membersCard({ accountName: 'Etelä Koulut Oyj', members: members(25) }, locale)],
    [
      'feedbackReceived (owner)',
      feedbackReceivedCard(
        {
          accountName: 'Etelä Koulut Oyj',
          from: mentioned[0],
          text: 'Avainluovutukset viivästyvät Lahdessa.',
          receivedAt: '2026-11-24T10:00:00Z',
        },
        'owner',
        locale,
      ),
    ],
    [
      'feedbackReceived (sender)',
      feedbackReceivedCard(
        { accountName: 'Etelä Koulut Oyj', from: mentioned[0], text: 'x', receivedAt: '2026-11-24T10:00:00Z' },
        'sender',
        locale,
      ),
    ],
    ['refusal', refusalCard('urgentNotice', locale)],
    ['error', errorCard({ error: new AppError('UPSTREAM', 'Graph 503 at /teams/abc with token xyz'), correlationId: 'c0ffee-42' }, locale)],
  ];
}
