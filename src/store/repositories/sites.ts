import type { Selectable } from 'kysely';
import type { SitesTable } from '../database';
import { chunks, fromJson, inTransaction, normaliseEmail, nowIso, toJson, type RepoDeps } from '../support';

/** A site; `roleEmails`: role name (e.g. regionalDirector, manager, salesManager) -> normalised email. */
export type Site = Omit<Selectable<SitesTable>, 'roleEmailsJson'> & { roleEmails: Record<string, string> };

export type SiteInput = Omit<
  Site,
  'customerId' | 'updatedAt' | 'address' | 'postalCode' | 'city' | 'region' | 'supervisorEmail' | 'roleEmails'
> &
  Partial<Pick<Site, 'address' | 'postalCode' | 'city' | 'region' | 'supervisorEmail' | 'roleEmails'>>;

const toSite = (r: SitesTable): Site => {
  const { roleEmailsJson, ...rest } = r;
  return { ...rest, roleEmails: fromJson<Record<string, string>>(roleEmailsJson, {}) };
};

export function createSitesRepo({ db, clock }: RepoDeps) {
  return {
    /** The account's sites become exactly `sites` (the latest import is the truth). */
    async replaceForAccount(customerId: string, sites: readonly SiteInput[]): Promise<void> {
      const now = nowIso(clock);
      const rows = sites.map((s) => ({
        siteId: s.siteId,
        customerId,
        name: s.name,
        address: s.address ?? null,
        postalCode: s.postalCode ?? null,
        city: s.city ?? null,
        region: s.region ?? null,
        supervisorEmail: s.supervisorEmail ? normaliseEmail(s.supervisorEmail) : null,
        roleEmailsJson: toJson(Object.fromEntries(Object.entries(s.roleEmails ?? {}).map(([k, v]) => [k, normaliseEmail(v)]))),
        updatedAt: now,
      }));
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('sites').where('customerId', '=', customerId).execute();
        // A site that moved from another account is taken over by this one.
        if (rows.length > 0)
          await trx
            .deleteFrom('sites')
            .where(
              'siteId',
              'in',
              rows.map((r) => r.siteId),
            )
            .execute();
        for (const slice of chunks(rows)) await trx.insertInto('sites').values(slice).execute();
      });
    },

    async listForAccount(customerId: string): Promise<Site[]> {
      const rows = await db.selectFrom('sites').selectAll().where('customerId', '=', customerId).orderBy('siteId').execute();
      return rows.map(toSite);
    },

    async listAll(): Promise<Site[]> {
      const rows = await db.selectFrom('sites').selectAll().orderBy('customerId').orderBy('siteId').execute();
      return rows.map(toSite);
    },
  };
}
