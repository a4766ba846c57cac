/**
 * The members view's API shapes, defined once: the server parses requests with these schemas and types
 * its responses with them (the API tests parse real responses with them); tabs/ imports the types only
 * (`import type`), so the browser bundle gets no zod.
 */
import { z } from 'zod';
import { accessReasonSchema } from '../../domain/access-reason';
import { normaliseEmail } from '../../domain/email';

// Typed by an owner: a space inside is a typo to point out, not to repair (billing cells are repaired).
const email = z
  .string()
  .max(300)
  .refine((v) => !/\S\s+\S/.test(v), 'must be an email address (no spaces inside)')
  .transform(normaliseEmail)
  .pipe(z.string().max(254).pipe(z.email('must be an email address')));
const reason = z.string().trim().max(500);

/** POST /api/v1/accounts/:id/members/overrides: an owner adds someone billing does not list (a reason is required), or excludes a billing member. */
export const memberOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), email, reason: reason.min(1, 'is required') }).strict(),
  z.object({ kind: z.literal('exclude'), email, reason: reason.nullable().optional() }).strict(),
]);
export type MemberOverrideInput = z.infer<typeof memberOverrideSchema>;

/** A reason as stored (src/domain/access-reason.ts), a site reason with its site's region. */
const memberReasonSchema = z.intersection(accessReasonSchema, z.object({ region: z.string().nullable().optional() }));
export type MemberReasonDto = z.infer<typeof memberReasonSchema>;

const memberSchema = z.object({
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['owner', 'member']),
  reasons: z.array(memberReasonSchema),
  /** An exclusion waiting for the next sync. */
  pendingExclusion: z.object({ overrideId: z.string() }).nullable(),
  /** false: the directory does not know them (they cannot be added to Teams); null: not looked up yet. */
  inDirectory: z.boolean().nullable(),
});
export type MemberDto = z.infer<typeof memberSchema>;

const overrideSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  kind: z.enum(['add', 'exclude']),
  reason: z.string().nullable(),
  setBy: z.string(),
  setByName: z.string().nullable(),
  createdAt: z.string(),
  /** applied: the last sync's desired state already reflects it; pending: it takes effect at the next sync. */
  status: z.enum(['applied', 'pending']),
  inDirectory: z.boolean().nullable(),
  /** Manual additions: the last day the access is granted (yyyy-mm-dd); the sync removes it after. */
  expiresOn: z.string().nullable(),
});
export type OverrideDto = z.infer<typeof overrideSchema>;

/** GET /api/v1/accounts/:id/members */
export const membersViewSchema = z.object({
  account: z.object({ id: z.string(), name: z.string() }),
  canWrite: z.boolean(),
  /** When the shown membership was computed (the last sync), null before the first. */
  computedAt: z.string().nullable(),
  /** Next scheduled sync (ISO), null when no schedule is known. */
  nextSync: z.string().nullable(),
  members: z.array(memberSchema),
  overrides: z.array(overrideSchema),
});
export type MembersView = z.infer<typeof membersViewSchema>;

/** POST /api/v1/accounts/:id/members/overrides answers with the saved override and when it takes effect. */
export const overrideSavedSchema = z.object({ override: overrideSchema, appliesAt: z.string().nullable() });
export type OverrideSaved = z.infer<typeof overrideSavedSchema>;
