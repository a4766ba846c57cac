import type { Selectable } from 'kysely';
import type { ContractsTable, TocItemsTable, TocOverrideKind, TocOverridesTable } from '../database';
import { finnishCollator, fromJson, newId, nowIso, toJson, type RepoDeps } from '../support';

export type TocItem = Selectable<TocItemsTable>;
export type TocItemInput = Pick<TocItem, 'section' | 'title'> &
  Partial<Pick<TocItem, 'id' | 'description' | 'linkKind' | 'linkTarget' | 'sortOrder'>>;
export type TocOverride = Selectable<TocOverridesTable>;
export type TocOverrideInput = { kind: TocOverrideKind; itemId?: string | null } & Partial<
  Pick<TocOverride, 'section' | 'title' | 'description' | 'linkKind' | 'linkTarget' | 'sortOrder'>
>;
export type Contract = Selectable<ContractsTable>;
export type ContractInput = Pick<Contract, 'title'> & Partial<Pick<Contract, 'id' | 'validFrom' | 'validTo' | 'link'>>;

/** The central TOC template, per-account overrides (hide/rename/add) and the contracts register. */
export function createTableOfContentsRepo({ db, clock }: RepoDeps) {
  return {
    async saveItem(input: TocItemInput, updatedBy: string): Promise<TocItem> {
      const row: TocItem = {
        id: input.id ?? newId(),
        section: input.section,
        title: input.title,
        description: input.description ?? null,
        linkKind: input.linkKind ?? null,
        linkTarget: input.linkTarget ?? null,
        sortOrder: input.sortOrder ?? 0,
        updatedBy,
        updatedAt: nowIso(clock),
      };
      const { id: _id, ...update } = row;
      await db
        .insertInto('tocItems')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .execute();
      return row;
    },

    async removeItem(id: string): Promise<boolean> {
      const res = await db.deleteFrom('tocItems').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    async listItems(): Promise<TocItem[]> {
      const rows = await db.selectFrom('tocItems').selectAll().execute();
      return rows.sort(
        (a, b) => finnishCollator.compare(a.section, b.section) || a.sortOrder - b.sortOrder || finnishCollator.compare(a.title, b.title),
      );
    },

    /**
     * hide/rename target a template item (one override per account and item); add stands alone. Ids are
     * the server's: a new override gets a new id, and only this account's row is ever updated.
     */
    async saveOverride(customerId: string, input: TocOverrideInput, updatedBy: string): Promise<TocOverride> {
      const existing = input.itemId
        ? (
            await db
              .selectFrom('tocOverrides')
              .select('id')
              .where('customerId', '=', customerId)
              .where('itemId', '=', input.itemId)
              .executeTakeFirst()
          )?.id
        : undefined;
      const row: TocOverride = {
        id: existing ?? newId(),
        customerId,
        itemId: input.itemId ?? null,
        kind: input.kind,
        section: input.section ?? null,
        title: input.title ?? null,
        description: input.description ?? null,
        linkKind: input.linkKind ?? null,
        linkTarget: input.linkTarget ?? null,
        sortOrder: input.sortOrder ?? null,
        updatedBy,
        updatedAt: nowIso(clock),
      };
      const { id: _id, customerId: _c, ...update } = row;
      await db
        .insertInto('tocOverrides')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(update).where('tocOverrides.customerId', '=', customerId))
        .execute();
      return row;
    },

    async removeOverride(customerId: string, id: string): Promise<boolean> {
      const res = await db.deleteFrom('tocOverrides').where('customerId', '=', customerId).where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    async listOverrides(customerId: string): Promise<TocOverride[]> {
      return db.selectFrom('tocOverrides').selectAll().where('customerId', '=', customerId).orderBy('updatedAt').orderBy('id').execute();
    },

    async saveContract(customerId: string, input: ContractInput, updatedBy: string): Promise<Contract> {
      const row: Contract = {
        id: input.id ?? newId(),
        customerId,
        title: input.title,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        link: input.link ?? null,
        updatedBy,
        updatedAt: nowIso(clock),
      };
      const { id: _id, customerId: _c, ...update } = row;
      await db
        .insertInto('contracts')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(update).where('contracts.customerId', '=', customerId))
        .execute();
      return row;
    },

    async removeContract(customerId: string, id: string): Promise<boolean> {
      const res = await db.deleteFrom('contracts').where('customerId', '=', customerId).where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    /** Latest start first, undated last; the caller decides which is current at its own "today". */
    async listContracts(customerId: string): Promise<Contract[]> {
      const rows = await db.selectFrom('contracts').selectAll().where('customerId', '=', customerId).execute();
      return rows.sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? '') || finnishCollator.compare(a.title, b.title));
    },

    /** The account's own order of its items (merged ids), or null when it follows the template's. */
    async getOrder(customerId: string): Promise<string[] | null> {
      const row = await db.selectFrom('tocOrders').select('itemIdsJson').where('customerId', '=', customerId).executeTakeFirst();
      return row ? fromJson<string[]>(row.itemIdsJson, []) : null;
    },

    async saveOrder(customerId: string, itemIds: readonly string[], updatedBy: string): Promise<void> {
      const values = { itemIdsJson: toJson(itemIds), updatedBy, updatedAt: nowIso(clock) };
      await db
        .insertInto('tocOrders')
        .values({ customerId, ...values })
        .onConflict((oc) => oc.column('customerId').doUpdateSet(values))
        .execute();
    },

    async clearOrder(customerId: string): Promise<boolean> {
      const res = await db.deleteFrom('tocOrders').where('customerId', '=', customerId).executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },
  };
}
