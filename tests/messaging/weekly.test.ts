import { validateCard } from '../../src/cards/validate-card';
import { silentLogger } from '../../src/logging/logger';
import { runWeeklyJob, sendWeeklyReminders } from '../../src/messaging/weekly';
import { deliverOutbox } from '../../src/messaging/deliver-outbox';
import { createStore, openDatabase } from '../../src/store';
import { weeklyCli } from '../../src/cli/weekly';
import {
  startBed,
  engines,
  USERS,
  channelPosts,
  personalActivities,
  cardOf,
  cardText,
  sendActivity,
  personalChat,
  type Bed,
} from './fixture';

function capture() {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

describe.each(engines)('weekly status (viikkoviesti) on %s', (engine) => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await startBed({ engine }); // clock: Monday 2026-11-23 = 2026-W48
    const s = bed.store;
    await s.weeklyStatus.save(
      '100001',
      '2026-W48',
      {
        stage: 'Pilot running',
        targetSchedule: 'Roll-out in Q1',
        milestoneDate: '2027-01-15',
        nextWeek: 'Train the night shift',
        needsFromYou: null,
      },
      'Olli Owner',
    );
    await s.annualClock.createMany([
      { customerId: '100001', title: 'Quarterly review', ring: 'kad', startsOn: '2026-11-25', ownerEmail: USERS.ownerA.email },
      { customerId: '100001', title: 'Christmas schedule', ring: 'supervisors', startsOn: '2026-12-02' },
      { customerId: '100001', title: 'Far away', ring: 'supervisors', startsOn: '2027-03-01' },
      // Beta has events in W48 and W49, so it has something to post although its owner writes nothing.
      { customerId: '100002', title: 'Site walk', ring: 'supervisors', startsOn: '2026-11-26' },
      { customerId: '100002', title: 'Site walk 2', ring: 'supervisors', startsOn: '2026-12-10' },
    ]);
    // Joins and leaves come from the audit trail of sync runs, dated by the clock (last week).
    bed.clock.set('2026-11-18T10:00:00Z');
    const run = await s.syncRuns.start({ trigger: 'test' });
    await s.audit.append(run.id, [
      { action: 'member-added', customerId: '100001', email: USERS.sup2.email },
      { action: 'member-removed', customerId: '100001', email: USERS.outsider.email },
    ]);
    bed.clock.set('2026-11-23T06:00:00Z');
    await s.qualityCard.saveKpis(
      '100001',
      '2026-10',
      [
        { kpiKey: 'auditScore', value: 95, target: 90, light: 'green' },
        { kpiKey: 'complaints', value: 4, target: 0, light: 'red', comment: 'two late deliveries' },
      ],
      'test',
    );
    const n = await s.notices.create({
      authorId: USERS.ownerA.id,
      authorName: 'Olli Owner',
      title: 'Water leak',
      body: 'x',
      targets: { accounts: ['100001'] },
    });
    await s.acknowledgements.record({ noticeId: n.id, userId: USERS.sup1.id, kind: 'ack' });
  });
  afterAll(async () => {
    await bed.close();
  });

  it('--dry-run --json prints the exact activity per account and sends nothing', async () => {
    const out = capture();
    const code = await weeklyCli(['--week', '2026-W48', '--dry-run', '--json'], {
      env: bed.env,
      stdout: out,
      stderr: capture(),
      clock: bed.clock,
      logger: silentLogger,
    });
    expect(code).toBe(0);
    const json = JSON.parse(out.text);
    expect(json.accounts.map((a: any) => a.customerId).sort()).toEqual(['100001', '100002']);
    const a = json.accounts.find((x: any) => x.customerId === '100001').activity;
    const card = a.attachments[0].content;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const text = cardText(card);
    for (const s of [
      'Pilot running',
      'Roll-out in Q1',
      'Train the night shift',
      'Quarterly review',
      'Olli Owner',
      'Christmas schedule',
      'Water leak',
      '1/2',
      'Simo Supervisor',
      'Ulla Outsider',
      'two late deliveries',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('Far away');
    const b = cardText(json.accounts.find((x: any) => x.customerId === '100002').activity.attachments[0].content);
    expect(b).toMatch(/not updated/i);
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(0);
    expect(await bed.store.outbox.list({ kind: 'weekly' })).toHaveLength(0);
  });

  it('posts exactly one status per account per ISO week, across repeated runs and two instances', async () => {
    const deps = bed.app.messaging.deps;
    await runWeeklyJob(deps, { week: '2026-W48' });
    await bed.app.messaging.deliver();
    await runWeeklyJob(deps, { week: '2026-W48' });
    await bed.app.messaging.deliver();
    // A second instance (its own database connection) runs the CLI for the same week.
    const code = await weeklyCli(['--week', '2026-W48', '--json'], {
      env: bed.env,
      stdout: capture(),
      stderr: capture(),
      clock: bed.clock,
      logger: silentLogger,
    });
    expect(code).toBe(0);
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(1);
    expect(channelPosts(bed, bed.channels.B)).toHaveLength(1);

    // Both instances at once, for the next week.
    const other = await openDatabase({ dataDir: bed.env.DATA_DIR!, databaseUrl: bed.env.DATABASE_URL, logger: silentLogger });
    try {
      const store2 = createStore(other.db, bed.clock);
      const deps2 = { ...deps, store: store2, holder: 'instance-2' };
      await Promise.all([
        runWeeklyJob(deps, { week: '2026-W49' }).then(() => deliverOutbox(deps)),
        runWeeklyJob(deps2, { week: '2026-W49' }).then(() => deliverOutbox(deps2)),
      ]);
    } finally {
      await other.close();
    }
    expect(channelPosts(bed, bed.channels.A)).toHaveLength(2);
    expect(channelPosts(bed, bed.channels.B)).toHaveLength(2);
    const w48 = cardOf(channelPosts(bed, bed.channels.A)[0]!)!;
    expect(validateCard(w48)).toEqual({ valid: true, errors: [] });
    expect(cardText(w48)).toContain('Pilot running');
  });

  it("the dialog opens prefilled with last week's values for the owner, refuses others, and a submit updates the posted card", async () => {
    const fetch = (from: 'ownerA' | 'sup1', week: string) =>
      sendActivity(bed, {
        from,
        type: 'invoke',
        name: 'task/fetch',
        conversationId: `${bed.channels.A};messageid=x`,
        channelId: bed.channels.A,
        value: { data: { action: 'editWeeklyStatus', customerId: '100001', isoWeek: week } },
      });
    const r = await fetch('ownerA', '2026-W50');
    expect(r.status).toBe(200);
    const form = r.body.task.value.card.content;
    expect(validateCard(form)).toEqual({ valid: true, errors: [] });
    const values = Object.fromEntries(form.body.filter((e: any) => e.id).map((e: any) => [e.id, e.value]));
    expect(values).toMatchObject({ stage: 'Pilot running', estimatedDate: '2027-01-15', nextWeek: 'Train the night shift' });

    const refused = await fetch('sup1', '2026-W50');
    expect(cardText(refused.body.task.value.card.content)).toMatch(/only .*owners/i);

    const submit = await sendActivity(bed, {
      from: 'ownerA',
      type: 'invoke',
      name: 'task/submit',
      conversationId: `${bed.channels.A};messageid=x`,
      channelId: bed.channels.A,
      value: {
        data: {
          action: 'saveWeeklyStatus',
          customerId: '100001',
          isoWeek: '2026-W48',
          stage: 'Go-live',
          targetSchedule: 'Roll-out in Q1',
          estimatedDate: '2027-02-01',
          nextWeek: 'Celebrate',
        },
      },
    });
    expect(submit.body.task.type).toBe('message');
    expect((await bed.store.weeklyStatus.get('100001', '2026-W48'))?.stage).toBe('Go-live');
    await bed.app.messaging.idle();
    await bed.app.messaging.deliver();
    const post = channelPosts(bed, bed.channels.A)[0]!;
    expect(post.updated).toBe(true);
    expect(cardText(cardOf(post))).toContain('Go-live');

    const bad = await sendActivity(bed, {
      from: 'ownerA',
      type: 'invoke',
      name: 'task/submit',
      conversationId: `${bed.channels.A};messageid=x`,
      channelId: bed.channels.A,
      value: {
        data: {
          action: 'saveWeeklyStatus',
          customerId: '100001',
          isoWeek: '2026-W48',
          stage: '',
          targetSchedule: 'x',
          estimatedDate: 'not a date',
          nextWeek: 'y',
        },
      },
    });
    expect(bad.body.task.type).toBe('continue');
    expect((await bed.store.weeklyStatus.get('100001', '2026-W48'))?.stage).toBe('Go-live');
  });

  it('a weekly card posted before the customerId rename (its button names accountId) still opens the form', async () => {
    const r = await sendActivity(bed, {
      from: 'ownerA',
      type: 'invoke',
      name: 'task/fetch',
      conversationId: `${bed.channels.A};messageid=x`,
      channelId: bed.channels.A,
      value: { data: { action: 'editWeeklyStatus', accountId: '100001', isoWeek: '2026-W50' } },
    });
    const form = r.body.task.value.card.content;
    expect(form.actions[0].data).toMatchObject({ action: 'saveWeeklyStatus', customerId: '100001' });
  });

  it('reminds owners whose part for next week is still empty', async () => {
    bed.clock.set('2026-12-04T07:00:00Z'); // Friday of W49: next week is W50
    await bed.store.weeklyStatus.save(
      '100002',
      '2026-W50',
      { stage: 's', targetSchedule: 't', milestoneDate: '2027-01-01', nextWeek: 'n', needsFromYou: null },
      'Bea Owner',
    );
    expect(await sendWeeklyReminders(bed.app.messaging.deps)).toBe(1);
    expect(await sendWeeklyReminders(bed.app.messaging.deps)).toBe(0);
    await bed.app.messaging.deliver();
    const got = personalActivities(bed, 'ownerA');
    expect(got).toHaveLength(1);
    expect(got[0]!.activity.text).toContain('Alfa Oy');
    expect(personalActivities(bed, 'ownerB')).toHaveLength(0);
  });

  it('the status command shows the card with an edit button, for owners only', async () => {
    const chat = await personalChat(bed, 'ownerA');
    await sendActivity(bed, { from: 'ownerA', conversationId: chat, text: 'tila 100001', locale: 'fi-FI' });
    const mine = personalActivities(bed, 'ownerA').filter((a) => a.conversationId === chat);
    const card = cardOf(mine[mine.length - 1]!)!;
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(JSON.stringify(card.actions)).toContain('task/fetch');
    const chat2 = await personalChat(bed, 'sup1');
    await sendActivity(bed, { from: 'sup1', conversationId: chat2, text: 'status 100001' });
    expect(cardText(cardOf(personalActivities(bed, 'sup1').pop()!))).toMatch(/only .*owners/i);
  });
});
