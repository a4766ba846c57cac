import { removalApprovalCard } from '../../src/cards';
import { splitPlan } from '../../src/sync/guard';
import { emptyAccount, judge, removeVariant, shiftSupervisors, variantOf, worldFrom, type World } from '../helpers/guard-world';

describe('sync guard on real-shaped exports (pure: plan + guard, no Teams)', () => {
  let month1: World;
  const files: string[] = [];
  beforeAll(async () => {
    month1 = await worldFrom(require.resolve('../../samples/billing/supervisors.csv'));
  });
  afterAll(() => files.forEach(removeVariant));

  it('applies a month of normal turnover without approval', async () => {
    const { plan, verdict } = judge(month1, await worldFrom(require.resolve('../../samples/billing/supervisors-next-month.csv')));
    // The sample's month: 3 % of supervisors left, 2 % of sites changed supervisor, one account ended.
    expect(plan.removes.length).toBeGreaterThan(50);
    expect(plan.adds.length).toBeGreaterThan(50);
    expect(verdict.reasons).toEqual([]);
    expect(verdict.held).toBe(false);
  });

  it('holds every removal of a truncated export, with correct numbers in both languages', async () => {
    const { plan, verdict } = judge(month1, await worldFrom(require.resolve('../../samples/billing/supervisors-truncated.csv')));
    expect(verdict.held).toBe(true);
    expect(verdict.holdAllRemovals).toBe(true);
    const codes = verdict.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['ROWS_DROPPED', 'ACCOUNTS_MISSING']));
    const rows = verdict.reasons.find((r) => r.code === 'ROWS_DROPPED')!;
    expect(rows.message).toMatch(/^the export has 746 rows, the last accepted one had 3731 \(under 50 %\)/);
    expect(rows.fi).toMatch(/^aineistossa on 746 riviä, viimeksi hyväksytyssä oli 3731 \(alle 50 %\)/);
    const missing = verdict.reasons.filter((r) => r.code === 'ACCOUNTS_MISSING');
    expect(missing.length).toBe(plan.channels.filter((c) => c.kind === 'mark-missing').length);
    expect(missing[0]!.message).toContain(`with ${missing.length} of 100 accounts at once`);
    const parts = splitPlan(plan, verdict);
    expect(parts.apply.removes).toEqual([]);
    expect(parts.apply.teamRemoves).toEqual([]);
    expect(parts.apply.channels.filter((c) => c.kind === 'mark-missing' || c.kind === 'archive')).toEqual([]);
    expect(parts.held.removes.length).toBe(plan.removes.length);
  });

  it('holds the additions of a wrongly mapped column (supervisors joined on the wrong key)', async () => {
    const file = variantOf('supervisors.csv', shiftSupervisors(997));
    files.push(file);
    const { plan, verdict } = judge(month1, await worldFrom(file));
    expect(verdict.held).toBe(true);
    expect(verdict.reasons.some((r) => r.code === 'ADDS_BEYOND_SITES')).toBe(true);
    const share = verdict.reasons.find((r) => r.code === 'REMOVE_SHARE')!;
    expect(verdict.removals).toBeLessThanOrEqual(plan.currentMemberships);
    expect(share.message).toMatch(
      new RegExp(
        `^would remove or demote ${verdict.removals} of ${plan.currentMemberships} channel memberships \\(\\d+(\\.\\d)? %, limit 10 %\\)$`,
      ),
    );
    expect(share.fi).toContain(`${verdict.removals}/${plan.currentMemberships} kanavajäsenyyttä`);
    const parts = splitPlan(plan, verdict);
    // Nearly every addition waits; none of those people is granted access or joins the team for it.
    expect(parts.held.adds.length).toBeGreaterThan(plan.adds.length * 0.9);
    const heldIds = new Set(parts.held.adds.map((a) => `${a.customerId}|${a.userId}`));
    expect(parts.apply.adds.some((a) => heldIds.has(`${a.customerId}|${a.userId}`))).toBe(false);
    expect(parts.apply.removes).toEqual([]);
  });

  it('holds only the account that was emptied; the rest of the month applies', async () => {
    const file = variantOf('supervisors-next-month.csv', emptyAccount('100428'));
    files.push(file);
    const { plan, verdict } = judge(month1, await worldFrom(file));
    expect(verdict.held).toBe(true);
    expect(verdict.holdAllRemovals).toBe(false);
    expect(verdict.reasons.map((r) => [r.code, r.customerId])).toEqual([['ACCOUNT_EMPTIED', '100428']]);
    const emptied = verdict.reasons[0]!;
    const before = plan.currentByAccount!.get('100428')!;
    const lost = plan.removes.filter((r) => r.customerId === '100428').length;
    expect(emptied.message).toBe(`100428 keeps 140 of its 140 sites but would lose ${lost} of its ${before} members`);
    expect(lost).toBeLessThan(before);
    const parts = splitPlan(plan, verdict);
    expect(new Set(parts.held.removes.map((r) => r.customerId))).toEqual(new Set(['100428']));
    expect(parts.apply.removes.some((r) => r.customerId === '100428')).toBe(false);
    expect(parts.apply.removes.length).toBe(plan.removes.length - lost);
    // People leaving only that account stay in the team too (leaving it would empty their channels).
    const heldUsers = new Set(parts.held.removes.map((r) => r.userId));
    expect(parts.apply.teamRemoves.some((t) => heldUsers.has(t.userId))).toBe(false);
  });

  it('holds a person newly added to far more accounts than anyone is in', async () => {
    const kad = 'uusi.johtaja@yritysx.example';
    const file = variantOf('supervisors.csv', (r) => ({ ...r, key_account_director_email: kad }));
    files.push(file);
    const { plan, verdict } = judge(month1, await worldFrom(file));
    const person = verdict.reasons.filter((r) => r.code === 'PERSON_MANY_ADDS');
    expect(person.map((r) => r.email)).toEqual([kad]);
    const parts = splitPlan(plan, verdict);
    expect(parts.apply.adds.some((a) => a.email === kad)).toBe(false);
    expect(parts.apply.teamAdds.some((t) => t.email === kad)).toBe(false);
    expect(parts.held.adds.filter((a) => a.email === kad).length).toBe(100);
  });

  it('counts absolute removals only when opted in', async () => {
    const next = await worldFrom(require.resolve('../../samples/billing/supervisors-next-month.csv'));
    expect(judge(month1, next, { maxRemoveShare: 0.1, maxRemoveCount: 0, minRowShare: 0.5 }).verdict.held).toBe(false);
    const counted = judge(month1, next, { maxRemoveShare: 0.1, maxRemoveCount: 20, minRowShare: 0.5 }).verdict;
    expect(counted.reasons.map((r) => r.code)).toEqual(['REMOVE_COUNT']);
  });
});

describe('the approval card shows the guard reasons in the reader language', () => {
  it('says why, with the numbers, instead of a volume limit', () => {
    const data = {
      runId: 'run-1',
      removals: [{ accountName: 'Ääninen Oy', personName: 'Sami Esimies' }],
      totalMemberships: 4900,
      limits: { maxShare: 0.1, maxCount: 0 },
    };
    const fi = JSON.stringify(
      removalApprovalCard({ ...data, reasons: ['100428: 140/140 kohdetta säilyy, mutta 40/45 jäsentä poistuisi'] }, 'fi'),
    );
    expect(fi).toContain('odottavat hyväksyntää, koska 100428: 140/140 kohdetta säilyy, mutta 40/45 jäsentä poistuisi');
    expect(fi).not.toContain('tai 0 jäsenyyttä');
    const en = JSON.stringify(
      removalApprovalCard({ ...data, reasons: ['100428 keeps 140 of its 140 sites but would lose 40 of its 45 members'] }, 'en'),
    );
    expect(en).toContain('wait for approval because 100428 keeps 140 of its 140 sites but would lose 40 of its 45 members');
  });
});
