import fs from 'node:fs';
import { engines } from '../store/engines';
import { sample, startSyncHarness, type SyncHarness } from '../helpers/sync-harness';
import { emptyAccount, removeVariant, variantOf } from '../helpers/guard-world';
import { seedUsersFromBillingCsv } from '../../emulator';
import { createBotSyncRunner } from '../../src/server/bot-sync-runner';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import type { HeldPart } from '../../src/sync/held-run';

const allUsers = seedUsersFromBillingCsv([sample('supervisors.csv')]);
const A = '100428';
const B = '100801';

/** The sample export with seven more supervisors on one of `customerId`'s sites: additions far beyond its site changes. */
function withExtraSupervisors(customerId: string): { file: string; added: string[] } {
  const file = variantOf('supervisors.csv', (r) => r);
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
  const first = rows.find((r) => r.customer_id === customerId)!;
  const inside = new Set(rows.filter((r) => r.customer_id === customerId).map((r) => r.supervisor_email));
  const added = [...new Set(rows.map((r) => r.supervisor_email!))].filter((e) => !inside.has(e)).slice(0, 7);
  const extra = added.map((e, i): Record<string, string> => ({
    ...first,
    supervisor_email: e,
    supervisor_name: `Lisä ${i}`,
    supervisor_employee_id: `X${i}`,
  }));
  fs.appendFileSync(file, extra.map((r) => cols.map((c) => r[c] ?? '').join(',')).join('\n') + '\n');
  return { file, added: added.map((e) => e.toLowerCase()) };
}

describe.each(engines)('approving a held run one account at a time, through the bot sync runner and the emulator (%s)', (engine) => {
  let h: SyncHarness;
  const files: string[] = [];
  const run = (file: string) => {
    h.clock.advance(60_000);
    return h.run(file);
  };
  const runner = () =>
    createBotSyncRunner({
      config: loadConfig({ ...h.env, BILLING_SOURCE: sample('supervisors.csv') }),
      store: h.services.store,
      clock: h.clock,
      logger: silentLogger,
      directory: h.services.directory,
    })!;
  const approve = (requestedBy: string, approveRunId: string, approveCustomerId?: string) => {
    h.clock.advance(60_000);
    return runner()({ requestedBy, approveRunId, ...(approveCustomerId ? { approveCustomerId } : {}) });
  };
  /** The approval cards queued for a run, by account. */
  const cardsOf = async (runId: string) =>
    (await h.services.store.outbox.list({ kind: 'removal-approval' })).filter((i) => (i.payload as { runId: string }).runId === runId);

  beforeAll(async () => {
    h = await startSyncHarness(engine, { emulator: { users: allUsers, throttling: false }, env: { GRAPH_PACING: 'false' } });
    expect((await h.run(sample('supervisors.csv'))).exitCode).toBe(0);
  }, 300_000);
  afterAll(async () => {
    files.forEach(removeVariant);
    await h?.close();
  });

  it('sends a card for an account whose only held changes are additions, and its approval grants them', async () => {
    const { file, added } = withExtraSupervisors(B);
    files.push(file);
    const held = await run(file);
    expect(held.exitCode).toBe(3);
    expect(held.summary.held!.accounts).toEqual([B]);
    expect(held.summary.held!.removals).toEqual([]);
    for (const email of added) expect(h.channels().get(B)!.members).not.toContain(email);
    const runId = held.summary.runId!;
    const cards = await cardsOf(runId);
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) {
      const p = c.payload as { customerId: string; removals: unknown[]; additions: { email: string }[] };
      expect(p.customerId).toBe(B);
      expect(p.removals).toEqual([]);
      expect(p.additions.map((a) => a.email.toLowerCase()).sort()).toEqual([...added].sort());
    }
    const owner = (cards[0]!.target as { userId: string }).userId;
    const out = await approve(owner, runId, B);
    expect(out.exitCode).toBe(0);
    for (const email of added) expect(h.channels().get(B)!.members).toContain(email);
    const record = (await h.services.store.heldRuns.get(runId))!;
    expect(record).toMatchObject({ outcome: 'applied', approvedBy: owner });
    expect((record.held as HeldPart).approvals!.map((a) => a.customerId)).toEqual([B]);
  }, 300_000);

  it("applies only the approving owner's account; the other stays held and approvable; repeats are refused", async () => {
    const store = h.services.store;
    const file = variantOf('supervisors.csv', (r) => emptyAccount(B)(emptyAccount(A)(r)));
    files.push(file);
    const before = h.channels();
    const held = await run(file);
    expect(held.exitCode).toBe(3);
    expect(held.summary.held!.accounts).toEqual([A, B]);
    const runId = held.summary.runId!;
    const removalsOf = (id: string) => held.summary.held!.removals.filter((r) => r.customerId === id).map((r) => r.email!);
    expect(removalsOf(A).length).toBeGreaterThan(5);
    expect(removalsOf(B).length).toBeGreaterThan(5);
    const cards = await cardsOf(runId);
    const ownerOf = (id: string) => (cards.find((c) => c.customerId === id)!.target as { userId: string }).userId;

    const first = await approve(ownerOf(A), runId, A);
    expect(first.exitCode).toBe(0);
    let now = h.channels();
    for (const email of removalsOf(A)) expect(now.get(A)!.members).not.toContain(email);
    expect(now.get(B)).toEqual(before.get(B));
    let record = (await store.heldRuns.get(runId))!;
    expect(record.approvedAt).toBeNull();
    expect((record.held as HeldPart).approvals!.map((a) => [a.customerId, a.approvedBy])).toEqual([[A, ownerOf(A)]]);
    const audit = await store.audit.listForRun((await store.syncRuns.listRecent(1))[0]!.id);
    expect(audit.filter((a) => a.action === 'held-changes-approved').map((a) => a.customerId)).toEqual([A]);

    // The same account again: refused clearly, nothing changes.
    const again = await approve(ownerOf(A), runId, A);
    expect(again.exitCode).toBe(2);
    expect(again.refusal!.en).toMatch(new RegExp(`account ${A} in sync run ${runId} were already approved`));
    expect(again.refusal!.fi).toMatch(/on jo hyväksytty.*Mitään ei muutettu/);
    expect(h.channels()).toEqual(now);
    // An account the run held nothing for: refused.
    const other = await approve(ownerOf(A), runId, '100016');
    expect(other.exitCode).toBe(2);
    expect(other.refusal!.en).toMatch(/held nothing to approve for account 100016/);

    // B is still held and approvable: its own channels are as they were when held.
    const second = await approve(ownerOf(B), runId, B);
    expect(second.exitCode).toBe(0);
    now = h.channels();
    for (const email of removalsOf(B)) expect(now.get(B)!.members).not.toContain(email);
    record = (await store.heldRuns.get(runId))!;
    expect(record).toMatchObject({ outcome: 'applied', approvedBy: ownerOf(B) });
    expect(record.approvedAt).not.toBeNull();
    const whole = await approve('cli:test', runId);
    expect(whole.exitCode).toBe(2);
    expect(whole.refusal!.en).toMatch(/already approved/);
  }, 600_000);
});
