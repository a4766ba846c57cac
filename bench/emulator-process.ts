import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface EmulatorProcess {
  url: string;
  tenantId: string;
  teamId: string;
  child: ChildProcess;
}

/**
 * The emulator in its own process, as Teams is remote: its CPU and memory do not count against the
 * code being measured. `args` are the emulator CLI's flags (`npm run emulator -- …`).
 */
export async function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'emulator/main.ts'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (/CA file/.test(out)) resolve();
    });
    child.once('exit', (c) => reject(new Error(`emulator exited ${c}`)));
  });
  return {
    url: /listening on (https:\/\/\S+)/.exec(out)![1]!,
    tenantId: /\(tenant (\S+)\)/.exec(out)![1]!,
    teamId: /Team id:\s+(\S+)/.exec(out)![1]!,
    child,
  };
}
