import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allGrantedRoles } from '../../src/doctor/graph-permissions';
import { ROOT, startHealthServer, startHealthyTenant, type DoctorBed } from './doctor-harness';

describe('npm run doctor against the emulator', () => {
  let bed: DoctorBed;
  beforeEach(async () => {
    bed = await startHealthyTenant();
  });
  afterEach(async () => {
    await bed.close();
  });

  it('passes every check on a tenant set up as the runbook says, and skips only what needs --write', async () => {
    const r = await bed.run();
    expect(r.out).not.toMatch(/^FAIL/m);
    expect(r.code).toBe(0);
    expect([...r.lines.entries()]).toEqual([
      ['Graph application permissions', 'PASS'],
      ['SSO app registration', 'PASS'],
      ['Bot credentials', 'PASS'],
      ['Public address (PUBLIC_BASE_URL)', 'PASS'],
      ['Team', 'PASS'],
      ['Channel count', 'PASS'],
      ['App in the org catalog', 'PASS'],
      ['App installed in the team', 'PASS'],
      ['Service account', 'PASS'],
      ['Director and admin groups', 'PASS'],
      ['Billing export', 'PASS'],
      ['Apps in private channels', 'SKIP'],
    ]);
    expect(r.out).toMatch(/billing needs \d+ account channels/);
    // Read-only: nothing was written.
    expect(bed.em.requests().filter((x) => x.method !== 'GET' && !x.path.endsWith('/$batch') && !x.path.includes('oauth2'))).toEqual([]);
  });
});

/** One failure mode per case: the emulator (or the config) is broken in one way, exactly that check fails. */
describe('npm run doctor reports each failure mode with what to do, and exits 1', () => {
  let bed: DoctorBed;
  beforeAll(async () => {
    bed = await startHealthyTenant();
  });
  afterAll(async () => {
    await bed.close();
  });

  async function expectOnlyFailure(
    check: string,
    run: () => Promise<{ code: number; out: string; lines: Map<string, string> }>,
    detail: RegExp,
    todo: RegExp,
  ) {
    const r = await run();
    const failed = [...r.lines].filter(([, s]) => s === 'FAIL').map(([t]) => t);
    expect(failed).toEqual([check]);
    expect(r.code).toBe(1);
    const at = r.out.split('\n').findIndex((l) => l.startsWith('FAIL'));
    const block = r.out
      .split('\n')
      .slice(at, at + 3)
      .join('\n');
    expect(block).toMatch(detail);
    // What to do, in Finnish and in English.
    expect(block).toMatch(/\n {6}→ .+\n {6}→ .+/);
    expect(block).toMatch(todo);
    return r;
  }

  const withRoles = async (roles: string[], fn: () => Promise<unknown>) => {
    bed.em.setGrantedRoles('local-app-id', roles);
    try {
      await fn();
    } finally {
      bed.em.setGrantedRoles('local-app-id', allGrantedRoles());
    }
  };

  it('a missing role (per-channel enablement not consented)', () =>
    withRoles(
      allGrantedRoles().filter((r) => r !== 'TeamsAppInstallation.ManageSelectedForTeam.All'),
      () =>
        expectOnlyFailure(
          'Graph application permissions',
          () => bed.run(),
          /missing: TeamsAppInstallation\.ManageSelectedForTeam\.All/,
          /admin consent/,
        ),
    ));

  it('a role beyond the least-privilege list', () =>
    withRoles([...allGrantedRoles(), 'Directory.ReadWrite.All'], () =>
      expectOnlyFailure(
        'Graph application permissions',
        () => bed.run(),
        /more than needed: Directory\.ReadWrite\.All/,
        /Remove the extra permissions/,
      ),
    ));

  it('the doctor cannot read Entra without Application.Read.All (403 reported, not a crash)', async () => {
    bed.em.setGrantedRoles(
      'local-app-id',
      allGrantedRoles().filter((r) => r !== 'Application.Read.All'),
    );
    try {
      const r = await bed.run();
      expect(r.code).toBe(1);
      expect(r.lines.get('Graph application permissions')).toBe('FAIL');
      expect(r.lines.get('SSO app registration')).toBe('FAIL');
      expect(r.out).toMatch(/Authorization_RequestDenied/);
      expect(r.out).toMatch(/Graph refused \(403\)/);
    } finally {
      bed.em.setGrantedRoles('local-app-id', allGrantedRoles());
    }
  });

  it('SSO: identifier URI not on the tab host, scope disabled, a Teams client not pre-authorised', async () => {
    const good = bed.em.appRegistration('local-app-id')!;
    try {
      bed.em.updateAppRegistration('local-app-id', { identifierUris: ['api://other.example/local-app-id'] });
      await expectOnlyFailure(
        'SSO app registration',
        () => bed.run([], { SSO_EXTRA_AUDIENCES: 'api://other.example/local-app-id' }),
        /not on the tab host localhost/,
        /Application ID URI/,
      );
      bed.em.updateAppRegistration('local-app-id', { ...good, scopes: good.scopes.map((s) => ({ ...s, isEnabled: false })) });
      await expectOnlyFailure('SSO app registration', () => bed.run(), /scope access_as_user missing or disabled/, /access_as_user/);
      bed.em.updateAppRegistration('local-app-id', { ...good, preAuthorized: good.preAuthorized.slice(1) });
      await expectOnlyFailure('SSO app registration', () => bed.run(), /not pre-authorised for access_as_user: 1fec8e78/, /pre-authorise/);
      bed.em.updateAppRegistration('local-app-id', null);
      await expectOnlyFailure(
        'SSO app registration',
        () => bed.run(),
        /no app registration with client id local-app-id/,
        /AAD_APP_CLIENT_ID/,
      );
    } finally {
      bed.em.updateAppRegistration('local-app-id', good);
    }
  });

  it('bot credentials: the connector token is refused for a wrong secret', () =>
    expectOnlyFailure(
      'Bot credentials',
      () => bed.run([], { SECRET_BOT_PASSWORD: 'wrong-secret' }),
      /rejected client id local-bot-id/,
      /SECRET_BOT_PASSWORD/,
    ));

  it('PUBLIC_BASE_URL: not answering, or answering an error; http or unset is refused by the configuration itself', async () => {
    await expectOnlyFailure(
      'Public address (PUBLIC_BASE_URL)',
      () => bed.run([], { PUBLIC_BASE_URL: 'https://localhost:1' }),
      /did not answer/,
      /running/,
    );
    const http = await bed.run([], { PUBLIC_BASE_URL: 'http://localhost:3978' });
    expect(http.code).toBe(2);
    expect(http.out).toMatch(/PUBLIC_BASE_URL: must be an https URL/);
    const unset = await bed.run([], { PUBLIC_BASE_URL: undefined });
    expect(unset.code).toBe(2);
    expect(unset.out).toMatch(/PUBLIC_BASE_URL: is required while tabs are on/);
    // The explicit "no tabs" choice: nothing to probe, so the line is skipped, not failed.
    const noTabs = await bed.run([], { PUBLIC_BASE_URL: undefined, TABS_ENABLED: 'false' });
    expect(noTabs.lines.get('Public address (PUBLIC_BASE_URL)')).toBe('SKIP');
    expect(noTabs.code).toBe(0);
  });

  it('PUBLIC_BASE_URL answering 503 at /healthz', async () => {
    const down = await startHealthServer(503);
    try {
      await expectOnlyFailure(
        'Public address (PUBLIC_BASE_URL)',
        () => bed.run([], { PUBLIC_BASE_URL: down.url }),
        /healthz answered 503/,
        /running/,
      );
    } finally {
      await down.close();
    }
  });
});

