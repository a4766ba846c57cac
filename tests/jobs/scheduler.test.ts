import { engines, openTestDb, type TestDb } from '../store/engines';
import { Scheduler } from '../../src/jobs/scheduler';
import { createStore } from '../../src/store';
import { silentLogger } from '../../src/logging/logger';

describe.each(engines)('scheduler (%s)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t.close());

  it('runs a job on only one of two instances sharing the database', async () => {
    const other = await t.openAnother();
    const a = new Scheduler({ store: t.store, logger: silentLogger, timeZone: 'Europe/Helsinki', holder: 'a' });
    const b = new Scheduler({ store: createStore(other.db, t.clock), logger: silentLogger, timeZone: 'Europe/Helsinki', holder: 'b' });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = {
      name: 'weekly',
      schedule: '0 8 * * 1',
      run: async () => {
        runs++;
        await gate;
      },
    };
    const first = a.trigger(job);
    // Give instance a time to take the lease before b tries.
    await new Promise((r) => setTimeout(r, 100));
    const second = await b.trigger(job);
    release();
    expect(await first).toBe(true);
    expect(second).toBe(false);
    expect(runs).toBe(1);
    // Once released, the other instance may run it.
    expect(
      await b.trigger({
        ...job,
        run: async () => {
          runs++;
        },
      }),
    ).toBe(true);
    expect(runs).toBe(2);
  });

  it('keeps running after a job fails and releases its lease', async () => {
    const s = new Scheduler({ store: t.store, logger: silentLogger, timeZone: 'Europe/Helsinki', holder: 'c' });
    const failing = {
      name: 'sync',
      schedule: '0 2 * * *',
      run: async () => {
        throw new Error('boom');
      },
    };
    expect(await s.trigger(failing)).toBe(true);
    expect(await t.store.leases.get('job:sync')).toBeUndefined();
    await s.stop();
  });
});
