import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchFolder } from '../../src/jobs/watch-folder';
import { silentLogger } from '../../src/logging/logger';

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('watched billing folder', () => {
  it('syncs each new export once and ignores files present at start and other files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    fs.writeFileSync(path.join(dir, 'old.csv'), 'a');
    const seen: string[] = [];
    const w = watchFolder({ dir, logger: silentLogger, settleMs: 100, pollMs: 20, onFile: async (f) => void seen.push(path.basename(f)) });
    try {
      fs.writeFileSync(path.join(dir, 'new.csv'), 'customer_id');
      fs.writeFileSync(path.join(dir, 'notes.md'), 'x');
      await waitFor(() => seen.length > 0);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual(['new.csv']);
    } finally {
      w.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
