import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../store/engines';
import { billingRow, startSyncHarness, testMail, writeBillingCsv, type SyncHarness } from '../helpers/sync-harness';
import { seedUsersFromBillingCsv } from '../../emulator';
import { renderItem } from '../../src/messaging/render-items';
import type { DeliveryDeps } from '../../src/messaging/deps';
import type { OutboxItem } from '../../src/store';
import { validateCard } from '../../src/cards/validate-card';
import { escapeCardText } from '../../src/cards/escape';

// Three accounts of one regional team; "moni" supervises sites in two of them. Next month moni also
// gets a site in the third (an add to an existing channel) and in a new fourth account (a create).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-notes-'));
const first = writeBillingCsv(dir, 'first.csv', [
  billingRow('200001', 'Alfa Kiinteistöt Oy', '7001', 'moni', 'north', 'kad.a'),
  billingRow('200002', 'Beta <b>Koulut</b> Oy', '7002', 'moni', 'north', 'kad.b'),
  billingRow('200003', 'Gamma Oy', '7003', 'yksi', 'north', 'kad.c'),
]);
const next = writeBillingCsv(dir, 'next.csv', [
  billingRow('200001', 'Alfa Kiinteistöt Oy', '7001', 'moni', 'north', 'kad.a'),
  billingRow('200002', 'Beta <b>Koulut</b> Oy', '7002', 'moni', 'north', 'kad.b'),
  billingRow('200003', 'Gamma Oy', '7003', 'yksi', 'north', 'kad.c'),
  billingRow('200003', 'Gamma Oy', '7004', 'moni', 'north', 'kad.c'),
  billingRow('200004', 'Delta Oy', '7005', 'yksi', 'north', 'kad.c'),
  billingRow('200004', 'Delta Oy', '7006', 'moni', 'north', 'kad.c'),
]);
const users = seedUsersFromBillingCsv([first, next]);

type Note = OutboxItem<{ runId: string; channels: Array<{ customerId: string; accountName: string }> }, { userId: string; email: string }>;
const notesOf = async (h: SyncHarness, runId: string) =>
  ((await h.services.store.outbox.list({ kind: 'access-granted' })) as Note[]).filter((n) => n.payload.runId === runId);
const channelsByPerson = (notes: Note[]) => {
  const out = new Map<string, string[][]>();
  for (const n of notes) out.set(n.target.email, [...(out.get(n.target.email) ?? []), n.payload.channels.map((c) => c.customerId).sort()]);
  return out;
};

describe.each(engines)('access notes: one card per person per run (%s)', (engine) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(engine, { emulator: { users, throttling: false }, env: { GRAPH_PACING: 'false' } });
  }, 120_000);
  afterAll(() => h?.close());

  const render = async (n: Note, locale: 'fi' | 'en') => {
    const deps = { store: h.services.store, locale, teamId: h.em.teamId, tenantId: 'tenant' } as unknown as DeliveryDeps;
    const op = await renderItem(n as OutboxItem, deps);
    if (op.op !== 'user') throw new Error(`expected a personal message, got ${op.op}`);
    expect(op.userId).toBe(n.target.userId);
    return (op.activity.attachments as Array<{ content: unknown }>)[0]!.content;
  };

  it('a first sync gives each person one note listing every channel they gained, due when the run ends', async () => {
    const outcome = await h.run(first);
    expect(outcome.exitCode).toBe(0);
    const notes = await notesOf(h, outcome.summary.runId!);
    const byPerson = channelsByPerson(notes);
    const team = ['north.rd', 'north.man', 'north.sales'].map(testMail);
    for (const e of team) expect(byPerson.get(e)).toEqual([['200001', '200002', '200003']]);
    expect(byPerson.get(testMail('moni'))).toEqual([['200001', '200002']]);
    expect(byPerson.get(testMail('yksi'))).toEqual([['200003']]);
    // Each person's channels agree with Teams: every channel a person is in is on their one note.
    const inTeams = new Map<string, string[]>();
    for (const [id, ch] of h.channels())
      for (const e of [...ch.owners, ...ch.members]) inTeams.set(e, [...(inTeams.get(e) ?? []), id].sort());
    expect(new Map([...byPerson].map(([e, lists]) => [e, lists.flat()]))).toEqual(inTeams);
    // Released at the end of the run: due now, not an hour later.
    for (const n of notes) expect(Date.parse(n.nextAttemptAt)).toBeLessThanOrEqual(h.clock.now().getTime());
  }, 300_000);

  it('the card lists each account with its reason, escaped, in Finnish and English, and is a valid card', async () => {
    const runs = await h.services.store.syncRuns.listRecent(5);
    const [note] = (await notesOf(h, runs[0]!.id)).filter((n) => n.target.email === testMail('moni'));
    const fi = JSON.stringify(await render(note!, 'fi'));
    const en = await render(note!, 'en');
    expect(validateCard(en)).toMatchObject({ valid: true });
    const text = JSON.stringify(en);
    expect(text).toContain('You now have access to 2 customer channels');
    expect(text).toContain('Alfa Kiinteistöt Oy');
    // The account name from billing is user text: escaped like every card's (no markup reaches Teams).
    expect(text).toContain(JSON.stringify(escapeCardText('Beta <b>Koulut</b> Oy')).slice(1, -1));
    expect(text).not.toContain('<b>');
    expect(text.match(/Open the channel/g)).toHaveLength(2);
    expect(fi).toContain('Sait pääsyn 2 asiakkaan kanavalle');
    expect(fi).toContain('Alfa Kiinteistöt Oy 7001');
  }, 60_000);

  it('next month: a person gaining an existing channel and a new one gets one note for the run', async () => {
    const outcome = await h.run(next);
    expect(outcome.exitCode).toBe(0);
    const byPerson = channelsByPerson(await notesOf(h, outcome.summary.runId!));
    expect(byPerson.get(testMail('moni'))).toEqual([['200003', '200004']]);
    expect(byPerson.get(testMail('north.rd'))).toEqual([['200004']]);
    expect(byPerson.get(testMail('yksi'))).toEqual([['200004']]);
  }, 300_000);

  it('with must-read items for their role, the same note is the onboarding checklist', async () => {
    const store = h.services.store;
    await store.tableOfContents.saveItem(
      { id: 'gamma-rules', section: 'Asiakas', title: 'Gamma site rules', linkKind: 'url', linkTarget: 'https://example.com/gamma' },
      'test',
    );
    await store.onboarding.setMustRead('200003', 'gamma-rules', ['supervisor'], 'kad.c');
    // moni's note of next month's run (Gamma and Delta).
    const [note] = ((await store.outbox.list({ kind: 'access-granted' })) as Note[]).filter(
      (n) => n.target.email === testMail('moni') && n.payload.channels.some((c) => c.customerId === '200003'),
    );
    const card = await render(note!, 'en');
    expect(validateCard(card)).toMatchObject({ valid: true });
    const text = JSON.stringify(card);
    expect(text).toContain('Welcome');
    expect(text).toContain('Gamma site rules');
    expect(text).toContain('https://example.com/gamma');
    expect(text).toContain('"verb":"onboardingAck"');
    // Delta has nothing to read: it is still on the welcome, with why and its channel, after Gamma.
    expect(text.indexOf('Delta Oy')).toBeGreaterThan(text.indexOf('Gamma site rules'));
    expect(text.match(/"verb":"onboardingAck"/g)).toHaveLength(1);
    expect(text.match(/Open channel/g)).toHaveLength(2);
  }, 60_000);
});
