import { z } from 'zod';
import { Cron } from 'croner';

// Accepts "", undefined -> undefined so that blank lines in env files mean "not set".
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const httpsOrHttpUrl = z.url({ protocol: /^https?$/ });
const intFrom = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess((v) => (v === '' || v === undefined ? def : Number(v)), z.number().int().min(min).max(max));
const numberFrom = (def: number, min: number, max: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? def : Number(v)), z.number().min(min).max(max));
const boolFrom = (def: boolean) =>
  z.preprocess((v) => (v === '' || v === undefined ? def : ['1', 'true', 'yes'].includes(String(v).toLowerCase())), z.boolean());
const withDefault = <T extends z.ZodType>(schema: T, def: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? def : v), schema);

function isValidCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}
const cron = (def: string) => withDefault(z.string().refine(isValidCron, 'is not a valid cron pattern'), def);

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The public configuration contract. Every key is documented in README.md ("Configuration").
 * Secrets carry the SECRET_ prefix so Teams Toolkit keeps them in env/.env.*.user files.
 */
export const configSchema = z
  .object({
    NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
    PORT: intFrom(3978, 0, 65535),
    PUBLIC_BASE_URL: optionalString.pipe(httpsOrHttpUrl.optional()),
    DATA_DIR: withDefault(z.string().min(1), './.data'),
    DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
    GRAPH_BASE_URL: withDefault(httpsOrHttpUrl, 'https://graph.microsoft.com/v1.0'),
    AZURE_AUTHORITY_HOST: withDefault(httpsOrHttpUrl, 'https://login.microsoftonline.com'),
    AAD_APP_TENANT_ID: z.string({ error: 'is required' }).min(1, 'is required'),
    AAD_APP_CLIENT_ID: z.string({ error: 'is required' }).min(1, 'is required'),
    SECRET_AAD_APP_CLIENT_SECRET: z.string({ error: 'is required' }).min(1, 'is required'),
    BOT_ID: optionalString,
    SECRET_BOT_PASSWORD: optionalString,
    BOT_SERVICE_URL: withDefault(httpsOrHttpUrl, 'https://smba.trafficmanager.net/teams/'),
    // Where inbound Bot Framework tokens' signing keys are published (the local emulator publishes its own).
    BOT_OPENID_METADATA_URL: withDefault(httpsOrHttpUrl, 'https://login.botframework.com/v1/.well-known/openidconfiguration'),
    // Extra accepted audiences for tab SSO tokens (comma-separated), e.g. api://host/botid-<BOT_ID>; the client id is always accepted.
    SSO_EXTRA_AUDIENCES: withDefault(z.string(), ''),
    // Seconds a verified tab SSO token is reused without re-checking its signature (never past its expiry; 0 = off).
    SSO_TOKEN_CACHE_SEC: intFrom(300, 0, 3600),
    // Seconds a user's director/admin group membership (Graph checkMemberGroups) is reused by the tab API.
    TAB_ROLE_CACHE_SEC: intFrom(300, 0, 86400),
    // Seconds a computed tab view is reused while this instance writes nothing (another instance's writes show within it).
    TAB_VIEW_CACHE_SEC: intFrom(2, 0, 60),
    TEAM_ID: z.string({ error: 'is required' }).min(1, 'is required'),
    TEAMS_APP_ID: z.string({ error: 'is required' }).min(1, 'is required'),
    CHANNEL_TYPE: withDefault(z.enum(['private', 'shared']), 'private'),
    BILLING_SOURCE: optionalString,
    BILLING_MAPPING: optionalString,
    SECRET_BILLING_AUTH_HEADER: optionalString,
    // A folder where new billing exports are dropped; each new file triggers a sync.
    BILLING_WATCH_DIR: optionalString,
    APP_TIMEZONE: withDefault(z.string().refine(isValidTimeZone, 'is not an IANA time zone'), 'Europe/Helsinki'),
    APP_LOCALE: withDefault(z.enum(['fi', 'en']), 'fi'),
    LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    ADMIN_GROUP_ID: optionalString,
    DIRECTOR_GROUP_ID: optionalString,
    SERVICE_ACCOUNT_UPN: optionalString,
    SYNC_CRON: cron('0 2 * * *'),
    SYNC_GUARD_MAX_REMOVE_SHARE: numberFrom(0.1, 0, 1),
    SYNC_GUARD_MAX_REMOVE_COUNT: intFrom(50, 0),
    SYNC_GUARD_MIN_ROW_SHARE: numberFrom(0.5, 0, 1),
    ARCHIVE_GRACE_DAYS: intFrom(30, 0),
    WEEKLY_CRON: cron('0 8 * * 1'),
    // Reminder to owners whose weekly fields are unchanged: the working day before the weekly post.
    WEEKLY_REMINDER_CRON: cron('0 12 * * 5'),
    // Annual-clock events: the owner gets a personal reminder this many days before (an event may override it).
    CLOCK_REMINDER_DAYS_BEFORE: intFrom(3, 0, 60),
    CLOCK_REMINDER_CRON: cron('0 7 * * *'),
    // Urgent notices: a personal reminder to whoever has not acknowledged after this many hours, then
    // their own regional director (from billing) is told after this many hours from sending.
    NOTICE_REMINDER_HOURS: numberFrom(4, 0, 24 * 14),
    NOTICE_ESCALATION_HOURS: numberFrom(24, 0, 24 * 30),
    SCHEDULER_ENABLED: boolFrom(true),
    GRAPH_MAX_RETRIES: intFrom(6, 0, 10),
    // Client-side pacing under Graph's Teams limits; only worth turning off against a host that does not throttle.
    GRAPH_PACING: boolFrom(true),
  })
  ;

/**
 * Rules that span keys. Checked on the raw values so they are reported together with
 * per-key errors (a schema refinement would only run once every key is valid).
 */
export function crossKeyIssues(env: Record<string, string | undefined>): { key: string; message: string }[] {
  const set = (k: string) => (env[k] ?? '') !== '';
  const issues: { key: string; message: string }[] = [];
  if (set('BOT_ID') && !set('SECRET_BOT_PASSWORD')) {
    issues.push({ key: 'SECRET_BOT_PASSWORD', message: 'is required when BOT_ID is set' });
  }
  if (env.NODE_ENV === 'production' && !set('BOT_ID')) {
    issues.push({ key: 'BOT_ID', message: 'is required in production (inbound bot requests must be authenticated)' });
  }
  const remind = Number(env.NOTICE_REMINDER_HOURS || 4);
  const escalate = Number(env.NOTICE_ESCALATION_HOURS || 24);
  if (Number.isFinite(remind) && Number.isFinite(escalate) && escalate < remind) {
    issues.push({ key: 'NOTICE_ESCALATION_HOURS', message: `must not be less than NOTICE_REMINDER_HOURS (${remind})` });
  }
  return issues;
}

export type AppConfig = Readonly<z.output<typeof configSchema>>;

