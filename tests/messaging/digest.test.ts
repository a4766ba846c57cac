import { validateCard } from '../../src/cards/validate-card';
import { queueDigests } from '../../src/messaging/digest';
import { startBed, engines, USERS, personalActivities, personalChat, sendActivity, cardOf, cardText, type Bed } from './fixture';

describe.each(engines)('the personal weekly digest on %s', (engine) => {
  let bed: Bed;
  let chat: string;
  const run = async (iso: string) => {
    bed.clock.set(`${iso}T05:00:00Z`);
    const r = await queueDigests(bed.app.messaging.deps, { defaultWeekday: 1 });
    await bed.app.messaging.deliver();
    return r.queued;
  };
  const say = async (text: string, locale = 'en-US') => {
    const r = await sendActivity(bed, { from: 'rd', conversationId: chat, text, locale });
    expect(r.status).toBeLessThan(300);
    return personalActivities(bed, 'rd').at(-1)!.activity.text as string;
  };

  beforeAll(async () => {
    bed = await startBed({ engine }); // Monday 2026-11-23
    const s = bed.store;
    // Reijo is regional director in both accounts; everyone else is in one.
    await s.desiredMemberships.replaceForAccount('100002', [
      { email: USERS.ownerB.email, role: 'owner', reasons: [{ kind: 'key_account_director' }] },
      {
        email: USERS.sup3.email,
        role: 'member',
        reasons: [{ kind: 'site', siteId: '5003', siteName: 'Kohde', role: 'supervisor', line: 2 }],
      },
      // A co-owner of Beta as well: they see their people's onboarding too.
      {
        email: USERS.rd.email,
        role: 'owner',
        reasons: [{ kind: 'site', siteId: '5003', siteName: 'Kohde', role: 'regional_director', line: 2 }],
      },
    ]);
    for (let i = 1; i <= 7; i++)
      await s.notices.create({
        authorId: USERS.director.id,
        title: `Notice ${i}`,
        body: 'Read this',
        targets: { accounts: ['100001'] },
        mention: { mode: 'roles', roles: ['regional_director'] },
      });
    const acked = await s.notices.create({
      authorId: USERS.director.id,
      title: 'Already acknowledged',
      body: 'x',
      targets: { all: true },
      mention: { mode: 'all' },
    });
    await s.acknowledgements.record({ noticeId: acked.id, userId: USERS.rd.id, userName: 'Reijo', customerId: '100001', kind: 'ack' });
    await s.notices.create({ authorId: USERS.director.id, title: 'For supervisors only', body: 'x', targets: { all: true } });
    await s.qualityCard.saveKpis('100002', '2026-10', [{ kpiKey: 'auditScore', value: 60, target: 90 }], 'test');
    await s.qualityCard.saveKpis('100001', '2026-10', [{ kpiKey: 'auditScore', value: 95, target: 90 }], 'test');
    await s.annualClock.createMany([
      { id: 'ev-mine', customerId: '100002', title: 'Steering group', ring: 'kad', startsOn: '2026-12-02', ownerEmail: USERS.rd.email },
      { id: 'ev-later', customerId: '100002', title: 'Far away', ring: 'kad', startsOn: '2026-12-20', ownerEmail: USERS.rd.email },
      { id: 'ev-theirs', customerId: '100001', title: 'Not mine', ring: 'kad', startsOn: '2026-11-25', ownerEmail: USERS.ownerA.email },
    ]);
    const syncRun = await s.syncRuns.start({ trigger: 'test' });
    await s.audit.append(syncRun.id, [{ action: 'member-added', customerId: '100001', email: USERS.sup3.email }]);
    await s.tableOfContents.saveItem({ id: 't-rd', section: 'Asiakas', title: 'Director brief' }, 'test');
    await s.onboarding.setMustRead('100002', 't-rd', ['regional_director', 'supervisor'], USERS.ownerB.email);
    chat = await personalChat(bed, 'rd');
  });
  afterAll(async () => {
    await bed.close();
  });

  it('goes once a week, on the default day, only to people in several accounts, with a short card across them', async () => {
    expect(await run('2026-11-22')).toBe(0); // Sunday
    expect(await run('2026-11-23')).toBe(1); // Monday: Reijo only
    expect(await run('2026-11-23')).toBe(0);
    for (const who of ['sup1', 'sup3', 'ownerA', 'ownerB'] as const) expect(personalActivities(bed, who)).toHaveLength(0);
    const got = personalActivities(bed, 'rd');
    expect(got).toHaveLength(1);
    const card = cardOf(got[0]!)!;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    for (const s of [
      'Weekly digest',
      'Week 48 · 2 accounts',
      'Notice 1 — Alfa Oy',
      '+2 more',
      'Beta Oy: Quality-audit score',
      '2 Dec 2026 Steering group — Beta Oy',
      'Seija Supervisor — Alfa Oy',
      'Beta Oy: 0/1',
      'Beta Oy: Seija Supervisor',
    ])
      expect(text).toContain(s);
    for (const s of ['Already acknowledged', 'For supervisors only', 'Alfa Oy: Quality', 'Far away', 'Not mine'])
      expect(text).not.toContain(s);
    expect(JSON.stringify(card.actions)).toContain('"verb":"digestOff"');
    expect(JSON.stringify(card.actions)).toContain('"verb":"digestDay"');
  });

  it('each person can choose the day or switch it off, by command or from the card', async () => {
    expect(await say('digest')).toContain('comes on Mondays');
    expect(await say('kooste perjantaisin', 'fi-FI')).toBe('Viikkokooste tulee nyt perjantaisin.');
    expect(await run('2026-11-30')).toBe(0); // Monday, no longer Reijo's day
    expect(await run('2026-12-04')).toBe(1); // Friday
    expect(await say('digest off')).toContain('is off');
    expect(await run('2026-12-11')).toBe(0);
    expect(await say('digest on')).toBe('Your weekly digest comes on Fridays.');
    expect(await run('2026-12-18')).toBe(1);
    expect(await say('digest someday')).toContain('did not recognise');

    const r = await sendActivity(bed, {
      from: 'rd',
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversationId: chat,
      value: { action: { type: 'Action.Execute', verb: 'digestOff', data: { action: 'off' } } },
    });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('digest is off');
    expect(await bed.store.onboarding.getDigestPref(USERS.rd.id)).toEqual({ userId: USERS.rd.id, enabled: false, weekday: 5 });
    expect(await run('2026-12-25')).toBe(0);
    // The card's day picker: Wednesday, and on again.
    const day = await sendActivity(bed, {
      from: 'rd',
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversationId: chat,
      value: { action: { type: 'Action.Execute', verb: 'digestDay', data: { weekday: '3' } } },
    });
    expect(JSON.stringify(day.body)).toContain('now comes on Wednesdays');
    expect(await run('2026-12-30')).toBe(1);
  });
});
