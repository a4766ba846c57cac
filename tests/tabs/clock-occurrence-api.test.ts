import { unfoldIcs } from '../../src/domain/annual-clock';
import { engines } from '../store/engines';
import { OWNER_A, SUPERVISOR_A, startTabsHarness, type TabsHarness } from './harness';

/** One occurrence of a series moved, renamed, cancelled and restored through the tab API, in Finnish. */
describe.each(engines)('annual clock: a single occurrence on %s', (engine) => {
  let h: TabsHarness;
  let id: string;
  beforeAll(async () => {
    h = await startTabsHarness(engine);
    const created = await h.call('POST', '/api/v1/accounts/A/clock/events', {
      as: OWNER_A,
      body: { title: 'Kuukausipalaveri', titleEn: 'Monthly meeting', ring: 'kad', start: '2026-01-15', recurrence: { kind: 'monthly' } },
    });
    expect(created.status).toBe(201);
    id = created.body.id;
  });
  afterAll(async () => h?.close());

  const url = (date: string) => `/api/v1/accounts/A/clock/events/${encodeURIComponent(id)}/occurrences/${date}`;
  const mine = async () =>
    (await h.call('GET', '/api/v1/accounts/A/clock?year=2026', { as: SUPERVISOR_A })).body.occurrences.filter((o: any) => o.eventId === id);
  const icsEvents = async (lang = 'fi') => {
    const text = (await h.call('GET', `/api/v1/accounts/A/clock.ics?year=2026&lang=${lang}`, { as: SUPERVISOR_A })).text;
    return unfoldIcs(text)
      .join('\n')
      .split('BEGIN:VEVENT')
      .slice(1)
      .filter((v) => v.includes(`UID:${id.replace(/[^A-Za-z0-9._:-]/g, '_')}-`));
  };

  it('moves and renames the June meeting alone; the series keeps its other dates', async () => {
    const r = await h.call('PUT', url('2026-06-15'), {
      as: OWNER_A,
      body: { date: '2026-06-17', title: 'Kuukausipalaveri – juhannusviikko', titleEn: null },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ seriesDate: '2026-06-15', date: '2026-06-17', cancelled: false });

    const occ = await mine();
    expect(occ.map((o: any) => o.date)).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-17',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
      '2026-10-15',
      '2026-11-15',
      '2026-12-15',
    ]);
    expect(occ[5]).toMatchObject({ seriesDate: '2026-06-15', movedFrom: '2026-06-15', title: 'Kuukausipalaveri – juhannusviikko' });
    expect(occ[6]).not.toHaveProperty('movedFrom');
    // The series itself is untouched.
    const stored = (await h.db.store.annualClock.listForAccounts(['A'])).find((e) => e.id === id)!;
    expect([stored.title, stored.startsOn, stored.recurrence]).toEqual(['Kuukausipalaveri', '2026-01-15', { kind: 'monthly' }]);
  });

  it('exports the moved occurrence on its new day under the same UID, and ticks it by its series date', async () => {
    const june = (await icsEvents()).find((v) => v.includes('-20260615@'))!;
    expect(june).toContain('DTSTART;VALUE=DATE:20260617');
    expect(june).toContain('SUMMARY:Kuukausipalaveri – juhannusviikko');
    // People by name, not by address.
    expect(june).toContain('DESCRIPTION:Vastuuhenkilö: Anna Asiakkuus');
    // In English the renamed occurrence has no English title of its own: its Finnish one, not the stale series title.
    const juneEn = (await icsEvents('en')).find((v) => v.includes('-20260615@'))!;
    expect(juneEn).toContain('SUMMARY:Kuukausipalaveri – juhannusviikko');
    expect((await icsEvents('en')).find((v) => v.includes('-20260715@'))).toContain('SUMMARY:Monthly meeting');

    const tick = await h.call('POST', '/api/v1/accounts/A/clock/completions', { as: OWNER_A, body: { eventId: id, date: '2026-06-15' } });
    expect(tick.status).toBe(200);
    expect((await mine()).find((o: any) => o.seriesDate === '2026-06-15').status).toBe('done');
    // The moved-to day is not an occurrence of the series.
    const wrong = await h.call('POST', '/api/v1/accounts/A/clock/completions', { as: OWNER_A, body: { eventId: id, date: '2026-06-17' } });
    expect(wrong.status).toBe(400);
  });

  it('cancels the August meeting: listed as cancelled, left out of the calendar, not tickable; then restored', async () => {
    expect((await h.call('PUT', url('2026-08-15'), { as: OWNER_A, body: { cancelled: true } })).status).toBe(200);
    expect((await mine()).find((o: any) => o.seriesDate === '2026-08-15')).toMatchObject({ date: '2026-08-15', cancelled: true });
    expect((await icsEvents()).some((v) => v.includes('-20260815@'))).toBe(false);
    const tick = await h.call('POST', '/api/v1/accounts/A/clock/completions', { as: OWNER_A, body: { eventId: id, date: '2026-08-15' } });
    expect(tick.status).toBe(400);
    expect(tick.body.error.messageFi).toBe('Tämä kerta on peruttu.');

    expect((await h.call('DELETE', url('2026-08-15'), { as: OWNER_A })).status).toBe(204);
    expect((await mine()).find((o: any) => o.seriesDate === '2026-08-15')).not.toHaveProperty('cancelled');
    expect((await icsEvents()).some((v) => v.includes('-20260815@'))).toBe(true);
  });

  it('moves an occurrence into the next year and back; saving the series values again removes the exception', async () => {
    expect((await h.call('PUT', url('2026-12-15'), { as: OWNER_A, body: { date: '2027-01-08' } })).status).toBe(200);
    expect((await mine()).some((o: any) => o.seriesDate === '2026-12-15')).toBe(false);
    const next = (await h.call('GET', '/api/v1/accounts/A/clock?year=2027', { as: OWNER_A })).body.occurrences.filter(
      (o: any) => o.eventId === id,
    );
    expect(next.slice(0, 2).map((o: any) => [o.date, o.seriesDate])).toEqual([
      ['2027-01-08', '2026-12-15'],
      ['2027-01-15', '2027-01-15'],
    ]);
    await h.call('PUT', url('2026-12-15'), { as: OWNER_A, body: { date: '2026-12-15', title: 'Kuukausipalaveri' } });
    expect((await h.db.store.annualClock.listExceptions(['A'])).map((x) => x.seriesDate)).toEqual(['2026-06-15']);
  });

  it('refuses a supervisor, a date that is not in the series, a move of more than a year, and another account', async () => {
    expect((await h.call('PUT', url('2026-07-15'), { as: SUPERVISOR_A, body: { cancelled: true } })).status).toBe(403);
    expect((await h.call('PUT', url('2026-07-16'), { as: OWNER_A, body: { cancelled: true } })).status).toBe(404);
    const far = await h.call('PUT', url('2026-07-15'), { as: OWNER_A, body: { date: '2028-01-01' } });
    expect(far.status).toBe(400);
    expect(far.body.error.messageFi).toBe('Yksittäistä kertaa voi siirtää enintään vuoden.');
    const other = await h.call('PUT', `/api/v1/accounts/B/clock/events/${encodeURIComponent(id)}/occurrences/2026-07-15`, {
      as: OWNER_A,
      body: { cancelled: true },
    });
    expect(other.status).toBe(403);
    expect((await h.call('PUT', url('2026-07-15'), { as: OWNER_A, body: { cancelled: true, extra: 1 } })).status).toBe(400);
  });

  it('an event lasting several days ends its calendar entry after its last day, also when one occurrence moves', async () => {
    const created = await h.call('POST', '/api/v1/accounts/A/clock/events', {
      as: OWNER_A,
      body: { title: 'Budjettikierros', ring: 'management', start: '2026-09-01', recurrence: { kind: 'yearly' }, durationDays: 14 },
    });
    expect(created.body.durationDays).toBe(14);
    const budget = created.body.id;
    await h.call('PUT', `/api/v1/accounts/A/clock/events/${encodeURIComponent(budget)}/occurrences/2026-09-01`, {
      as: OWNER_A,
      body: { date: '2026-09-07' },
    });
    const text = (await h.call('GET', '/api/v1/accounts/A/clock.ics?year=2026', { as: SUPERVISOR_A })).text;
    const entry = unfoldIcs(text)
      .join('\n')
      .split('BEGIN:VEVENT')
      .find((v) => v.includes('SUMMARY:Budjettikierros'))!;
    expect(entry).toContain('DTSTART;VALUE=DATE:20260907');
    expect(entry).toContain('DTEND;VALUE=DATE:20260921');
    const patched = await h.call('PATCH', `/api/v1/accounts/A/clock/events/${encodeURIComponent(budget)}`, {
      as: OWNER_A,
      body: { durationDays: null },
    });
    expect(patched.body.durationDays).toBeNull();
    expect(
      (
        await h.call('POST', '/api/v1/accounts/A/clock/events', {
          as: OWNER_A,
          body: { title: 'x', ring: 'kad', start: '2026-09-01', durationDays: 200 },
        })
      ).status,
    ).toBe(400);
    await h.call('DELETE', `/api/v1/accounts/A/clock/events/${encodeURIComponent(budget)}`, { as: OWNER_A });
  });

  it('deleting the event deletes its exceptions', async () => {
    expect((await h.call('DELETE', `/api/v1/accounts/A/clock/events/${encodeURIComponent(id)}`, { as: OWNER_A })).status).toBe(204);
    expect(await h.db.store.annualClock.listExceptions(['A'])).toEqual([]);
  });
});
