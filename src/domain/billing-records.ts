/**
 * Records read from the billing export, after mapping and validation. Plain data shared by the billing
 * import (which builds them) and membership planning (which derives access from them).
 */

import type { BillingRole, SiteRole } from './roles';

/** One person named on one site row, with the source line so access can be explained later. */
export interface SiteAssignment {
  role: SiteRole;
  email: string;
  name: string;
  line: number;
}

export interface SiteRecord {
  siteId: string;
  customerId: string;
  name: string;
  streetAddress: string;
  postalCode: string;
  city: string;
  /** Region (maakunta): the export's own column when mapped, else derived from the city (src/domain/regions). */
  region?: string;
  /** First line the site appears on (1-based, header is line 1). */
  line: number;
  people: SiteAssignment[];
  monthlyBillingEur?: number;
}

export interface AccountRecord {
  customerId: string;
  name: string;
  national: boolean;
  /** Why the account counts as national: the export's flag, or the configured list of customer ids. */
  nationalBy: 'flag' | 'list' | null;
  /** Normalised email of the key account director (the most frequent one if rows disagree). */
  keyAccountDirectorEmail?: string;
  keyAccountDirectorName?: string;
  /** ISO dates (yyyy-mm-dd). */
  contractStart?: string;
  contractEnd?: string;
  siteIds: string[];
  firstLine: number;
}

export interface PersonRecord {
  email: string;
  name: string;
  employeeId?: string;
  roles: BillingRole[];
}
