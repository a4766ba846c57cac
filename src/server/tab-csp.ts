/**
 * Hosts that may frame the tabs: the Teams and Microsoft 365 hosts of the Teams platform's tab
 * requirements ("Set Content Security Policy headers to allow Teams and any other host applications",
 * learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements).
 */
export const TEAMS_FRAME_ANCESTORS: readonly string[] = [
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
];

/** TAB_FRAME_ANCESTORS: space- or comma-separated extra sources ('self', https://host). */
export function splitSources(list: string | undefined): string[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The tab pages' Content-Security-Policy: scripts only from the app's own origin (no inline script,
 * no eval), API calls to the own origin, and framing only by the Teams/Microsoft 365 hosts plus the
 * configured extras. Styles allow inline: Fluent UI inserts its style rules at run time.
 */
export function tabContentSecurityPolicy(extraAncestors: readonly string[] = []): string {
  const ancestors = [
    ...TEAMS_FRAME_ANCESTORS,
    ...extraAncestors.filter((s) => /^('self'|https:\/\/[a-z0-9*.-]+(:\d+)?|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)$/i.test(s)),
  ];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}
