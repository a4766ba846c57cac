import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../scripts/chromium-path';
import { validateCard } from '../../src/cards/validate-card';
import { SCREENSHOT_DIR } from '../browser/browser-harness';
import { ROOT, startPlayground, type Playground } from './playground-harness';
import { playgroundPeople } from '../../scripts/playground-setup';

const cardIn = (item: any) =>
  item?.message?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
const has = (s: string) => (item: any) => JSON.stringify(item).includes(s);

describe('Microsoft 365 Agents Playground as a second Teams client', () => {
  let pg: Playground;
  let channel: string;
  const OWNER = 'alexw@example.com';
  beforeAll(async () => {
    pg = await startPlayground();
    const { store } = pg.app;
    const cfg = pg.config;
    channel = cfg.teams[0]!.channels.find((c) => c.id !== cfg.teams[0]!.id)!.id;
    // The playground's mock tenant as one account: its current user owns it, the next two supervise its sites.
    await store.accounts.upsertMany([
      {
        customerId: 'PG1',
        name: 'Playground Oy',
        isNational: true,
        contractStart: null,
        contractEnd: null,
        monthlyBilling: null,
        ownerEmail: OWNER,
      },
    ]);
    await store.accounts.setChannel('PG1', { channelId: channel, channelName: 'Playground Oy' });
    const [megan, adele] = cfg.users;
    await store.people.saveResolutions([
      { email: OWNER, displayName: cfg.currentUser.name, objectId: cfg.currentUser.aadObjectId },
      { email: 'megan@example.com', displayName: megan!.name, objectId: megan!.aadObjectId },
      { email: 'adele@example.com', displayName: adele!.name, objectId: adele!.aadObjectId },
    ]);
    await store.desiredMemberships.replaceForAccount('PG1', [
      { email: OWNER, role: 'owner', reasons: [{ kind: 'key_account_director' }] },
      {
        email: 'megan@example.com',
        role: 'member',
        reasons: [{ kind: 'site', siteId: '1', siteName: 'Kohde 1', role: 'supervisor', line: 2 }],
      },
      {
        email: 'adele@example.com',
        role: 'member',
        reasons: [{ kind: 'site', siteId: '2', siteName: 'Kohde 2', role: 'supervisor', line: 3 }],
      },
    ]);
    await store.weeklyStatus.save(
      'PG1',
      '2020-W01',
      { stage: 'Earlier stage', targetSchedule: 'Spring', milestoneDate: '2030-01-01', nextWeek: 'Planning', needsFromYou: null },
      'Alex',
    );
  });
  afterAll(async () => {
    await pg?.close();
  });

  it('offers Finnish sample people as its users (the configuration npm run playground writes)', () => {
    const people = playgroundPeople(ROOT);
    expect(pg.config.currentUser).toMatchObject({ name: people[0]!.name, aadObjectId: people[0]!.aadObjectId });
    expect(pg.config.users.map((u) => u.name)).toEqual(people.slice(1).map((p) => p.name));
  });

  it('answers the help command', async () => {
    await pg.sendMessage(pg.config.personalChat.id, 'help');
    const reply = await pg.waitFor(has('What I can do'));
    expect(validateCard(cardIn(reply))).toEqual({ valid: true, errors: [] });
  });

  it('runs the weekly-status dialog: the form comes prefilled and the submit is saved', async () => {
    const chat = pg.config.personalChat.id;
    await pg.sendMessage(chat, 'status PG1');
    const weekly = await pg.waitFor(has('editWeeklyStatus'));
    await pg.submit({
      conversation: { id: chat },
      replyToId: weekly.message.messageId,
      from: { id: pg.config.currentUser.id },
      value: { action: 'editWeeklyStatus', customerId: 'PG1' },
    });
    const form = await pg.waitFor(has('saveWeeklyStatus'));
    const card = cardIn(form);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    const stage = card.body.find((e: any) => e.id === 'stage');
    expect(stage.value).toBe('Earlier stage');
    const submitData = card.actions.find((a: any) => a.data?.action === 'saveWeeklyStatus').data;
    await pg.submit({
      conversation: { id: chat },
      replyToId: form.message.messageId,
      from: { id: pg.config.currentUser.id },
      value: {
        ...submitData,
        stage: 'Contract signed',
        targetSchedule: 'Go-live in March',
        estimatedDate: '2031-03-01',
        nextWeek: 'Kick-off',
      },
    });
    await pg.waitFor(has('Weekly status saved'));
    const saved = await pg.app.store.weeklyStatus.get('PG1', submitData.isoWeek);
    expect(saved).toMatchObject({ stage: 'Contract signed', milestoneDate: '2031-03-01', updatedBy: pg.config.currentUser.name });
  });

  it('posts an urgent notice into the channel with mentions, and its Acknowledge button round-trips', async () => {
    await pg.sendMessage(pg.config.personalChat.id, 'notice PG1 Water leak | Please check the basements today.');
    const post = await pg.waitFor((i) => i.actionConversationId === channel && has('Water leak')(i));
    const card = cardIn(post);
    expect(validateCard(card)).toEqual({ valid: true, errors: [] });
    expect(card.msteams.entities.map((e: any) => e.mentioned.id).sort()).toEqual(
      pg.config.users
        .slice(0, 2)
        .map((u) => u.aadObjectId)
        .sort(),
    );
    const ack = card.actions.find((a: any) => a.verb === 'ack');
    const megan = pg.config.users[0]!;
    // The thread the sender recorded for the post (Teams: "<channel>;messageid=<root>").
    await pg.app.messaging.idle();
    const [ref] = await pg.app.store.messageRefs.listFor('notice', ack.data.noticeId);
    const res = await pg.invoke({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: ack.verb, data: ack.data }, trigger: 'manual' },
      from: { id: megan.id },
      conversation: { id: ref!.conversationId },
      replyToId: post.message.messageId,
    });
    const refreshed = JSON.stringify(res);
    expect(refreshed).toMatch(/You acknowledged/i);
    const stored = await pg.app.store.acknowledgements.get(ack.data.noticeId, megan.aadObjectId);
    expect(stored?.kind).toBe('ack');
  });

  it('renders the notice card in its UI (README screenshot)', async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pg.url, { waitUntil: 'networkidle' });
      // The playground's UI is a large bundle; on a loaded 2-core machine it can take well over 10 s to appear.
      const channelName = pg.config.teams[0]!.channels.find((c) => c.id === channel)!.name;
      await page.getByText(channelName).first().click({ timeout: 45_000 });
      // Sent while the UI is open, so its own stream shows it (earlier items went to the first client).
      await pg.sendMessage(pg.config.personalChat.id, 'notice PG1 Storm warning | Secure outdoor equipment before 18:00.');
      await pg.waitFor((i) => i.actionConversationId === channel && has('Storm warning')(i));
      await page.getByText('Storm warning').first().waitFor({ state: 'visible', timeout: 15_000 });
      await expect(page.getByText('URGENT NOTICE').first().isVisible()).resolves.toBe(true);
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, 'playground-card.png');
      await page.screenshot({ path: file });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
