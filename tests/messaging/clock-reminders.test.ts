import { validateCard } from '../../src/cards/validate-card';
import { queueClockReminders } from '../../src/messaging/clock-reminders';
import { startBed, engines, USERS, personalActivities, cardOf, cardText, type Bed } from './fixture';

describe.each(engines)('annual-clock event reminders on %s', (engine) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ engine }); // Monday 2026-11-23, 08:00 in Helsinki
    await bed.store.annualClock.createMany([
      {
        id: 'ev-review',
        customerId: '100001',
        title: 'Quarterly review',
        ring: 'kad',
        startsOn: '2026-11-27',
        ownerEmail: USERS.ownerA.email,
      },
      {
        id: 'ev-done',
        customerId: '100001',
        title: 'Already handled',
        ring: 'kad',
        startsOn: '2026-11-25',
        ownerEmail: USERS.ownerA.email,
      },
      // Its own lead time: one day before, every month.
      {
        id: 'ev-visit',
        customerId: '100002',
        title: 'Site visit',
        ring: 'supervisors',
        startsOn: '2026-11-28',
        recurrence: { kind: 'monthly' },
        reminderDays: 1,
        ownerEmail: USERS.ownerB.email,
      },
      { id: 'ev-nobody', customerId: '100002', title: 'Nobody owns this', ring: 'customer', startsOn: '2026-11-24' },
    ]);
    await bed.store.annualClock.complete('ev-done', '2026-11-25', 'Olli Owner');
  });
  afterAll(async () => {
    await bed.close();
  });

  const day = async (iso: string) => {
    bed.clock.set(`${iso}T05:00:00Z`);
    const r = await queueClockReminders(bed.app.messaging.deps, { daysBefore: 3 });
    await bed.app.messaging.deliver();
    return r.queued;
  };

  it('reminds each owner once per occurrence, its lead time ahead, and never for a completed one', async () => {
    expect(await day('2026-11-23')).toBe(0); // the review is 4 days away, the done one is done
    expect(await day('2026-11-24')).toBe(1); // review in 3 days
    expect(await day('2026-11-24')).toBe(0); // a second run the same day
    expect(await day('2026-11-25')).toBe(0);
    expect(await day('2026-11-27')).toBe(1); // the visit on the 28th, one day ahead
    expect(await day('2026-11-28')).toBe(0);
    expect(await day('2026-12-27')).toBe(1); // next month's visit

    const olli = personalActivities(bed, 'ownerA');
    expect(olli).toHaveLength(1);
    const card = cardOf(olli[0]!)!;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    for (const s of ['Quarterly review', 'Alfa Oy', '27 Nov 2026', 'in 3 days']) expect(text).toContain(s);
    expect(text).not.toContain('Already handled');
    const link = JSON.stringify(card.actions);
    expect(link).toContain('https://teams.microsoft.com/l/entity/');
    expect(link).toContain(encodeURIComponent('annual-clock:100001'));

    const bea = personalActivities(bed, 'ownerB').map((a) => cardText(cardOf(a)));
    expect(bea).toHaveLength(2);
    expect(bea[0]).toContain('28 Nov 2026');
    expect(bea[0]).toContain('tomorrow');
    expect(bea[1]).toContain('28 Dec 2026');
  });

  it('an occurrence ticked done after its reminder was queued is not sent', async () => {
    await bed.store.annualClock.createMany([
      { id: 'ev-late', customerId: '100001', title: 'Ticked in time', ring: 'kad', startsOn: '2027-01-05', ownerEmail: USERS.ownerA.email },
    ]);
    bed.clock.set('2027-01-02T05:00:00Z');
    expect((await queueClockReminders(bed.app.messaging.deps, { daysBefore: 3 })).queued).toBe(1);
    await bed.store.annualClock.complete('ev-late', '2027-01-05', 'Olli Owner');
    await bed.app.messaging.deliver();
    expect(personalActivities(bed, 'ownerA').map((a) => cardText(cardOf(a)))).not.toContainEqual(expect.stringContaining('Ticked in time'));
  });

  it('a site visit reminds each site\u2019s supervisor of their own share, not the key account director', async () => {
    await bed.store.sites.replaceForAccount('100002', [
      { siteId: 'S1', name: 'Kauppakeskus', supervisorEmail: USERS.sup1.email },
      { siteId: 'S2', name: 'Varikko', supervisorEmail: USERS.sup2.email },
      { siteId: 'S3', name: 'Ilman esimiestä' },
    ]);
    await bed.store.annualClock.createMany([
      {
        id: 'ev-site',
        customerId: '100002',
        title: 'Laatukäynti',
        ring: 'supervisors',
        startsOn: '2027-02-10',
        ownerEmail: USERS.ownerB.email,
        assignee: 'site-supervisor',
      },
    ]);
    // Sanna ticked her share early; Simo has not.
    await bed.store.annualClock.complete('ev-site', '2027-02-10#S1', USERS.sup1.email);
    const beaBefore = personalActivities(bed, 'ownerB').length;
    bed.clock.set('2027-02-08T05:00:00Z');
    expect((await queueClockReminders(bed.app.messaging.deps, { daysBefore: 3 })).queued).toBe(1);
    expect((await queueClockReminders(bed.app.messaging.deps, { daysBefore: 3 })).queued).toBe(0); // once
    await bed.app.messaging.deliver();
    const items = await bed.store.db.selectFrom('outbox').selectAll().where('idempotencyKey', 'like', 'clock-reminder:ev-site%').execute();
    const people = await bed.store.people.getMany([USERS.sup2.email]);
    expect(items.map((i) => [JSON.parse(i.targetJson).userId, JSON.parse(i.payloadJson).title, i.status])).toEqual([
      [people.get(USERS.sup2.email)!.objectId, 'Laatukäynti – Varikko', 'sent'],
    ]);
    expect(personalActivities(bed, 'ownerB')).toHaveLength(beaBefore);
  });

  it('a moved occurrence is reminded before its new day under its new name, a cancelled one not at all', async () => {
    await bed.store.annualClock.createMany([
      {
        id: 'ev-month',
        customerId: '100001',
        title: 'Kuukausipalaveri',
        ring: 'kad',
        startsOn: '2027-03-15',
        recurrence: { kind: 'monthly' },
        ownerEmail: USERS.ownerA.email,
      },
    ]);
    const by = USERS.ownerA.email;
    await bed.store.annualClock.saveException(
      {
        eventId: 'ev-month',
        seriesDate: '2027-04-15',
        movedTo: '2027-04-20',
        title: 'Palaveri siirretty',
        titleEn: null,
        cancelled: false,
      },
      by,
    );
    await bed.store.annualClock.saveException(
      { eventId: 'ev-month', seriesDate: '2027-05-15', movedTo: null, title: null, titleEn: null, cancelled: true },
      by,
    );
    const titles = async (iso: string) => {
      bed.clock.set(`${iso}T05:00:00Z`);
      await queueClockReminders(bed.app.messaging.deps, { daysBefore: 3 });
      const rows = await bed.store.db
        .selectFrom('outbox')
        .selectAll()
        .where('idempotencyKey', 'like', 'clock-reminder:ev-month%')
        .execute();
      return rows.map((r) => [r.idempotencyKey, JSON.parse(r.payloadJson).date, JSON.parse(r.payloadJson).title]);
    };
    expect(await titles('2027-03-12')).toEqual([['clock-reminder:ev-month@2027-03-15', '2027-03-15', 'Kuukausipalaveri']]);
    // The series date (15 April) is no longer the day: nothing three days before it…
    expect(await titles('2027-04-12')).toHaveLength(1);
    // …but three days before the new one, keyed by the series date.
    expect((await titles('2027-04-17')).slice(1)).toEqual([['clock-reminder:ev-month@2027-04-15', '2027-04-20', 'Palaveri siirretty']]);
    // May is cancelled; June reminds as usual.
    expect(await titles('2027-05-13')).toHaveLength(2);
    expect((await titles('2027-06-12')).slice(2)).toEqual([['clock-reminder:ev-month@2027-06-15', '2027-06-15', 'Kuukausipalaveri']]);
  });
});
