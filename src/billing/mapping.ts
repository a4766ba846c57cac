import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SITE_ROLES, type SiteRole } from '../domain/roles';
import { BillingImportError } from './import-error';

/** Our canonical fields. The mapping names the export's header for each. */
export const CANONICAL_FIELDS = [
  'customerId',
  'customerName',
  'nationalAccount',
  'siteId',
  'siteName',
  'streetAddress',
  'postalCode',
  'city',
  /** Optional: the site's region (maakunta); derived from the city when not mapped. */
  'region',
  'supervisorEmployeeId',
  'supervisorName',
  'supervisorEmail',
  'regionalDirectorName',
  'regionalDirectorEmail',
  'managerName',
  'managerEmail',
  'salesManagerName',
  'salesManagerEmail',
  'keyAccountDirectorName',
  'keyAccountDirectorEmail',
  'contractStart',
  'contractEnd',
  'monthlyBillingEur',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

const header = z.string().trim().min(1).max(200);
const email = z.string().trim().toLowerCase().pipe(z.email());

export const mappingSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).max(100).optional(),
    description: z.string().max(2000).optional(),
    /** canonical field -> header name in the export (matched case-insensitively, trimmed). */
    columns: z
      .object({
        customerId: header,
        customerName: header,
        siteId: header,
        supervisorEmail: header,
        keyAccountDirectorEmail: header,
      })
      .extend(
        Object.fromEntries(
          CANONICAL_FIELDS.filter(
            (f) => !['customerId', 'customerName', 'siteId', 'supervisorEmail', 'keyAccountDirectorEmail'].includes(f),
          ).map((f) => [f, header.optional()]),
        ) as Record<
          Exclude<CanonicalField, 'customerId' | 'customerName' | 'siteId' | 'supervisorEmail' | 'keyAccountDirectorEmail'>,
          z.ZodOptional<typeof header>
        >,
      )
      .strict(),
    values: z
      .object({
        /** Flag values meaning "national account" (compared case-insensitively, trimmed). Anything else is not national. */
        nationalTrue: z.array(z.string().trim().min(1)).min(1).default(['Y', 'K', 'kyllä', '1', 'true', 'yes']),
        dateFormat: z.enum(['yyyy-mm-dd', 'd.m.yyyy']).default('yyyy-mm-dd'),
        decimalSeparator: z.enum(['.', ',']).default('.'),
      })
      .strict()
      .default({ nationalTrue: ['Y', 'K', 'kyllä', '1', 'true', 'yes'], dateFormat: 'yyyy-mm-dd', decimalSeparator: '.' }),
    /** Customers that are national accounts whatever the flag says. */
    nationalAccountIds: z.array(z.string().trim().min(1)).default([]),
    /** Site roles whose people become channel members. */
    memberRoles: z
      .array(z.enum(SITE_ROLES))
      .min(1)
      .default([...SITE_ROLES]),
    coOwners: z
      .object({
        global: z.array(email).default([]),
        byAccount: z.record(z.string(), z.array(email)).default({}),
      })
      .strict()
      .default({ global: [], byAccount: {} }),
    /** UPN of the service account that owns every channel (config SERVICE_ACCOUNT_UPN wins if set). */
    serviceAccount: email.optional(),
  })
  .strict();

export type ColumnMapping = z.output<typeof mappingSchema> & { memberRoles: SiteRole[] };

/** Validates an already-parsed mapping object; `file` names it in errors. */
export function parseMapping(raw: unknown, file = '(mapping)'): ColumnMapping {
  const res = mappingSchema.safeParse(raw);
  if (!res.success) {
    const issues = res.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new BillingImportError(`Column mapping is not valid: ${issues}`, {
      reason: 'BAD_MAPPING',
      file,
      hint: {
        fi: 'Korjaa sarakemäärittelytiedosto (katso mappings/canonical.json mallina).',
        en: 'Fix the column mapping file (see mappings/canonical.json for an example).',
      },
    });
  }
  return res.data as ColumnMapping;
}

export function loadMapping(path: string): ColumnMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new BillingImportError(
      'Column mapping file cannot be read',
      { reason: 'BAD_MAPPING', file: path, hint: { fi: 'Tarkista BILLING_MAPPING-polku.', en: 'Check the BILLING_MAPPING path.' } },
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new BillingImportError(
      `Column mapping is not valid JSON: ${(cause as Error).message}`,
      { reason: 'BAD_MAPPING', file: path, hint: { fi: 'Korjaa JSON-muoto.', en: 'Fix the JSON syntax.' } },
      { cause },
    );
  }
  return parseMapping(json, path);
}
