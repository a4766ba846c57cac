import { validateCard } from '../../src/cards/validate-card';
import {
  startBed,
  USERS,
  sendActivity,
  personalChat,
  personalActivities,
  cardOf,
  cardText,
  type Bed,
  type UserKey,
} from '../messaging/fixture';

/** Bot commands as people type them: synonyms, choosing one's own account, every account at once, literal text, replies by role. */
describe('botin keskustelu /api/messages-päätepisteen kautta', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed();
    // Sanna supervises a site of Beta Oy as well: two accounts of her own.
    await bed.store.desiredMemberships.replaceForAccount('100002', [
      { email: USERS.ownerB.email, role: 'owner', reasons: [{ kind: 'key_account_director', line: 3 }] },
      {
        email: USERS.sup3.email,
        role: 'member',
        reasons: [{ kind: 'site', siteId: '5003', siteName: 'Beta Keskus', role: 'supervisor', line: 4 }],
      },
      {
        email: USERS.sup1.email,
        role: 'member',
        reasons: [{ kind: 'site', siteId: '5004', siteName: '5004', role: 'supervisor', line: 5 }],
      },
    ] as never);
  });
  afterAll(async () => {
    await bed.close();
  });

  const last = (who: UserKey) => personalActivities(bed, who).pop()!;
  const say = async (who: UserKey, text: string) => {
    const chat = await personalChat(bed, who);
    await sendActivity(bed, { from: who, conversationId: chat, text, locale: 'fi-FI' });
    return last(who);
  };

  it.each(['apua', 'Apua!', 'ohje', 'ohjeet', 'help'])('"%s" näyttää ohjeen', async (word) => {
    const card = cardOf(await say('sup2', word))!;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(cardText(card)).toMatch(/Mitä osaan/);
  });

  it('jäsenet yksityisviestissä: kahden asiakkuuden esimies saa valita omistaan, ei asiakasnumeron kysymistä', async () => {
    const choice = cardOf(await say('sup1', 'jäsenet'))!;
    expect(validateCard(choice)).toEqual({ valid: true, errors: [] });
    const set = (choice.body as any[]).find((b) => b.type === 'Input.ChoiceSet');
    expect(set.choices).toEqual([
      { title: 'Alfa Oy (100001)', value: '100001' },
      { title: 'Beta Oy (100002)', value: '100002' },
    ]);
    const action = (choice.actions as any[])[0];
    expect(action).toMatchObject({ type: 'Action.Execute', verb: 'chooseAccount', data: { command: 'members' } });

    const chat = await personalChat(bed, 'sup1');
    const r = await sendActivity(bed, {
      from: 'sup1',
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversationId: chat,
      locale: 'fi-FI',
      value: { action: { type: 'Action.Execute', verb: 'chooseAccount', data: { ...action.data, customerId: '100002' } } },
    });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(validateCard(r.body.value)).toEqual({ valid: true, errors: [] });
    expect(cardText(r.body.value)).toContain('Jäsenet: Beta Oy');
    expect(cardText(r.body.value)).toContain('Seija Supervisor');
  });

  it('tila: yhden asiakkuuden omistaja saa suoraan oman viikkoviestinsä, esimies ei saa valintaa omistajan komentoon', async () => {
    const own = cardText(cardOf(await say('ownerA', 'tila'))!);
    expect(own).toContain('Alfa Oy');
    expect(own).not.toMatch(/Valitse asiakkuus/);
    const sup = await say('sup2', 'tila');
    expect(sup.activity.text).toMatch(/Sinulla ei ole asiakkuuksia/);
  });

  it('miksi yksityisviestissä listaa kaikki asiakkuudet yhdellä kortilla', async () => {
    const before = personalActivities(bed, 'sup1').length;
    const card = cardOf(await say('sup1', 'miksi'))!;
    expect(personalActivities(bed, 'sup1').length).toBe(before + 1);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    expect(text).toContain('Alfa Oy');
    expect(text).toContain('Beta Oy');
    expect(text).toMatch(/2 asiakkuutta/);
    expect(text).toMatch(/esimies, kohde 5001/);
    expect(text).toMatch(/ota yhteys asiakkuuden omistajaan/);
  });

  it('omistajalle ei sanota "ota yhteys asiakkuuden omistajaan"', async () => {
    const text = cardText(cardOf(await say('ownerA', 'miksi'))!);
    expect(text).toContain('Olet tämän asiakkuuden omistaja');
    expect(text).not.toMatch(/ota yhteys asiakkuuden omistajaan/);
  });

  it('kirjaimellinen teksti säilyy: kulmasulkeet eivät katoa', async () => {
    // "tiedote" alone opens the dialog; a title without text gets the usage line.
    const reply = (await say('ownerA', 'tiedote Otsikko ilman tekstiä')).activity;
    expect(reply.textFormat).toBe('plain');
    expect(reply.text.replace(/\u200B/g, '')).toContain('tiedote [<asiakasnumero> | kaikki] <otsikko> | <teksti> [| maininta: <rooli>]');
  });

  it('tuntematon komento ohjaa sanoihin "ohje" ja "apua"', async () => {
    expect((await say('sup2', 'mitä kuuluu')).activity.text).toMatch(/"ohje" tai "apua"/);
  });
});
