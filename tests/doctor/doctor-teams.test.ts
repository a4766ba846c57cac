import { startHealthyTenant, type DoctorBed } from './doctor-harness';

// More than one team (TEAM_IDS): the doctor checks each configured team on its own (the team, its
// channel count, the app installed, the service account), and the org catalog once.
const TEAM_B = '19:team-b-doctor@thread.tacv2';

interface Result {
  id: string;
  status: string;
  detail: string;
  todo?: { fi: string; en: string };
}

describe('npm run doctor with two teams', () => {
  let bed: DoctorBed;
  beforeAll(async () => {
    bed = await startHealthyTenant({ extraTeamIds: [TEAM_B] });
  });
  afterAll(() => bed.close());

  const run = async (env: Record<string, string>) => {
    const r = await bed.run(['--json'], env);
    return { code: r.code, results: (JSON.parse(r.out) as { results: Result[] }).results };
  };
  const of = (results: Result[], id: string) => results.filter((r) => r.id === id);

  it('reports the team checks once per team, and a second team without the app fails with what to do', async () => {
    const { code, results } = await run({ TEAM_IDS: `${bed.em.teamId},${TEAM_B}` });
    expect(of(results, 'team').map((r) => [r.status, r.detail.includes(TEAM_B)])).toEqual([
      ['pass', false],
      ['pass', true],
    ]);
    expect(of(results, 'channels').map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(of(results, 'channels')[1]!.detail).toMatch(new RegExp(`^team ${TEAM_B.replace(/[.]/g, '\\.')}: 1 of 1000 channels`));
    expect(of(results, 'catalog')).toHaveLength(1);
    expect(of(results, 'installed').map((r) => r.status)).toEqual(['pass', 'fail']);
    expect(of(results, 'installed')[1]!.todo?.en).toMatch(/Add the app to the team/);
    expect(of(results, 'service-account').map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(code).toBe(1);
  });

  it('passes once the app is in both teams; a team id that is not a team fails its own line only', async () => {
    await bed.directory.installApp(TEAM_B, 'local-teams-app-id');
    const ok = await run({ TEAM_IDS: `${bed.em.teamId},${TEAM_B}` });
    expect(ok.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(ok.code).toBe(0);
    const bad = await run({ TEAM_IDS: `${bed.em.teamId},${TEAM_B},19:no-such-team@thread.tacv2` });
    expect(of(bad.results, 'team').map((r) => r.status)).toEqual(['pass', 'pass', 'fail']);
    expect(bad.code).toBe(1);
  });
});
