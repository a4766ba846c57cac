/**
 * Every text the cards show, in Finnish and English. `{name}` placeholders are filled by `fmt()`,
 * which escapes the user values. Markdown here is ours and intentional.
 */
import type { BillingRole } from '../domain/roles';

export type CardLocale = 'fi' | 'en';

/** How a reason that rests on no billing role brought the person in (see src/domain/access-reason.ts). */
type OtherAccess = 'co_owner' | 'service_account' | 'override';

export type RefusalAction = 'urgentNotice' | 'weeklyStatus' | 'sync' | 'approveRemovals' | 'members' | 'generic';

/**
 * The one table of the words that start each bot command, Finnish and English, with the synonyms people
 * actually type ("apua" for help, "jasenet" without the umlaut). The bot's parser (conversation/
 * command-words.ts) accepts exactly these, and the help card lists them; the first word of a language is
 * the one the card leads with.
 */
export const COMMAND_SYNONYMS: Record<CommandKey, Record<CardLocale, readonly string[]>> = {
  help: { fi: ['ohje', 'apua', 'apu', 'ohjeet', 'komennot'], en: ['help', 'commands', '?'] },
  status: { fi: ['tila', 'viikkoviesti', 'tilanne'], en: ['status', 'weekly'] },
  urgent: { fi: ['tiedote', 'kiireellinen'], en: ['notice', 'urgent'] },
  sync: { fi: ['synkronoi', 'synkronointi'], en: ['sync'] },
  members: { fi: ['jäsenet', 'jasenet', 'jäsen'], en: ['members'] },
  why: { fi: ['miksi', 'pääsy', 'paasy'], en: ['why', 'access'] },
  feedback: { fi: ['palaute'], en: ['feedback'] },
  digest: { fi: ['kooste', 'viikkokooste'], en: ['digest'] },
};

/** The lead word of each command per language (derived from COMMAND_SYNONYMS). */
export const COMMAND_WORDS = Object.fromEntries(
  (['fi', 'en'] as const).map((l) => [l, Object.fromEntries(Object.entries(COMMAND_SYNONYMS).map(([k, w]) => [k, w[l][0]]))]),
) as Record<CardLocale, Record<CommandKey, string>>;

export type CommandKey = 'help' | 'status' | 'urgent' | 'sync' | 'members' | 'why' | 'feedback' | 'digest';
type HelpLine = [CommandKey, string];

