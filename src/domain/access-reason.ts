import { z } from 'zod';
import { SITE_ROLES, type BillingRole } from './roles';

/**
 * Why a person has (or would have) access to an account's channel. The planner makes it; it is stored
 * as this JSON (desired memberships, the access note's outbox item, the audit detail) and put into
 * words only where it is shown: cards, the members tab, the audit's reason column.
 */
export const accessReasonSchema = z.discriminatedUnion('kind', [
  // The site's name is kept so the reason still reads after the site leaves the export.
  z.object({
    kind: z.literal('site'),
    siteId: z.string(),
    siteName: z.string(),
    role: z.enum(SITE_ROLES),
    /** The billing export's line, for the audit. */
    line: z.number().int(),
  }),
  // No line when the owner is known only from the account (not from this export's rows).
  z.object({ kind: z.literal('key_account_director'), line: z.number().int().optional() }),
  z.object({ kind: z.literal('co_owner'), scope: z.enum(['global', 'account']) }),
  z.object({ kind: z.literal('service_account') }),
  z.object({ kind: z.literal('override') }),
]);
export type AccessReason = z.infer<typeof accessReasonSchema>;

/** Reasons read back from storage; an entry in no known shape is left out rather than shown wrongly. */
export function readAccessReasons(value: unknown): AccessReason[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const r = accessReasonSchema.safeParse(v);
    return r.success ? [r.data] : [];
  });
}

/** The billing role a reason rests on: a site role or the key account director; none for the others. */
export function billingRoleOf(reason: AccessReason): BillingRole | undefined {
  if (reason.kind === 'site') return reason.role;
  return reason.kind === 'key_account_director' ? 'key_account_director' : undefined;
}
