import type { AppConfig } from '../config/schema';
import type { Logger } from '../ports/logger';
import type { Store } from '../store';
import { Scheduler, type JobDefinition } from '../jobs/scheduler';
import { watchFolder } from '../jobs/watch-folder';
import { runWeeklyJob, sendWeeklyReminders } from '../messaging/weekly';
import { reminderPolicyFrom, sendNoticeReminders } from '../messaging/notices';
import { queueClockReminders } from '../messaging/clock-reminders';
import type { MessagingDeps } from '../messaging/deps';
import { runManualAccessJob } from '../messaging/manual-access';
import { runNoticePlans } from '../messaging/notice-plans';
import { queueOnboardingReminders } from '../messaging/onboarding';
import { queueDigests } from '../messaging/digest';
import { queueSurveyReminders } from '../messaging/survey-reminders';

export interface JobsDependencies {
  config: AppConfig;
  store: Store;
  logger: Logger;
  messagingDeps: MessagingDeps;
  deliver(): Promise<unknown>;
  /** Runs a sync of the given (or configured) billing export; undefined when no source is configured. */
  runSync?: (source?: string) => Promise<unknown>;
}

/**
 * The app's recurring work. Every job takes a database lease before it runs, so with several app
 * instances on one PostgreSQL each firing happens once.
 */
export function startJobs(d: JobsDependencies): { scheduler: Scheduler; stop(): Promise<void> } {
  const { config } = d;
  const scheduler = new Scheduler({ store: d.store, logger: d.logger, timeZone: config.APP_TIMEZONE });
  const jobs: JobDefinition[] = [
    // Retries of failed sends go out here; new items are also sent right away by whoever enqueues them.
    { name: 'deliver-outbox', schedule: '*/30 * * * * *', leaseMs: 5 * 60_000, run: () => d.deliver() },
    {
      name: 'weekly-status',
      schedule: config.WEEKLY_CRON,
      run: async () => {
        await runWeeklyJob(d.messagingDeps);
        await d.deliver();
      },
    },
    {
      name: 'weekly-reminders',
      schedule: config.WEEKLY_REMINDER_CRON,
      run: async () => {
        await sendWeeklyReminders(d.messagingDeps);
        await d.deliver();
      },
    },
    {
      name: 'notice-reminders',
      schedule: '*/15 * * * *',
      run: async () => {
        await sendNoticeReminders(d.messagingDeps, reminderPolicyFrom(config));
        await d.deliver();
      },
    },
    // Scheduled notices whose time has come, and start reminders of planned disruptions (stored plans: a restart loses none).
    {
      name: 'notice-plans',
      schedule: '0 * * * * *',
      run: async () => {
        await runNoticePlans(d.messagingDeps);
        await d.deliver();
      },
    },
    {
      name: 'clock-reminders',
      schedule: config.CLOCK_REMINDER_CRON,
      run: async () => {
        await queueClockReminders(d.messagingDeps, { daysBefore: config.CLOCK_REMINDER_DAYS_BEFORE });
        await d.deliver();
      },
    },
    // Manual access: reminders before it ends and dropping it after (same morning slot as the clock reminders).
    {
      name: 'manual-access',
      schedule: config.CLOCK_REMINDER_CRON,
      run: async () => {
        await runManualAccessJob(d.messagingDeps, { daysBefore: config.MANUAL_ACCESS_REMIND_DAYS });
        await d.deliver();
      },
    },
    {
      name: 'onboarding-reminders',
      schedule: config.CLOCK_REMINDER_CRON,
      run: async () => {
        await queueOnboardingReminders(d.messagingDeps, { days: config.ONBOARDING_REMINDER_DAYS });
        await d.deliver();
      },
    },
    {
      name: 'personal-digest',
      schedule: config.DIGEST_CRON,
      run: async () => {
        await queueDigests(d.messagingDeps, { defaultWeekday: config.DIGEST_DEFAULT_WEEKDAY });
        await d.deliver();
      },
    },
    // The yearly user survey: posted in the survey month on the same morning slot (once per channel and year).
    {
      name: 'survey-reminders',
      schedule: config.CLOCK_REMINDER_CRON,
      run: async () => {
        await queueSurveyReminders(d.messagingDeps, { url: config.SURVEY_URL, month: config.SURVEY_MONTH });
        await d.deliver();
      },
    },
  ];
  const runSync = d.runSync;
  if (runSync) jobs.push({ name: 'nightly-sync', schedule: config.SYNC_CRON, leaseMs: 60 * 60_000, run: () => runSync() });
  for (const job of jobs) scheduler.add(job);
  if (config.SCHEDULER_ENABLED) scheduler.start();

  const watcher =
    runSync && config.BILLING_WATCH_DIR
      ? watchFolder({ dir: config.BILLING_WATCH_DIR, logger: d.logger, onFile: (file) => runSync(file) })
      : undefined;
  return {
    scheduler,
    async stop() {
      watcher?.stop();
      await scheduler.stop();
    },
  };
}
