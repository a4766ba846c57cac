/**
 * The caller and account-list shapes of the tab API, defined once: the server types its responses with them and the API tests parse real responses with them;
 * tabs/ imports the types only (`import type`), so the browser bundle gets no zod.
 */
import { z } from 'zod';

const accountSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  national: z.boolean(),
  ownerEmail: z.string().nullable(),
  ownerName: z.string().nullable(),
  siteCount: z.number(),
  regions: z.array(z.string()),
  channelId: z.string().nullable(),
  channelName: z.string().nullable(),
  deepLink: z.string().nullable(),
  isOwner: z.boolean(),
});
/** One row of GET /api/v1/accounts. */
export type AccountSummary = z.infer<typeof accountSummarySchema>;
/** GET /api/v1/accounts */
export const accountsResponseSchema = z.object({ accounts: z.array(accountSummarySchema) });

/** GET /api/v1/me */
export const meSchema = z.object({
  oid: z.string(),
  /** Absent when neither the directory nor the token names an e-mail. */
  email: z.string().optional(),
  name: z.string(),
  director: z.boolean(),
  admin: z.boolean(),
  today: z.string(),
});
export type Me = z.infer<typeof meSchema>;
