import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';

export interface JobDefinition {
  name: string;
  /** Cron pattern (5 or 6 fields) evaluated in the scheduler's time zone. */
  schedule: string;
  run(signal: AbortSignal): Promise<unknown>;
  /** How long one run may hold the job's lease (renewed while it runs). */
  leaseMs?: number;
}

export interface SchedulerOptions {
  store: Pick<Store, 'leases'>;
  logger: Logger;
  timeZone: string;
  /** Identifies this instance in leases; random by default. */
  holder?: string;
}

/**
 * Cron jobs that run once across all instances: each firing first takes a database lease named
 * after the job, so two app instances on one PostgreSQL never run the same job at the same time.
 */
export class Scheduler {
  private readonly crons: Cron[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly holder: string;
  private readonly log: Logger;

  constructor(private readonly options: SchedulerOptions) {
    this.holder = options.holder ?? `instance-${randomUUID()}`;
    this.log = options.logger.child('scheduler');
  }

  add(job: JobDefinition): this {
    // unref: a pending firing never keeps a closing process (or a test worker) alive.
    const cron = new Cron(job.schedule, { timezone: this.options.timeZone, protect: true, paused: true, unref: true }, () => {
      void this.trigger(job);
    });
    this.crons.push(cron);
    this.log.debug({ job: job.name, schedule: job.schedule, next: cron.nextRun()?.toISOString() }, 'job scheduled');
    return this;
  }

  start(): void {
    for (const c of this.crons) c.resume();
  }

  /** Runs a job now (same lease rules). Resolves false when another instance holds it. */
  async trigger(job: JobDefinition): Promise<boolean> {
    if (this.running.has(job.name) || this.abort.signal.aborted) return false;
    const leaseMs = job.leaseMs ?? 15 * 60_000;
    const leaseName = `job:${job.name}`;
    if (!(await this.options.store.leases.tryAcquire(leaseName, this.holder, leaseMs))) {
      this.log.debug({ job: job.name }, 'job held by another instance');
      return false;
    }
    const renew = setInterval(
      () => void this.options.store.leases.renew(leaseName, this.holder, leaseMs).catch(() => undefined),
      leaseMs / 3,
    );
    renew.unref();
    const work = (async () => {
      const started = Date.now();
      try {
        await job.run(this.abort.signal);
        // Debug: the outbox job runs every 30 s; jobs that change something log what they did themselves.
        this.log.debug({ job: job.name, ms: Date.now() - started }, 'job finished');
      } catch (err) {
        this.log.error({ job: job.name, err: (err as Error).message }, 'job failed');
      } finally {
        clearInterval(renew);
        await this.options.store.leases.release(leaseName, this.holder).catch(() => undefined);
        this.running.delete(job.name);
      }
    })();
    this.running.set(job.name, work);
    await work;
    return true;
  }

  /** Stops firing and waits (up to graceMs) for running jobs; they see the abort signal. */
  async stop(graceMs = 10_000): Promise<void> {
    for (const c of this.crons) c.stop();
    this.abort.abort();
    const all = Promise.all(this.running.values());
    await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }
}
