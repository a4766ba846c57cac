import { noticeCli } from '../../src/cli/notice';
import { silentLogger } from '../../src/logging/logger';
import { reminderPolicyFrom, sendNoticeReminders } from '../../src/messaging/notices';
import { startBed, USERS, sendActivity, personalChat, personalActivities, cardOf, cardText, type Bed } from './fixture';

/** Tuntemattomat roolit torjutaan; eskalointi menee odottavan henkilön omalle aluejohtajalle; ajat asetuksista. */
describe('tiedotteen maininnat ja eskalointi', () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ env: { NOTICE_REMINDER_HOURS: '1', NOTICE_ESCALATION_HOURS: '2' } });
    // Billing: Sanna's site has Reijo as regional director, Simo's site has Dora.
    await bed.store.sites.replaceForAccount('100001', [
      {
        siteId: '5001',
        name: 'Alfa Pasila',
        supervisorEmail: USERS.sup1.email,
        roleEmails: { supervisor: USERS.sup1.email, regional_director: USERS.rd.email },
      },
      {
        siteId: '5002',
        name: 'Alfa Kallio',
        supervisorEmail: USERS.sup2.email,
        roleEmails: { supervisor: USERS.sup2.email, regional_director: USERS.director.email },
      },
    ]);
  });
  afterAll(async () => {
    await bed.close();
  });

  it('CLI: --mention esimiehet päättyy koodiin 2 ja luettelee sallitut arvot; mitään ei tallenneta', async () => {
    let err = '';
    const code = await noticeCli(['--account', '100001', '--title', 'T', '--body', 'B', '--mention', 'esimiehet'], {
      env: bed.env,
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      clock: bed.clock,
      logger: silentLogger,
    });
    expect(code).toBe(2);
    expect(err).toContain('esimiehet');
    for (const v of ['supervisors', 'all', 'supervisor', 'regional_director', 'manager', 'sales_manager']) expect(err).toContain(v);
    expect(await bed.store.notices.listActive()).toHaveLength(0);
  });

  it('botti: tuntematon rooli torjutaan sallittujen arvojen kanssa', async () => {
    const chat = await personalChat(bed, 'ownerA');
    await sendActivity(bed, {
      from: 'ownerA',
      conversationId: chat,
      text: 'tiedote 100001 Vesivahinko | Tarkistakaa kellarit | maininta: esimiehet',
      locale: 'fi-FI',
    });
    const reply = personalActivities(bed, 'ownerA').pop()!.activity.text as string;
    expect(reply).toMatch(/Tuntematon rooli "esimiehet"/);
    expect(reply).toContain('regional_director');
    expect(await bed.store.notices.listActive()).toHaveLength(0);
  });

  it('muistutus ja eskalointi asetusten ajoissa; kukin aluejohtaja saa vain omat odottajansa', async () => {
    const chat = await personalChat(bed, 'ownerA');
    await sendActivity(bed, {
      from: 'ownerA',
      conversationId: chat,
      text: 'tiedote 100001 Vesivahinko | Tarkistakaa kellarit | maininta: supervisor',
      locale: 'fi-FI',
    });
    await bed.app.messaging.idle();
    const policy = reminderPolicyFrom(bed.app.config);
    expect(policy).toEqual({ remindAfterMs: 3600_000, escalateAfterMs: 7200_000 });

    bed.clock.advance(30 * 60_000);
    expect(await sendNoticeReminders(bed.app.messaging.deps, policy)).toEqual({ reminders: 0, escalations: 0 });
    bed.clock.advance(45 * 60_000);
    expect(await sendNoticeReminders(bed.app.messaging.deps, policy)).toEqual({ reminders: 2, escalations: 0 });
    bed.clock.advance(60 * 60_000);
    expect(await sendNoticeReminders(bed.app.messaging.deps, policy)).toEqual({ reminders: 0, escalations: 2 });
    await bed.app.messaging.deliver();

    const toReijo = cardText(cardOf(personalActivities(bed, 'rd').pop()!));
    expect(toReijo).toContain('Sanna Supervisor');
    expect(toReijo).not.toContain('Simo Supervisor');
    const toDora = cardText(cardOf(personalActivities(bed, 'director').pop()!));
    expect(toDora).toContain('Simo Supervisor');
    expect(toDora).not.toContain('Sanna Supervisor');
  });
});
