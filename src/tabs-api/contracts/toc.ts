/**
 * The table of contents tab's API shapes (items, overrides, order, contracts, onboarding), defined once:
 * the server parses requests with these schemas and types its responses with them (the API tests parse
 * real responses with them); tabs/ imports the types only (`import type`), so the browser bundle gets no zod.
 */
import { z } from 'zod';
import { MUST_READ_ROLES } from '../../domain/onboarding';

const LINK_KINDS = ['folder', 'file', 'tab', 'url'] as const;
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const linkTarget = z.string().max(2000).refine(isSafeLinkTarget, 'must be an https URL or a channel path');

/**
 * An https URL, or a path that stays on the tab's own origin: one leading slash, then no slash or
 * backslash (browsers read "/\evil.example" and "//evil.example" as another host), and no control
 * characters (browsers drop tabs and newlines, which could hide either).
 */
function isSafeLinkTarget(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters could hide a second host in a link
  if (/[\u0000-\u0020\u007f]/.test(s.replace(/ /g, 'x'))) return false;
  if (s.startsWith('https://')) {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && u.hostname !== '' && !s.includes('\\');
    } catch {
      return false;
    }
  }
  if (!/^\/[^/\\]/.test(s) || s.includes('\\')) return false;
  // The browser's own reading must stay on the origin.
  return new URL(s, 'https://origin.invalid').origin === 'https://origin.invalid';
}

/** PUT /api/v1/toc/template */
export const tocItemSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    section: z.string().trim().min(1).max(120),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    linkKind: z.enum(LINK_KINDS).nullable().optional(),
    linkTarget: linkTarget.nullable().optional(),
    sortOrder: z.number().int().min(0).max(100000).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    // A link needs both parts; a "url" must be a web address, the others may be a channel path too.
    if (i.linkTarget && !i.linkKind) ctx.addIssue({ code: 'custom', path: ['linkKind'], message: 'is required with a link' });
    if (i.linkKind && !i.linkTarget) ctx.addIssue({ code: 'custom', path: ['linkTarget'], message: 'is required with a link kind' });
    if (i.linkKind === 'url' && i.linkTarget && !i.linkTarget.startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: ['linkTarget'], message: 'must be an https URL' });
  });
export type TocItemInput = z.infer<typeof tocItemSchema>;

/** POST /api/v1/accounts/:id/toc/overrides */
export const tocOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hide'), itemId: z.string().min(1).max(200) }).strict(),
  z
    .object({
      kind: z.literal('rename'),
      itemId: z.string().min(1).max(200),
      title: z.string().trim().min(1).max(200),
      description: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('add'),
      section: z.string().trim().min(1).max(120),
      title: z.string().trim().min(1).max(200),
      description: z.string().max(2000).nullable().optional(),
      linkKind: z.enum(LINK_KINDS).nullable().optional(),
      linkTarget: linkTarget.nullable().optional(),
      sortOrder: z.number().int().min(0).max(100000).optional(),
    })
    .strict(),
]);
export type TocOverrideInput = z.infer<typeof tocOverrideSchema>;

/** POST /api/v1/accounts/:id/contracts and PUT /api/v1/accounts/:id/contracts/:contractId */
export const contractSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    validFrom: dateSchema.nullable().optional(),
    validTo: dateSchema.nullable().optional(),
    link: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .nullable()
      .optional(),
  })
  .strict()
  .refine((c) => !c.validFrom || !c.validTo || c.validFrom <= c.validTo, { path: ['validTo'], message: 'must not be before validFrom' });
export type ContractInput = z.infer<typeof contractSchema>;

/** PUT /api/v1/accounts/:id/toc/order: the merged items' ids in the account's own order. */
export const tocOrderSchema = z.object({ items: z.array(z.string().min(1).max(200)).min(1).max(2000) }).strict();
export type TocOrderInput = z.infer<typeof tocOrderSchema>;

/** PUT /api/v1/accounts/:id/onboarding/must-read/:itemId */
export const mustReadSchema = z.object({ roles: z.array(z.enum(MUST_READ_ROLES)).max(MUST_READ_ROLES.length) }).strict();

/** A template item as stored (GET /api/v1/toc/template, PUT's answer). */
const templateItemSchema = z.object({
  id: z.string(),
  section: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  linkKind: z.string().nullable(),
  linkTarget: z.string().nullable(),
  sortOrder: z.number(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type TemplateItem = z.infer<typeof templateItemSchema>;
/** GET /api/v1/toc/template */
export const templateResponseSchema = z.object({ items: z.array(templateItemSchema) });

/** One item of an account's table of contents: the template's, renamed, or the account's own. */
const mergedItemSchema = z.object({
  id: z.string(),
  itemId: z.string().nullable(),
  overrideId: z.string().nullable(),
  origin: z.enum(['template', 'renamed', 'added']),
  section: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  linkKind: z.string().nullable(),
  linkTarget: z.string().nullable(),
  sortOrder: z.number(),
  updatedAt: z.string(),
  /** Hidden items are kept, flagged, so owners can show them again. */
  hidden: z.boolean(),
  /** Where the item opens: its https URL, a deep link to the account's own tab, or the channel (for its files). */
  href: z.string().nullable().optional(),
});
export type MergedItem = z.infer<typeof mergedItemSchema>;

const contractStatusSchema = z.enum(['current', 'upcoming', 'expired']);
export type ContractStatus = z.infer<typeof contractStatusSchema>;

/** A contract as stored (POST and PUT answer with it). */
const contractRowSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  title: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  link: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
const contractDtoSchema = contractRowSchema.extend({
  status: contractStatusSchema,
  /** The one valid today that started last. */
  current: z.boolean(),
});
export type ContractDto = z.infer<typeof contractDtoSchema>;

/** GET /api/v1/accounts/:id/toc */
export const tocViewSchema = z.object({
  account: z.object({ id: z.string(), name: z.string() }),
  /** The service's today (YYYY-MM-DD), in the app's time zone. */
  today: z.string(),
  /** True when the account's owner has put the items in an order of their own. */
  ownOrder: z.boolean(),
  items: z.array(mergedItemSchema),
  contracts: z.object({ active: z.array(contractDtoSchema), expired: z.array(contractDtoSchema) }),
  canWrite: z.boolean(),
  canEditTemplate: z.boolean(),
});
export type TocView = z.infer<typeof tocViewSchema>;

/** GET /api/v1/accounts/:id/onboarding: must-read items and each member's progress (owners, directors, admins). */
export const onboardingViewSchema = z.object({
  roles: z.array(z.enum(MUST_READ_ROLES)),
  canWrite: z.boolean(),
  mustRead: z.array(
    z.object({ itemId: z.string(), title: z.string(), section: z.string(), roles: z.array(z.string()), version: z.number() }),
  ),
  members: z.array(
    z.object({
      email: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      required: z.number(),
      done: z.number(),
      complete: z.boolean(),
      startedAt: z.string().nullable(),
    }),
  ),
});
export type OnboardingView = z.infer<typeof onboardingViewSchema>;
