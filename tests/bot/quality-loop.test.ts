import { validateCard } from '../../src/cards/validate-card';
import { queueSurveyReminders } from '../../src/messaging/survey-reminders';
import {
  DIRECTOR_GROUP,
  USERS,
  cardOf,
  cardText,
  channelPosts,
  engines,
  personalActivities,
  sendActivity,
  startBed,
  type Bed,
  type UserKey,
} from '../messaging/fixture';

/** Through the real app: the bot endpoint for `palaute`, the tab API for the owner and the director, the Bot Connector emulator for the cards. */
describe.each(engines)('monthly loop and feedback through the bot and the tab API on %s', (engine) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ engine, env: { SURVEY_URL: 'https://link.webropol.com/s/kayttajakysely', SURVEY_MONTH: '11' } });
    bed.em.setGroupMembers(DIRECTOR_GROUP, [USERS.director.email]);
  });
  afterAll(async () => {
    await bed?.close();
  });

  async function api(who: UserKey, method: string, path: string, body?: unknown) {
    const token = await bed.em.issueUserToken({ user: USERS[who].email });
    const res = await fetch(`${bed.app.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }
  const lastCard = (who: UserKey) => cardOf(personalActivities(bed, who).at(-1)!)!;

  it('palaute is listed for the owner, whose reply reaches the sender as a personal card', async () => {
    await sendActivity(bed, {
      from: 'sup2',
      conversationId: `${bed.channels.A};messageid=f1`,
      channelId: bed.channels.A,
      text: 'palaute Siivouskärry jää käytävälle',
      locale: 'fi-FI',
    });
    expect((await api('sup2', 'GET', '/accounts/100001/feedback')).status).toBe(403);
    const list = await api('ownerA', 'GET', '/accounts/100001/feedback');
    expect(list.body.feedback.map((f: any) => [f.text, f.status, f.from])).toEqual([
      ['Siivouskärry jää käytävälle', 'new', 'Simo Supervisor'],
    ]);
    const id = list.body.feedback[0].id;
    const r = await api('ownerA', 'PATCH', `/accounts/100001/feedback/${id}`, { reply: 'Kiitos, ohjeistetaan iltavuoro.' });
    expect(r.body.status).toBe('in-progress');
    await bed.app.messaging.deliver();
    const card = lastCard('sup2');
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    // APP_LOCALE is en in the bed.
    expect(cardText(card)).toContain('A reply to your feedback: Alfa Oy');
    expect(cardText(card)).toContain('Kiitos, ohjeistetaan iltavuoro.');
    expect(cardText(card)).toContain('Siivouskärry jää käytävälle');
    expect(cardText(card)).toContain('Olli Owner');
  });

  it('the owner marks the month ready, a director instructs, and the owner gets the instruction as a personal card', async () => {
    expect((await api('director', 'PUT', '/accounts/100001/quality/2026-10/ready', { ready: true })).status).toBe(403);
    expect((await api('ownerA', 'PUT', '/accounts/100001/quality/2026-10/ready', { ready: true })).status).toBe(200);
    expect((await api('ownerA', 'POST', '/accounts/100001/quality/2026-10/instructions', { kind: 'instruction', text: 'x' })).status).toBe(
      403,
    );
    const summary = await api('director', 'GET', '/quality/loop-summary?period=2026-10');
    expect(summary.body.rows.map((r: any) => [r.customerId, !!r.ready])).toEqual([
      ['100001', true],
      ['100002', false],
    ]);
    const made = await api('director', 'POST', '/accounts/100001/quality/2026-10/instructions', {
      kind: 'instruction',
      text: 'Korjaa reklamaatioiden käsittelyaika alle viikkoon',
    });
    expect(made.status).toBe(201);
    await bed.app.messaging.deliver();
    const card = lastCard('ownerA');
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(cardText(card)).toContain('Management instruction: Alfa Oy');
    expect(cardText(card)).toContain('Dora Director · quality card 1–10/2026');
    expect(cardText(card)).toContain('Korjaa reklamaatioiden käsittelyaika alle viikkoon');
    const done = await api('ownerA', 'PUT', `/accounts/100001/instructions/${made.body.id}`, { done: true });
    expect(done.body.status).toBe('done');
  });

  it('the yearly user survey is posted once in each account channel in the survey month', async () => {
    const deps = bed.app.messaging.deps;
    expect(await queueSurveyReminders(deps, { url: 'https://link.webropol.com/s/kayttajakysely', month: 11 })).toEqual({ queued: 2 });
    await queueSurveyReminders(deps, { url: 'https://link.webropol.com/s/kayttajakysely', month: 11 });
    expect(await queueSurveyReminders(deps, { url: 'https://link.webropol.com/s/kayttajakysely', month: 3 })).toEqual({ queued: 0 });
    await bed.app.messaging.deliver();
    for (const ch of [bed.channels.A, bed.channels.B]) {
      const posts = channelPosts(bed, ch).filter((p) => cardText(cardOf(p)).includes('User survey 2026'));
      expect(posts).toHaveLength(1);
      expect(validateCard(cardOf(posts[0])!)).toEqual({ valid: true, errors: [] });
      expect(JSON.stringify(cardOf(posts[0]))).toContain('https://link.webropol.com/s/kayttajakysely');
    }
  });
});