const fi = {
  appName: 'Asiakaskanavat',
  andMore: '…ja {count} muuta',
  none: 'Ei mitään',
  roles: {
    supervisor: 'esimies',
    regional_director: 'aluejohtaja',
    manager: 'päällikkö',
    sales_manager: 'myyntipäällikkö',
    key_account_director: 'asiakkuusjohtaja',
  } satisfies Record<BillingRole, string>,
  otherAccess: {
    co_owner: 'kanavan toinen omistaja',
    service_account: 'palvelutili',
    override: 'lisätty käsin',
  } satisfies Record<OtherAccess, string>,
  help: {
    title: 'Mitä osaan',
    intro: 'Kirjoita komento minulle yksityisviestinä tai mainitse minut asiakkaan kanavalla.',
    also: 'Myös: {words}',
    inOther: 'Englanniksi: {words}',
    commands: [
      ['help', 'näyttää tämän ohjeen'],
      ['status', 'avaa viikkoviestin muokkauksen (asiakkuuden omistaja)'],
      ['urgent', 'kiireellinen tiedote kanavan jäsenille (omistaja tai johtaja)'],
      ['members', 'kanavan jäsenet ja miksi heillä on pääsy'],
      ['why', 'miksi minulla on pääsy tähän kanavaan'],
      ['feedback', 'palaute asiakkuuden omistajalle, esim. "palaute teksti"'],
      ['digest', 'henkilökohtainen viikkokooste: "kooste pois", "kooste päälle" tai "kooste perjantai"'],
      ['sync', 'synkronoi jäsenet laskutuksesta nyt (ylläpitäjä)'],
    ] as HelpLine[],
  },
  welcome: {
    title: 'Tervetuloa asiakkaan {account} kanavalle',
    purpose:
      'Tämä luottamuksellinen kanava on asiakkaan {account} kohteiden esimiehille ja heidän johdolleen. Jäsenyys tulee laskutusjärjestelmästä: kun kohteen esimies vaihtuu, pääsy vaihtuu automaattisesti.',
    etiquetteTitle: 'Näin viestitään',
    etiquette: [
      ['💬', 'Ei @mainintaa: tiedoksi, nopeaa reaktiota ei odoteta.'],
      ['📧', '@maininta: reagoi kuten sähköpostiin, saman tai seuraavan työpäivän aikana.'],
      ['🚨', 'Kiireellinen tiedote: lue ja kuittaa heti.'],
    ] as Array<[string, string]>,
    tabsTitle: 'Välilehdet',
    owner: 'Asiakkuuden omistaja: {owner}',
  },
  weekly: {
    title: 'Viikkoviesti, viikko {week}: {account}',
    ownerPart: 'Omistajan katsaus',
    stage: 'Vaihe',
    targetSchedule: 'Tavoiteaikataulu',
    estimatedDate: 'Arvioitu päivämäärä',
    nextWeek: 'Ensi viikolla',
    needFromYou: 'Mitä tarvitsemme teiltä',
    notUpdated: '⚠️ Omistaja ei päivittänyt osuuttaan tällä viikolla; alla automaattiset osiot.',
    updatedBy: 'Päivittänyt {name}, {date}',
    eventsThisWeek: 'Vuosikello tällä viikolla',
    eventsNextWeek: 'Vuosikello ensi viikolla',
    noEvents: 'Ei tapahtumia.',
    eventOwner: 'vastuu: {owner}',
    notices: 'Avoimet kiireelliset tiedotteet',
    noticeAcks: '{acked}/{total} kuitannut',
    noNotices: 'Ei avoimia tiedotteita.',
    joined: 'Liittyneet viime viikon jälkeen',
    left: 'Poistuneet viime viikon jälkeen',
    noChanges: 'Ei muutoksia.',
    quality: 'Laatukortti',
    qualityStatus: { green: 'kunnossa', yellow: 'seurannassa', red: 'vaatii toimia', unknown: 'ei tietoa' },
    edit: 'Muokkaa',
  },
  weeklyForm: {
    title: 'Viikkoviesti, viikko {week}: {account}',
    intro: 'Edellisen viikon tiedot on esitäytetty. Päivitä ja tallenna.',
    stage: 'Vaihe',
    stagePlaceholder: 'esim. sopimusneuvottelu, käyttöönotto, vakiintunut',
    targetSchedule: 'Tavoiteaikataulu',
    targetSchedulePlaceholder: 'seuraava virstanpylväs ja sen aikataulu',
    estimatedDate: 'Seuraavan virstanpylvään arvioitu päivämäärä',
    nextWeek: 'Mitä ensi viikolla tapahtuu',
    needFromYou: 'Mitä tarvitsemme teiltä (valinnainen)',
    required: 'Pakollinen tieto.',
    tooLong: 'Enintään {max} merkkiä.',
    badDate: 'Anna päivämäärä muodossa VVVV-KK-PP.',
    save: 'Tallenna',
  },
  notice: {
    urgent: 'KIIREELLINEN TIEDOTE',
    from: 'Lähettäjä {name}, {date}',
    edited: 'Muokattu {date}',
    to: 'Vastaanottajat: {mentions}',
    ack: 'Kuittaa luetuksi',
    pleaseAck: 'Kuittaa tiedote luetuksi painikkeella.',
    acked: '✅ Kuittasit tiedotteen {date}.',
    authorSummary: 'Kuitannut {acked}/{total}',
    ackedList: 'Kuitanneet',
    pendingList: 'Eivät ole kuitanneet',
    everyoneAcked: 'Kaikki ovat kuitanneet.',
    nobodyAcked: 'Kukaan ei ole vielä kuitannut.',
    withdraw: 'Peru tiedote',
    withdrawnTitle: 'Tiedote peruttu',
    edit: 'Muokkaa tiedotetta',
    editTitleLabel: 'Otsikko',
    editBodyLabel: 'Teksti',
    editRequired: 'Pakollinen.',
    editSave: 'Lähetä muutos',
    withdrawn: 'Lähettäjä perui tämän tiedotteen {date}. Sitä ei tarvitse enää kuitata.',
  },
  reminder: {
    title: 'Muistutus: kuittaamaton kiireellinen tiedote',
    text: 'Et ole vielä kuitannut kiireellistä tiedotetta "{title}" (asiakas {account}), lähetetty {date}.',
    open: 'Avaa tiedote',
  },
  clockReminder: {
    title: 'Vuosikellon muistutus',
    text: 'Sinulle vastuutettu vuosikellon tapahtuma on tulossa:',
    event: 'Tapahtuma',
    account: 'Asiakas',
    date: 'Päivä',
    inDays: '{date} ({when})',
    today: 'tänään',
    tomorrow: 'huomenna',
    days: '{count} päivän päästä',
    open: 'Avaa vuosikello',
  },
  escalation: {
    title: 'Eskalointi: tiedotetta ei ole kuitattu',
    text: 'Seuraavat alaisesi eivät ole kuitanneet kiireellistä tiedotetta "{title}" (asiakas {account}), lähetetty {date}:',
    open: 'Avaa tiedote',
  },
  removal: {
    title: 'Jäsenten poistot odottavat hyväksyntää',
    text: 'Synkronointi {run} poistaisi {count} jäsenyyttä {total} jäsenyydestä ({share}). Raja on {maxShare} tai {maxCount} jäsenyyttä, joten poistoja ei tehty. Lisäykset on tehty.',
    rowDrop: 'Laskutusaineistossa on huomattavasti vähemmän rivejä kuin edellisessä hyväksytyssä ({rows} / {lastRows}).',
    textReasons:
      'Synkronointi {run} poistaisi tästä asiakkuudesta {count} jäsenyyttä. Ne odottavat hyväksyntää, koska {reasons}. Muut muutokset on tehty.',
    listTitle: 'Poistettavat jäsenyydet',
    addListTitle: 'Lisättävät jäsenyydet',
    titleChanges: 'Asiakkuuden muutokset odottavat hyväksyntää',
    textAdditions:
      'Synkronointi {run} lisäisi tähän asiakkuuteen {added} ja poistaisi {count} jäsenyyttä. Ne odottavat hyväksyntää, koska {reasons}. Muut muutokset on tehty.',
    approve: 'Hyväksy poistot',
    approveChanges: 'Hyväksy tämän asiakkuuden muutokset',
    cli: 'Tai komentoriviltä: npm run sync -- --approve {run}',
    cliAccount: 'Tai komentoriviltä: npm run sync -- --approve {run} --account {account}',
  },
  accessGranted: {
    title: 'Sait pääsyn asiakkaan {account} kanavalle',
    text: 'Sinut lisättiin, koska olet kohteen {site} {role} laskutusjärjestelmässä.',
    textNoSite: 'Sinut lisättiin roolin {role} perusteella.',
    open: 'Avaa kanava',
    titleMany: 'Sait pääsyn {count} asiakkaan kanavalle',
    intro: 'Sinut lisättiin näille kanaville. Syy näkyy kunkin kohdalla:',
  },
  whyAccess: {
    title: 'Miksi sinulla on pääsy: {account}',
    because: 'Sinulla on pääsy seuraavin perustein:',
    reasonSite: '{role}, kohde {site}',
    reasonRole: '{role}',
    none: 'Sinulla ei ole pääsyä tähän kanavaan laskutuksen perusteella.',
    contact: 'Jos tieto on väärin, ota yhteys asiakkuuden omistajaan.',
    ownerNote:
      'Olet tämän asiakkuuden omistaja. Jäsenet tulevat laskutuksesta; voit lisätä tai rajata jäseniä Asiakkuudet A–Ö -välilehden Jäsenet-näkymässä.',
    titleAll: 'Miksi sinulla on pääsy asiakkuuksiin',
    countAll: '{count} asiakkuutta',
  },
  accountChoice: {
    title: 'Valitse asiakkuus',
    intro: 'Komento "{command}" tarvitsee asiakkuuden. Valitse omistasi:',
    label: 'Asiakkuus',
    placeholder: 'Hae nimellä tai numerolla',
    choose: 'Valitse',
    none: 'Sinulla ei ole asiakkuuksia, joihin tämä komento sopii.',
  },
  members: {
    title: 'Jäsenet: {account}',
    count: '{count} jäsentä',
  },
  feedback: {
    ownerTitle: 'Palautetta: {account}',
    ownerFrom: 'Lähettäjä {name}, {date}',
    senderTitle: 'Kiitos palautteesta',
    senderText: 'Palautteesi välitettiin asiakkuuden {account} omistajalle.',
  },
  refusal: {
    title: 'Ei oikeutta',
    reasons: {
      urgentNotice: 'Kiireellisen tiedotteen voivat lähettää asiakkuuden omistajat ja johtajat.',
      weeklyStatus: 'Viikkoviestiä voivat muokata vain asiakkuuden omistajat.',
      sync: 'Synkronoinnin voivat käynnistää vain ylläpitäjät.',
      approveRemovals: 'Poistot voivat hyväksyä vain asiakkuuden omistajat ja ylläpitäjät.',
      members: 'Jäsenluettelo näytetään vain kanavan jäsenille.',
      generic: 'Sinulla ei ole oikeutta tähän toimintoon.',
    } satisfies Record<RefusalAction, string>,
    help: 'Jos tarvitset oikeuden, ota yhteys asiakkuuden omistajaan tai ylläpitoon.',
    helpOwner: 'Jos tarvitset oikeuden, ota yhteys ylläpitoon.',
  },
  error: {
    title: 'Jotain meni pieleen',
    reference: 'Viitetunnus: {id}',
  },
  accessNote: {
    wallTitle: 'Jäsenyys estetty: asiakkuuksien välinen raja',
    wallText:
      '{person} kuuluu jo asiakkuuteen {other}. Se ja {account} ovat saman rajan ({wall}) takana, eikä kukaan saa kuulua kuin yhteen niistä. Synkronointi ei lisännyt häntä asiakkuuteen {account}.',
    expiryTitle: 'Käsin lisätty käyttöoikeus päättyy',
    expiryText:
      'Lisäämäsi henkilön {person} käyttöoikeus asiakkuuteen {account} päättyy {date}. Jos sitä tarvitaan edelleen, lisää hänet uudelleen Jäsenet-välilehdellä.',
  },
};

