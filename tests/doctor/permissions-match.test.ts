import fs from 'node:fs';
import path from 'node:path';
import {
  DELEGATED_GRAPH_SCOPES,
  DOCTOR_GRAPH_ROLES,
  DOCTOR_WRITE_GRAPH_ROLES,
  RUNTIME_GRAPH_ROLES,
  TEAMS_CLIENT_IDS,
  roleNames,
} from '../../src/doctor/graph-permissions';

const root = path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

describe('the least-privilege permission list is defined once and everything else matches it', () => {
  const manifest = JSON.parse(read('infra/aad.manifest.json'));
  const graph = manifest.requiredResourceAccess.find((r: any) => r.resourceAppId === 'Microsoft Graph');

  it('infra/aad.manifest.json asks for exactly the runtime and doctor roles, and the delegated scope', () => {
    const roles = graph.resourceAccess
      .filter((a: any) => a.type === 'Role')
      .map((a: any) => a.id)
      .sort();
    expect(roles).toEqual([...roleNames(RUNTIME_GRAPH_ROLES), ...roleNames(DOCTOR_GRAPH_ROLES)].sort());
    expect(graph.resourceAccess.filter((a: any) => a.type === 'Scope').map((a: any) => a.id)).toEqual([...DELEGATED_GRAPH_SCOPES]);
  });

  it('the per-channel enablement permission is in the list', () => {
    expect(roleNames(RUNTIME_GRAPH_ROLES)).toContain('TeamsAppInstallation.ManageSelectedForTeam.All');
  });

  it('infra/aad.manifest.json pre-authorises the Teams clients the doctor requires', () => {
    const pre = manifest.preAuthorizedApplications.map((p: any) => p.appId);
    for (const id of TEAMS_CLIENT_IDS) expect(pre).toContain(id);
  });

  it('docs/go-live-runbook.md lists every role in a table row, and no other Graph role', () => {
    const doc = read('docs/go-live-runbook.md');
    const rows = [...doc.matchAll(/^\| `([A-Za-z]+(?:\.[A-Za-z]+)+)` \| (runtime|doctor|doctor --write) \|/gm)]
      .map((m) => `${m[1]}:${m[2]}`)
      .sort();
    const expected = [
      ...roleNames(RUNTIME_GRAPH_ROLES).map((r) => `${r}:runtime`),
      ...roleNames(DOCTOR_GRAPH_ROLES).map((r) => `${r}:doctor`),
      ...roleNames(DOCTOR_WRITE_GRAPH_ROLES).map((r) => `${r}:doctor --write`),
    ].sort();
    expect(rows).toEqual(expected);
  });
});
