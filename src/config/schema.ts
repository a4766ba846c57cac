import { z } from 'zod';
import { Cron } from 'croner';
import { parseWalls } from '../membership/walls';

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
function wallsParse(v: string): boolean {
  try {
    parseWalls(v);
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
 * The public configuration contract. Every key is documented in docs/configuration.md, generated from
 * this schema and src/config/key-docs.ts (`npm run docs:config`; a test keeps them equal).
 * Secrets carry the SECRET_ prefix so Teams Toolkit keeps them in env/.env.*.user files.
 */
export const configSchema = z.object({
  NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
  PORT: intFrom(3978, 0, 65535),
  // The https address Teams loads the tabs from (tab content URLs); required while TABS_ENABLED (see crossKeyIssues).
  PUBLIC_BASE_URL: optionalString.pipe(httpsOrHttpUrl.optional()),
  // false = the sync adds no tabs (and PUBLIC_BASE_URL may be unset): the explicit "no tabs" choice.
  TABS_ENABLED: boolFrom(true),
  DATA_DIR: withDefault(z.string().min(1), './.data'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
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
  // Client apps (azp/appid) whose tab SSO tokens are accepted besides the Teams/Microsoft 365 clients (comma-separated ids).
  SSO_ALLOWED_CLIENT_IDS: withDefault(z.string(), ''),
  // Hosts allowed to frame the tabs (CSP frame-ancestors), space-separated; the documented Teams/Microsoft 365 hosts by default.
  TAB_FRAME_ANCESTORS: optionalString,
  // Seconds a verified tab SSO token is reused without re-checking its signature (never past its expiry; 0 = off).
  SSO_TOKEN_CACHE_SEC: intFrom(300, 0, 3600),
  // Seconds a user's director/admin group membership (Graph checkMemberGroups) is reused by the tab API.
  TAB_ROLE_CACHE_SEC: intFrom(300, 0, 86400),
  // One team (TEAM_ID) or several in fill order (TEAM_IDS): a team holds at most 1,000 channels (see crossKeyIssues, teamIdsOf).
  TEAM_ID: optionalString,
  TEAM_IDS: optionalString.pipe(
    z
      .string()
      .regex(/^\s*[^,\s]+(\s*,\s*[^,\s]+)*\s*$/, 'must be team ids separated by commas')
      .optional(),
  ),
  TEAMS_APP_ID: z.string({ error: 'is required' }).min(1, 'is required'),
  CHANNEL_TYPE: withDefault(z.enum(['private', 'shared']), 'private'),
  BILLING_SOURCE: optionalString,
  BILLING_MAPPING: optionalString,
  SECRET_BILLING_AUTH_HEADER: optionalString,
  // A folder where new billing exports are dropped; each new file triggers a sync.
  BILLING_WATCH_DIR: optionalString,
  APP_TIMEZONE: withDefault(z.string().refine(isValidTimeZone, 'is not an IANA time zone'), 'Europe/Helsinki'),
  APP_LOCALE: withDefault(z.enum(['fi', 'en']), 'fi'),
  // auto: readable lines on a terminal, one JSON object per line otherwise (files, log collectors).
  LOG_FORMAT: withDefault(z.enum(['auto', 'pretty', 'json']), 'auto'),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  ADMIN_GROUP_ID: optionalString,
  DIRECTOR_GROUP_ID: optionalString,
  SERVICE_ACCOUNT_UPN: optionalString,
  SYNC_CRON: cron('0 2 * * *'),
  SYNC_GUARD_MAX_REMOVE_SHARE: numberFrom(0.1, 0, 1),
  // Opt-in absolute limit on removals per run; 0 = off (a share judges size better at any scale).
  SYNC_GUARD_MAX_REMOVE_COUNT: intFrom(0, 0),
  SYNC_GUARD_MIN_ROW_SHARE: numberFrom(0.5, 0, 1),
  // Per account: hold its removals when it keeps its sites but would lose more than this share of members.
  SYNC_GUARD_MAX_ACCOUNT_LOSS_SHARE: numberFrom(0.5, 0, 1),
  // Per account: hold its additions when those on sites it already had exceed this share of its members.
  SYNC_GUARD_MAX_ACCOUNT_ADD_SHARE: numberFrom(0.25, 0, 10),
  // Per person: hold their additions when they would newly join more accounts at once than this and than 1.5x the most anyone is in now.
  SYNC_GUARD_MAX_NEW_ACCOUNTS_PER_PERSON: intFrom(10, 1),
  // Hold accounts missing from the export when more than this share of known accounts vanish at once (2 always may).
  SYNC_GUARD_MAX_MISSING_ACCOUNT_SHARE: numberFrom(0.05, 0, 1),
  ARCHIVE_GRACE_DAYS: intFrom(30, 0),
  // Walls between accounts: groups no one may belong to more than one of, e.g. "elinkaari=100016,100428;104270,103382".
  ACCOUNT_WALLS: withDefault(z.string().refine(wallsParse, 'must be groups of two or more account ids: "name=id,id;id,id"'), ''),
  // Directors and admins (DIRECTOR_GROUP_ID, ADMIN_GROUP_ID) may belong to several accounts behind one wall.
  ACCOUNT_WALLS_EXEMPT_DIRECTORS: boolFrom(true),
  // An owner's manual addition ends after this many days (shown in the members view; the sync removes it after).
  MANUAL_ACCESS_DAYS: intFrom(90, 1, 3650),
  // The owner who made a manual addition is reminded this many days before it ends.
  MANUAL_ACCESS_REMIND_DAYS: intFrom(7, 0, 60),
  WEEKLY_CRON: cron('0 8 * * 1'),
  // Reminder to owners whose weekly fields are unchanged: the working day before the weekly post.
  WEEKLY_REMINDER_CRON: cron('0 12 * * 5'),
  // Annual-clock events: the owner gets a personal reminder this many days before (an event may override it).
  CLOCK_REMINDER_DAYS_BEFORE: intFrom(3, 0, 60),
  CLOCK_REMINDER_CRON: cron('0 7 * * *'),
  // Onboarding: a person who has not read every must-read item this many days after their welcome is reminded once.
  ONBOARDING_REMINDER_DAYS: intFrom(7, 1, 365),
  // The personal weekly digest: when the daily check runs, and the weekday (1 = Monday … 7 = Sunday) for whoever has not chosen one.
  DIGEST_CRON: cron('0 7 * * *'),
  DIGEST_DEFAULT_WEEKDAY: intFrom(1, 1, 7),
  // The yearly user survey (Webropol): its link is posted in every account channel once in SURVEY_MONTH.
  SURVEY_URL: optionalString.pipe(httpsOrHttpUrl.optional()),
  SURVEY_MONTH: intFrom(9, 1, 12),
  // Urgent notices: a personal reminder to whoever has not acknowledged after this many hours, then
  // their own regional director (from billing) is told after this many hours from sending.
  NOTICE_REMINDER_HOURS: numberFrom(4, 0, 24 * 14),
  NOTICE_ESCALATION_HOURS: numberFrom(24, 0, 24 * 30),
  SCHEDULER_ENABLED: boolFrom(true),
  GRAPH_MAX_RETRIES: intFrom(6, 0, 10),
  // Client-side pacing under Graph's Teams limits; only worth turning off against a host that does not throttle.
  GRAPH_PACING: boolFrom(true),
  // Set by `npm start`: the local Teams emulator; turns on the Teams stand-in at /dev/ (never in production).
  LOCAL_EMULATOR_URL: optionalString.pipe(httpsOrHttpUrl.optional()),
});

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
  // Graph refuses a configurable tab without an https content URL: a sync would create every channel
  // without its tabs. Tabs need PUBLIC_BASE_URL, unless the "no tabs" choice is explicit.
  const tabsOn = !set('TABS_ENABLED') || ['1', 'true', 'yes'].includes(String(env.TABS_ENABLED).toLowerCase());
  if (tabsOn && !set('PUBLIC_BASE_URL')) {
    issues.push({
      key: 'PUBLIC_BASE_URL',
      message: 'is required while tabs are on: the https address Teams loads the tabs from (or set TABS_ENABLED=false for no tabs)',
    });
  } else if (tabsOn && !/^https:\/\/[^/]/i.test(env.PUBLIC_BASE_URL!)) {
    issues.push({
      key: 'PUBLIC_BASE_URL',
      message: 'must be an https URL while tabs are on: Teams loads tab content only over https (or set TABS_ENABLED=false for no tabs)',
    });
  }
  if (!set('TEAM_ID') && !set('TEAM_IDS')) {
    issues.push({ key: 'TEAM_ID', message: 'is required (or TEAM_IDS): the team that holds the account channels' });
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

/**
 * The teams that hold account channels, in fill order: new channels go to the first that is not full
 * (a team holds at most 1,000 channels, deleted ones included for 30 days: docs/graph-limits.md).
 * TEAM_IDS when set (TEAM_ID, if also set, is kept first), else the single TEAM_ID.
 */
export function teamIdsOf(config: Pick<AppConfig, 'TEAM_ID' | 'TEAM_IDS'>): [string, ...string[]] {
  const listed = (config.TEAM_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const all = [...new Set([...(config.TEAM_ID ? [config.TEAM_ID] : []), ...listed])];
  // crossKeyIssues refuses a configuration with neither key, so a loaded config always has one.
  return all as [string, ...string[]];
}