export type CardStrings = typeof fi;

const en: CardStrings = {
  appName: 'Account Channels',
  andMore: '…and {count} more',
  none: 'None',
  roles: {
    supervisor: 'supervisor',
    regional_director: 'regional director',
    manager: 'manager',
    sales_manager: 'sales manager',
    key_account_director: 'key account director',
  },
  otherAccess: {
    co_owner: 'co-owner',
    service_account: 'service account',
    override: 'added by hand',
  },
  help: {
    title: 'What I can do',
    intro: 'Send me a command in a personal chat, or @mention me in an account channel.',
    also: 'Also: {words}',
    inOther: 'In Finnish: {words}',
    commands: [
      ['help', 'shows this help'],
      ['status', "edits the account's weekly status (account owner)"],
      ['urgent', 'sends an urgent notice to the channel (owner or director)'],
      ['members', 'lists the members and why they have access'],
      ['why', 'tells you why you have access to this channel'],
      ['feedback', 'sends feedback to the account owner, e.g. "feedback your text"'],
      ['digest', 'your personal weekly digest: "digest off", "digest on" or "digest friday"'],
      ['sync', 'syncs members from billing now (admin)'],
    ] as HelpLine[],
  },
  welcome: {
    title: 'Welcome to the {account} channel',
    purpose:
      "This confidential channel is for the supervisors of {account}'s sites and their management. Membership comes from the billing system: when a site's supervisor changes, access follows automatically.",
    etiquetteTitle: 'How we communicate',
    etiquette: [
      ['💬', 'No @mention: for your information, no quick reaction expected.'],
      ['📧', '@mention: react as you would to an email, the same or next working day.'],
      ['🚨', 'Urgent notice: read and acknowledge right away.'],
    ] as Array<[string, string]>,
    tabsTitle: 'Tabs',
    owner: 'Account owner: {owner}',
  },
  weekly: {
    title: 'Weekly status, week {week}: {account}',
    ownerPart: "Owner's update",
    stage: 'Stage',
    targetSchedule: 'Target schedule',
    estimatedDate: 'Estimated date',
    nextWeek: 'Next week',
    needFromYou: 'What we need from you',
    notUpdated: "⚠️ The owner's part was not updated this week; the automatic sections follow.",
    updatedBy: 'Updated by {name}, {date}',
    eventsThisWeek: 'Annual clock this week',
    eventsNextWeek: 'Annual clock next week',
    noEvents: 'No events.',
    eventOwner: 'owner: {owner}',
    notices: 'Open urgent notices',
    noticeAcks: '{acked}/{total} acknowledged',
    noNotices: 'No open notices.',
    joined: 'Joined since last week',
    left: 'Left since last week',
    noChanges: 'No changes.',
    quality: 'Quality card',
    qualityStatus: { green: 'on track', yellow: 'watch', red: 'needs action', unknown: 'no data' },
    edit: 'Edit',
  },
  weeklyForm: {
    title: 'Weekly status, week {week}: {account}',
    intro: "Last week's values are prefilled. Update them and save.",
    stage: 'Stage',
    stagePlaceholder: 'e.g. negotiation, onboarding, steady state',
    targetSchedule: 'Target schedule',
    targetSchedulePlaceholder: 'the next milestone and its schedule',
    estimatedDate: 'Estimated date of the next milestone',
    nextWeek: 'What happens next week',
    needFromYou: 'What we need from you (optional)',
    required: 'Required.',
    tooLong: 'At most {max} characters.',
    badDate: 'Give the date as YYYY-MM-DD.',
    save: 'Save',
  },
  notice: {
    urgent: 'URGENT NOTICE',
    from: 'From {name}, {date}',
    edited: 'Edited {date}',
    to: 'To: {mentions}',
    ack: 'Acknowledge',
    pleaseAck: 'Please acknowledge that you have read this notice.',
    acked: '✅ You acknowledged this notice {date}.',
    authorSummary: '{acked}/{total} acknowledged',
    ackedList: 'Acknowledged',
    pendingList: 'Not yet acknowledged',
    everyoneAcked: 'Everyone has acknowledged.',
    nobodyAcked: 'Nobody has acknowledged yet.',
    withdraw: 'Withdraw notice',
    withdrawnTitle: 'Notice withdrawn',
    edit: 'Edit notice',
    editTitleLabel: 'Title',
    editBodyLabel: 'Text',
    editRequired: 'Required.',
    editSave: 'Send the edit',
    withdrawn: 'The author withdrew this notice {date}. No acknowledgement is needed.',
  },
  reminder: {
    title: 'Reminder: unacknowledged urgent notice',
    text: 'You have not yet acknowledged the urgent notice "{title}" (account {account}), sent {date}.',
    open: 'Open the notice',
  },
  clockReminder: {
    title: 'Annual clock reminder',
    text: 'An annual clock event you own is coming up:',
    event: 'Event',
    account: 'Account',
    date: 'Date',
    inDays: '{date} ({when})',
    today: 'today',
    tomorrow: 'tomorrow',
    days: 'in {count} days',
    open: 'Open the annual clock',
  },
  escalation: {
    title: 'Escalation: notice not acknowledged',
    text: 'These people in your region have not acknowledged the urgent notice "{title}" (account {account}), sent {date}:',
    open: 'Open the notice',
  },
  removal: {
    title: 'Member removals are waiting for approval',
    text: 'Sync run {run} would remove {count} of {total} memberships ({share}). The limit is {maxShare} or {maxCount} memberships, so no removals were made. Additions were made.',
    rowDrop: 'The billing export has far fewer rows than the last accepted one ({rows} / {lastRows}).',
    textReasons:
      'Sync run {run} would remove {count} memberships from this account. They wait for approval because {reasons}. The other changes were made.',
    listTitle: 'Memberships to remove',
    addListTitle: 'Memberships to add',
    titleChanges: "The account's changes are waiting for approval",
    textAdditions:
      'Sync run {run} would add {added} and remove {count} memberships in this account. They wait for approval because {reasons}. The other changes were made.',
    approve: 'Approve removals',
    approveChanges: "Approve this account's changes",
    cli: 'Or from the command line: npm run sync -- --approve {run}',
    cliAccount: 'Or from the command line: npm run sync -- --approve {run} --account {account}',
  },
  accessGranted: {
    title: 'You now have access to the {account} channel',
    text: 'You were added because you are the {role} of site {site} in the billing system.',
    textNoSite: 'You were added because of your role: {role}.',
    open: 'Open the channel',
    titleMany: 'You now have access to {count} customer channels',
    intro: 'You were added to these channels. The reason is given for each:',
  },
  whyAccess: {
    title: 'Why you have access: {account}',
    because: 'You have access because of:',
    reasonSite: '{role}, site {site}',
    reasonRole: '{role}',
    none: 'You have no billing-based access to this channel.',
    contact: 'If this is wrong, contact the account owner.',
    ownerNote:
      'You own this account. Members come from billing; you can add or exclude members in the Members view of the Accounts A–Ö tab.',
    titleAll: 'Why you have access to accounts',
    countAll: '{count} accounts',
  },
  accountChoice: {
    title: 'Choose an account',
    intro: 'The command "{command}" needs an account. Choose one of yours:',
    label: 'Account',
    placeholder: 'Search by name or number',
    choose: 'Choose',
    none: 'You have no accounts this command applies to.',
  },
  members: {
    title: 'Members: {account}',
    count: '{count} members',
  },
  feedback: {
    ownerTitle: 'Feedback: {account}',
    ownerFrom: 'From {name}, {date}',
    senderTitle: 'Thank you for your feedback',
    senderText: 'Your feedback was passed on to the owner of {account}.',
  },
  refusal: {
    title: 'Not allowed',
    reasons: {
      urgentNotice: "Urgent notices can be sent by the account's owners and directors.",
      weeklyStatus: "Only the account's owners can edit the weekly status.",
      sync: 'Only admins can start a sync.',
      approveRemovals: "Only the account's owners and admins can approve removals.",
      members: "The member list is shown to the channel's members only.",
      generic: 'You are not allowed to do this.',
    },
    help: 'If you need access, contact the account owner or the admins.',
    helpOwner: 'If you need access, contact the admins.',
  },
  error: {
    title: 'Something went wrong',
    reference: 'Reference: {id}',
  },
  accessNote: {
    wallTitle: 'Membership refused: a wall between accounts',
    wallText:
      '{person} already belongs to account {other}. It and {account} are behind the same wall ({wall}), and nobody may belong to more than one of them. The sync did not add them to {account}.',
    expiryTitle: 'Manually added access ends',
    expiryText:
      'The access you gave {person} to account {account} ends on {date}. If it is still needed, add them again on the Members tab.',
  },
};

export const cardStrings: Record<CardLocale, CardStrings> = { fi, en };

/** Picks the card language: the user's Teams locale when known ("fi-FI", "en-US"), else the tenant default. */
export function resolveLocale(userLocale: string | undefined, fallback: CardLocale): CardLocale {
  const lang = userLocale?.toLowerCase().split(/[-_]/)[0];
  return lang === 'fi' || lang === 'en' ? lang : fallback;
}