describe('npm run doctor: team, catalog, people and billing failure modes', () => {
  let bed: DoctorBed;
  beforeAll(async () => {
    bed = await startHealthyTenant();
  });
  afterAll(async () => {
    await bed.close();
  });

  async function expectOnlyFailure(check: string, args: string[], env: Record<string, string | undefined>, detail: RegExp, todo: RegExp) {
    const r = await bed.run(args, env);
    expect([...r.lines].filter(([, s]) => s === 'FAIL').map(([t]) => t)).toEqual([check]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL'));
    const block = lines.slice(at, at + 3).join('\n');
    expect(block).toMatch(detail);
    expect(block).toMatch(/\n {6}→ .+\n {6}→ .+/);
    expect(block).toMatch(todo);
  }

  it('--json gives the same checks as data; bad arguments and bad configuration exit 2 before any call', async () => {
    const r = await bed.run(['--json'], { ADMIN_GROUP_ID: undefined });
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(false);
    expect(report.results.find((x: any) => x.id === 'groups')).toMatchObject({
      status: 'fail',
      todo: { fi: expect.any(String), en: expect.any(String) },
    });
    expect(r.code).toBe(1);
    bed.em.clearRequests();
    expect((await bed.run(['--bogus'])).code).toBe(2);
    expect((await bed.run(['--private-channel-limit', 'x'])).code).toBe(2);
    const bad = await bed.run([], { TEAM_ID: undefined });
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/TEAM_ID: is required/);
    expect(bed.em.requests()).toEqual([]);
  });

  it('a team id that is not a team', async () => {
    const r = await bed.run([], { TEAM_ID: '19:no-such-team@thread.tacv2' });
    expect(r.code).toBe(1);
    expect(r.lines.get('Team')).toBe('FAIL');
    expect(r.out).toMatch(/Check TEAM_ID/);
  });

  it('private channels at the limit of a tenant not yet on the 2025–26 limits', () =>
    expectOnlyFailure(
      'Channel count',
      ['--private-channel-limit', '1'],
      {},
      /1 private of 1; billing needs \d+ account channels/,
      /30 private channels and 250 members/,
    ));

  it('billing needs more private channels than a not-migrated tenant allows (30)', () =>
    // The sample export holds 100 national accounts; the team has 1 private channel, so only the need exceeds 30.
    expectOnlyFailure(
      'Channel count',
      ['--private-channel-limit', '30'],
      {},
      /1 private of 30; billing needs 100 account channels/,
      /MC1134737/,
    ));

  it('TEAMS_APP_ID set to the manifest id instead of the catalog id, and an app missing from the catalog', async () => {
    const manifestId = 'a1b2c3d4-0000-4000-8000-00000000abcd';
    bed.em.setCatalogApps([
      { id: 'local-teams-app-id', externalId: manifestId, displayName: 'Asiakkuuskanavat', distributionMethod: 'organization' },
    ]);
    const r = await bed.run([], { TEAMS_APP_ID: manifestId });
    expect(r.lines.get('App in the org catalog')).toBe('FAIL');
    expect(r.out).toContain('Set TEAMS_APP_ID=local-teams-app-id (the catalog id, not the manifest id)');
    expect(r.code).toBe(1);
    bed.em.setCatalogApps([]);
    try {
      await expectOnlyFailure(
        'App in the org catalog',
        [],
        {},
        /no org-catalog app with id or manifest id local-teams-app-id/,
        /Publish the package/,
      );
    } finally {
      bed.em.setCatalogApps([
        { id: 'local-teams-app-id', externalId: manifestId, displayName: 'Asiakkuuskanavat', distributionMethod: 'organization' },
      ]);
    }
  });

  it('the app not installed in the team', async () => {
    bed.em.setCatalogApps([
      { id: 'other-app', externalId: null, displayName: 'Other', distributionMethod: 'organization' },
      { id: 'local-teams-app-id', externalId: null, displayName: 'Asiakkuuskanavat', distributionMethod: 'organization' },
    ]);
    const r = await bed.run([], { TEAMS_APP_ID: 'other-app' });
    expect(r.lines.get('App installed in the team')).toBe('FAIL');
    expect(r.lines.get('App in the org catalog')).toBe('PASS');
    expect(r.out).toMatch(/not among the team's 1 installed apps/);
    expect(r.code).toBe(1);
  });

  it('the service account not an owner of a private channel (it would be soft-deleted when empty)', async () => {
    const [owner] = (await bed.directory.resolveUsers(['palvelutili@yritysx.example'])).values();
    const members = await bed.directory.listChannelMembers(bed.em.teamId, bed.privateChannelId);
    const other = [...(await bed.directory.resolveUsers(['henna.lahtinen@yritysx.example'])).values()][0];
    expect(other).toBeTruthy();
    await bed.directory.addTeamMembers(bed.em.teamId, [other!.id]);
    const added = await bed.directory.addChannelMembers(bed.em.teamId, bed.privateChannelId, [{ userId: other!.id, owner: true }]);
    expect(added.map((a) => a.ok)).toEqual([true]);
    const mine = members.find((m) => m.userId === owner!.id)!;
    const demoted = await bed.directory.setChannelMemberRoles(bed.em.teamId, [
      { channelId: bed.privateChannelId, membershipId: mine.membershipId, owner: false },
    ]);
    expect(demoted.map((a) => (a.ok ? 'ok' : a.error.message))).toEqual(['ok']);
    try {
      await expectOnlyFailure(
        'Service account',
        [],
        {},
        /not an owner of 1 channel\(s\): Asiakas Oy \(100001\)/,
        /owner of the team and of every account channel/,
      );
    } finally {
      await bed.directory.setChannelMemberRoles(bed.em.teamId, [
        { channelId: bed.privateChannelId, membershipId: mine.membershipId, owner: true },
      ]);
    }
    await expectOnlyFailure(
      'Service account',
      [],
      { SERVICE_ACCOUNT_UPN: undefined },
      /SERVICE_ACCOUNT_UPN is not set/,
      /SERVICE_ACCOUNT_UPN/,
    );
    await expectOnlyFailure(
      'Service account',
      [],
      { SERVICE_ACCOUNT_UPN: 'nobody@yritysx.example' },
      /not in the directory/,
      /Teams licence/,
    );
  });

  it('director/admin group missing or unknown', async () => {
    await expectOnlyFailure(
      'Director and admin groups',
      [],
      { ADMIN_GROUP_ID: undefined },
      /ADMIN_GROUP_ID is not set/,
      /object ids of existing Entra groups/,
    );
    await expectOnlyFailure(
      'Director and admin groups',
      [],
      { DIRECTOR_GROUP_ID: '00000000-dead-4000-8000-000000000000' },
      /DIRECTOR_GROUP_ID 00000000-dead-4000-8000-000000000000 is not a group/,
      /DIRECTOR_GROUP_ID/,
    );
  });

  it('billing export unreadable, or not matching the mapping', async () => {
    await expectOnlyFailure(
      'Billing export',
      [],
      { BILLING_SOURCE: `${ROOT}/samples/billing/no-such-file.csv` },
      /no-such-file\.csv/,
      /BILLING_SOURCE/,
    );
    await expectOnlyFailure('Billing export', [], { BILLING_SOURCE: undefined }, /BILLING_SOURCE is not set/, /BILLING_SOURCE/);
    await expectOnlyFailure('Billing export', [], { BILLING_MAPPING: `${ROOT}/package.json` }, /mapping:/, /BILLING_MAPPING/);
  });

  it('a watched folder (Azure Files) without BILLING_SOURCE: the newest export there is read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-watch-'));
    try {
      await expectOnlyFailure(
        'Billing export',
        [],
        { BILLING_SOURCE: undefined, BILLING_WATCH_DIR: dir },
        /holds no export/,
        /BILLING_SOURCE/,
      );
      fs.copyFileSync(path.join(ROOT, 'samples/billing/supervisors.csv'), path.join(dir, 'supervisors.csv'));
      const r = await bed.run([], { BILLING_SOURCE: undefined, BILLING_WATCH_DIR: dir });
      expect(r.lines.get('Billing export')).toBe('PASS');
      expect(r.out).toContain(`${path.join(dir, 'supervisors.csv')}: `);
      expect(r.code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run doctor -- --write', () => {
  let bed: DoctorBed;
  beforeAll(async () => {
    bed = await startHealthyTenant();
  });
  afterAll(async () => {
    await bed.close();
  });

  it('creates a test channel owned by the service account, enables the app, posts a card and deletes the channel', async () => {
    const before = bed.em.state().teams[0]!.channels.length;
    const r = await bed.run(['--write']);
    expect(r.lines.get('Test channel created')).toBe('PASS');
    expect(r.lines.get('Test channel deleted')).toBe('PASS');
    const channels = bed.em.state().teams[0]!.channels;
    expect(channels).toHaveLength(before + 1);
    const test = channels.find((c) => c.displayName.startsWith('doctor-test-'))!;
    expect(test.deleted).toBe(true);
    expect(test.membershipType).toBe('private');
    expect(test.members.some((m) => m.roles.includes('owner'))).toBe(true);
    expect(bed.em.requests().some((x) => x.method === 'POST' && /\/enabledApps\/\$ref$/.test(x.path))).toBe(true);
    expect((test as { enabledApps: string[] }).enabledApps).toContain('local-teams-app-id');
    expect(r.lines.get('Apps in private channels')).toBe('PASS');
    expect(r.lines.get('Card posted to the test channel')).toBe('PASS');
    expect(bed.em.state().conversations.find((c) => c.channelId === test.id)?.activities).toHaveLength(1);
    expect(r.code).toBe(0);
  });

  it('a tenant that does not allow apps in private channels (MC1197145): enablement and the post fail, the channel is still deleted', async () => {
    bed.em.setRules({ privateChannelAppsBlocked: true });
    try {
      const r = await bed.run(['--write']);
      expect(r.lines.get('Test channel created')).toBe('PASS');
      expect(r.lines.get('Apps in private channels')).toBe('FAIL');
      expect(r.out).toMatch(/TeamsAppInstallation\.ManageSelectedForTeam\.All/);
      expect(r.out).toMatch(/MC1197145/);
      expect(r.lines.get('Card posted to the test channel')).toBe('FAIL');
      expect(r.lines.get('Test channel deleted')).toBe('PASS');
      expect(r.code).toBe(1);
      expect(bed.em.state().teams[0]!.channels.filter((c) => c.displayName.startsWith('doctor-test-') && !c.deleted)).toEqual([]);
    } finally {
      bed.em.setRules({ privateChannelAppsBlocked: false });
    }
  });

  it('still deletes the test channel when posting fails, and reports the failure', async () => {
    const r = await bed.run(['--write'], { SECRET_BOT_PASSWORD: 'wrong-secret' });
    expect(r.lines.get('Card posted to the test channel')).toBe('FAIL');
    expect(r.lines.get('Test channel deleted')).toBe('PASS');
    expect(r.code).toBe(1);
    expect(bed.em.state().teams[0]!.channels.filter((c) => c.displayName.startsWith('doctor-test-') && !c.deleted)).toEqual([]);
  });
});
