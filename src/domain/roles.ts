/*
 * The app's two role vocabularies, each defined once. A person's business role comes from billing and
 * decides whether they belong to an account; their membership role is what they are in its Teams channel.
 */

/** Business roles a person can hold on a site row. Which of them grant channel membership is configuration. */
export const SITE_ROLES = ['supervisor', 'regional_director', 'manager', 'sales_manager'] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

/** A person's business role as billing records it: on a site row, or as the account's key account director. */
export type BillingRole = SiteRole | 'key_account_director';

/** A person's role in an account's Teams channel as the app grants it (Graph's member roles; never 'guest'). */
export type MembershipRole = 'owner' | 'member';
