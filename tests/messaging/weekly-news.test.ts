import { validateCard } from '../../src/cards/validate-card';
import { storedKpiLight } from '../../src/domain/quality-card';
import { runWeeklyJob } from '../../src/messaging/weekly';
import { startBed, USERS, channelPosts, personalActivities, cardOf, cardText, type Bed } from './fixture';

/** Viikkoviesti: valot yhdestä paikasta, "viikko 48", vain todelliset jäsenmuutokset, ei postausta ilman uutta. */
describe('viikkoviesti: mitä kortti näyttää ja milloin se lähtee', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ env: { APP_LOCALE: 'fi' } }); // maanantai 2026-11-23 = viikko 48
    const s = bed.store;
    // Käyttöönotto viime viikolla: ensimmäinen synkronointi loi Alfan kanavan ja lisäsi kaikki.
    bed.clock.set('2026-11-17T02:00:00Z');
    const first = await s.syncRuns.start({ trigger: 'test' });
    await s.audit.append(first.id, [
      { action: 'channel-created', customerId: '100001' },
      ...[USERS.ownerA, USERS.sup1, USERS.sup2, USERS.rd].map((u) => ({ action: 'member-added', customerId: '100001', email: u.email })),
    ]);
    // Seuraava yö: Seija lisättiin ja poistettiin samalla viikolla (ei muutosta), Ulla lisättiin oikeasti.
    bed.clock.set('2026-11-19T02:00:00Z');
    const second = await s.syncRuns.start({ trigger: 'test' });
    await s.audit.append(second.id, [
      { action: 'member-added', customerId: '100001', email: USERS.sup3.email },
      { action: 'member-added', customerId: '100001', email: USERS.outsider.email },
    ]);
    bed.clock.set('2026-11-20T02:00:00Z');
    const third = await s.syncRuns.start({ trigger: 'test' });
    await s.audit.append(third.id, [{ action: 'member-removed', customerId: '100001', email: USERS.sup3.email }]);
    bed.clock.set('2026-11-23T06:00:00Z');
    // Mittarit ilman käsin asetettua valoa: auditointi 87 / tavoite 90 (toleranssi 5) = keltainen, NPS 40 / 30 = vihreä.
    await s.qualityCard.saveKpis(
      '100001',
      '2026-10',
      [
        { kpiKey: 'auditScore', value: 87, target: 90 },
        { kpiKey: 'nps', value: 40, target: 30 },
      ],
      'test',
    );
  });
  afterAll(async () => {
    await bed.close();
  });

  it('kortti: valot lasketaan arvosta ja tavoitteesta kuten välilehdellä, otsikossa "viikko 48", liittyneissä vain Ulla', async () => {
    const job = await runWeeklyJob(bed.app.messaging.deps, { week: '2026-W48', dryRun: true });
    const alfa = job.accounts.find((a) => a.customerId === '100001')!;
    const card = alfa.activity!.attachments![0]!.content as never;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    const heading = JSON.stringify((card as { body: unknown[] }).body[0]);
    expect(heading).toContain('Viikkoviesti, viikko 48: Alfa Oy');
    expect(heading).not.toContain('2026-W48');
    expect(storedKpiLight('auditScore', { value: 87, target: 90 })).toBe('yellow');
    expect(text).toMatch(/🟡 \*\*Laatuauditoinnin tulos\*\* – seurannassa/);
    expect(text).toMatch(/🟢 \*\*NPS\*\* – kunnossa/);
    expect(text).not.toContain('ei tietoa');
    const joined = text.slice(text.indexOf('Liittyneet'));
    expect(joined).toContain('Ulla Outsider');
    for (const n of ['Olli Owner', 'Sanna Supervisor', 'Simo Supervisor', 'Reijo Regional', 'Seija Supervisor'])
      expect(joined).not.toContain(n);
  });

  it('hiljainen asiakkuus (ei omistajan tekstiä eikä uutta) ei saa postausta; omistaja saa muistutuksen', async () => {
    await runWeeklyJob(bed.app.messaging.deps, { week: '2026-W48' });
    await bed.app.messaging.deliver();
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(1); // Alfalla on uutta (Ulla liittyi)
    expect(channelPosts(bed, bed.channels.B)).toHaveLength(0);
    const bea = personalActivities(bed, 'ownerB');
    expect(bea).toHaveLength(1);
    expect(bea[0]!.activity.text).toMatch(/Beta Oy.*viikko 48.*ei lähetetty/);
    expect(bea[0]!.activity.text).toContain('tila 100002');
  });

  it('punainen valo on uutta: silloin viesti lähtee', async () => {
    await bed.store.qualityCard.saveKpis('100002', '2026-10', [{ kpiKey: 'complaints', value: 9, target: 0 }], 'test');
    await runWeeklyJob(bed.app.messaging.deps, { week: '2026-W49' });
    await bed.app.messaging.deliver();
    const posts = channelPosts(bed, bed.channels.B);
    expect(posts).toHaveLength(1);
    expect(cardText(cardOf(posts[0]!))).toMatch(/🔴 \*\*Reklamaatiot\*\* – vaatii toimia/);
  });
});
