import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { ensureCa, issueServerCert } from '../../emulator/tls';
import { defaultStateDir } from '../../emulator/paths';
import { billingSeedUsers } from '../helpers/emulator';
import { localAppEnv } from '../../scripts/local-env';
import { loadConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/logging/logger';
import { createTeamsDirectory, teamsDirectoryOptionsFromConfig } from '../../graph';
import type { TeamsDirectory } from '../../src/ports/teams-directory';
import { doctorCli } from '../../src/cli/doctor';

export const ROOT = path.resolve(__dirname, '../..');
const SERVICE_UPN = 'palvelutili@yritysx.example';
const DIRECTOR_GROUP = '6a4b0c3e-1111-4aaa-8bbb-000000000001';
const ADMIN_GROUP = '6a4b0c3e-1111-4aaa-8bbb-000000000002';

/** An https server on loopback (trusted through the emulator's CA) standing in for the App Service's /healthz. */
export async function startHealthServer(status = 200): Promise<{ url: string; setStatus(s: number): void; close(): Promise<void> }> {
  const cert = await issueServerCert(await ensureCa(defaultStateDir()));
  let answer = status;
  const srv = https.createServer(cert, (req, res) => {
    res.writeHead(req.url === '/healthz' ? answer : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: answer === 200 ? 'ok' : 'down' }));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `https://localhost:${(srv.address() as AddressInfo).port}`,
    setStatus: (s) => {
      answer = s;
    },
    close: () =>
      new Promise<void>((r) => {
        srv.close(() => r());
        srv.closeAllConnections();
      }),
  };
}

export interface DoctorBed {
  em: RunningEmulator;
  env: Record<string, string>;
  directory: TeamsDirectory;
  privateChannelId: string;
  run(args?: string[], env?: Record<string, string | undefined>): Promise<{ code: number; out: string; lines: Map<string, string> }>;
  close(): Promise<void>;
}

/**
 * A tenant set up as the runbook says: app consented with the least-privilege list, published in the
 * catalog and installed in the team, groups present, the service account owning the team and an
 * existing private account channel, an https PUBLIC_BASE_URL that answers, the sample billing export.
 */
export async function startHealthyTenant(opts: { extraTeamIds?: string[] } = {}): Promise<DoctorBed> {
  const em = await startEmulator({ port: 0, users: billingSeedUsers(), serviceAccountEmail: SERVICE_UPN, ...opts });
  const health = await startHealthServer();
  em.setGroup(DIRECTOR_GROUP, 'Aluejohtajat');
  em.setGroup(ADMIN_GROUP, 'Asiakkuuskanavat-ylläpito');
  const env: Record<string, string> = {
    ...localAppEnv(em, ROOT),
    PUBLIC_BASE_URL: health.url,
    SERVICE_ACCOUNT_UPN: SERVICE_UPN,
    DIRECTOR_GROUP_ID: DIRECTOR_GROUP,
    ADMIN_GROUP_ID: ADMIN_GROUP,
    GRAPH_PACING: 'false',
  };
  const config = loadConfig(env);
  const { directory } = createTeamsDirectory({ ...teamsDirectoryOptionsFromConfig(config, silentLogger), pacing: false });
  await directory.installApp(em.teamId, config.TEAMS_APP_ID);
  const service = (await directory.resolveUsers([SERVICE_UPN])).get(SERVICE_UPN)!;
  const ch = await directory.createChannel(em.teamId, {
    displayName: 'Asiakas Oy (100001)',
    membershipType: 'private',
    members: [{ userId: service.id, owner: true }],
  });
  em.clearRequests();
  return {
    em,
    env,
    directory,
    privateChannelId: ch.id,
    async run(args = [], extra = {}) {
      let out = '';
      const sink = {
        write: (s: string) => {
          out += s;
          return true;
        },
      };
      const merged = { ...env, ...extra };
      for (const [k, v] of Object.entries(extra)) if (v === undefined) delete merged[k];
      const code = await doctorCli(args, { env: merged, stdout: sink, stderr: sink, logger: silentLogger });
      return { code, out, lines: statusLines(out) };
    },
    async close() {
      await health.close();
      await em.close();
    },
  };
}

/** Check title (English part) -> its status word, from the report's PASS/FAIL/SKIP lines. */
function statusLines(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const x = /^(PASS|FAIL|SKIP)\s+.+? \/ ([^:]+):/.exec(line);
    if (x) m.set(x[2]!, x[1]!);
  }
  return m;
}
