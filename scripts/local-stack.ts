/**
 * One local stack per data folder: a lock file that names the running `npm start`, a port check
 * that says what is wrong in the user's language, and a reset that clears the app's data and the
 * emulator's saved tenant together.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export type Lang = 'fi' | 'en';

const TEXT = {
  portInUse: {
    fi: (p: number) =>
      `Portti ${p} on jo käytössä (onko npm start jo käynnissä toisessa ikkunassa?). Pysäytä se tai valitse toinen portti: npm start -- --port N`,
    en: (p: number) => `Port ${p} is in use (is npm start already running?). Stop it or choose another port: npm start -- --port N`,
  },
  locked: {
    fi: (dir: string, pid: number) =>
      `Tietokansiota ${dir} käyttää jo toinen npm start (prosessi ${pid}). Yksi paikallinen ympäristö per tietokansio.`,
    en: (dir: string, pid: number) =>
      `The data folder ${dir} is already used by another npm start (process ${pid}). One local stack per data folder.`,
  },
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder's lock, or returns the message to print when a live process holds it. */
export function lockDataDir(dir: string, lang: Lang): { release(): void } | { refused: string } {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'stack.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { release: () => fs.rmSync(file, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) return { refused: TEXT.locked[lang](dir, pid) };
      fs.rmSync(file, { force: true }); // left by a stack that was killed
    }
  }
  return { refused: TEXT.locked[lang](dir, 0) };
}

/** Undefined when the port is free on every interface; otherwise the message to print. */
export async function portProblem(port: number, lang: Lang): Promise<string | undefined> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '0.0.0.0', () => srv.close(() => resolve(true)));
  });
  return free ? undefined : TEXT.portInUse[lang](port);
}

/** `npm start -- --reset`: the app's database and the emulator's tenant go together. */
export function resetDataDir(dir: string, keep: readonly string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) if (!keep.includes(f)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
}
