/**
 * How each list the emulator serves pages, from each API's page on learn.microsoft.com/graph/api
 * ("Optional query parameters"). `paged: false`: the page names no $top or paging, so the whole
 * collection comes in one answer and $top is ignored. A $top above the maximum is refused (400), as
 * Graph refuses one on /users ("Must be between 1 and 999 inclusive"): stricter where unsure.
 * The emulator's `pageSize` option (`--page-size N`) shrinks every paged list to at most N per page
 * so tests exercise nextLink paging.
 */
export interface PageRule {
  paged: boolean;
  /** Items per page when the request has no $top. */
  defaultSize: number;
  /** The largest $top accepted. */
  maxTop: number;
}

const paged = (defaultSize: number, maxTop: number): PageRule => ({ paged: true, defaultSize, maxTop });
const unpaged: PageRule = { paged: false, defaultSize: Infinity, maxTop: Infinity };

export const PAGE_RULES = {
  /** "team-list-members": $filter, $select, $top; default page 100, maximum 999. */
  teamMembers: paged(100, 999),
  /** "channel-list-members": $filter, $select, $top; default page 100, maximum 999. */
  channelMembers: paged(100, 999),
  /** "user-list" and "paging": default page 100; $top from 1 to 999 (a larger one is refused with 400). */
  users: paged(100, 999),
  /** "driveitem-list-children": $top and $skipToken supported; no sizes stated, so Graph's usual 100 / 999 (unverified). */
  driveChildren: paged(100, 999),
  /** "channel-list": names no $top or paging. */
  channels: unpaged,
  /** "channel-list-tabs": names no $top or paging. */
  tabs: unpaged,
  /** "team-list-installedapps": names no $top or paging. */
  installedApps: unpaged,
  /** "serviceprincipal-list", "application-list", "serviceprincipal-list-approleassignments", "appcatalogs-list-teamsapps": $top supported; Graph's directory page 100, at most 999. */
  directory: paged(100, 999),
  /** "channel-list-enabledapps": names no $top or paging. */
  enabledApps: unpaged,
} as const;
