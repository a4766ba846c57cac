import type { Selectable } from 'kysely';
import type { AccountsTable, ChannelState } from '../database';
import { chunks, finnishCollator, inTransaction, nowIso, type RepoDeps } from '../support';

export type Account = Omit<Selectable<AccountsTable>, 'isNational'> & { isNational: boolean };

/** The billing-owned part of an account; channel fields are set by provisioning only. */
export interface AccountInput {
  customerId: string;
  name: string;
  isNational: boolean;
  contractStart?: string | null;
  contractEnd?: string | null;
  monthlyBilling?: number | null;
  ownerEmail?: string | null;
}

const toAccount = (r: AccountsTable): Account => ({
  ...r,
  isNational: r.isNational === 1,
  monthlyBilling: r.monthlyBilling === null ? null : Number(r.monthlyBilling),
});

export function createAccountsRepo({ db, clock }: RepoDeps) {
  return {
    /** Inserts new accounts and refreshes billing fields of known ones; channel mapping is kept. */
    async upsertMany(accounts: readonly AccountInput[]): Promise<void> {
      const now = nowIso(clock);
      const rows = accounts.map((a) => ({
        customerId: a.customerId,
        name: a.name,
        isNational: a.isNational ? 1 : 0,
        contractStart: a.contractStart ?? null,
        contractEnd: a.contractEnd ?? null,
        monthlyBilling: a.monthlyBilling ?? null,
        ownerEmail: a.ownerEmail ?? null,
        channelId: null,
        channelName: null,
        teamId: null,
        channelState: 'none' as const,
        archivedAt: null,
        missingSince: null,
        createdAt: now,
        updatedAt: now,
      }));
      await inTransaction(db, async (trx) => {
        for (const slice of chunks(rows, 200)) {
          await trx
            .insertInto('accounts')
            .values(slice)
            .onConflict((oc) =>
              oc.column('customerId').doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                isNational: eb.ref('excluded.isNational'),
                contractStart: eb.ref('excluded.contractStart'),
                contractEnd: eb.ref('excluded.contractEnd'),
                monthlyBilling: eb.ref('excluded.monthlyBilling'),
                ownerEmail: eb.ref('excluded.ownerEmail'),
                updatedAt: now,
              })),
            )
            .execute();
        }
      });
    },

    async get(customerId: string): Promise<Account | undefined> {
      const r = await db.selectFrom('accounts').selectAll().where('customerId', '=', customerId).executeTakeFirst();
      return r && toAccount(r);
    },

    /** Ids of the accounts whose billing owner has this e-mail (compared in lower case). */
    async idsOwnedBy(email: string): Promise<string[]> {
      const rows = await db
        .selectFrom('accounts')
        .select('customerId')
        .where((eb) => eb(eb.fn('lower', [eb.ref('ownerEmail')]), '=', email.toLowerCase()))
        .execute();
      return rows.map((r) => r.customerId);
    },

    async getByChannelId(channelId: string): Promise<Account | undefined> {
      const r = await db.selectFrom('accounts').selectAll().where('channelId', '=', channelId).executeTakeFirst();
      return r && toAccount(r);
    },

    /** In Finnish A–Ö order by name (then customer id). */
    async list(filter: { nationalOnly?: boolean; channelState?: ChannelState } = {}): Promise<Account[]> {
      let q = db.selectFrom('accounts').selectAll();
      if (filter.nationalOnly) q = q.where('isNational', '=', 1);
      if (filter.channelState) q = q.where('channelState', '=', filter.channelState);
      const rows = await q.execute();
      return rows.map(toAccount).sort((a, b) => finnishCollator.compare(a.name, b.name) || a.customerId.localeCompare(b.customerId));
    },

    /** `teamId` omitted (older journal entries) keeps the recorded team. */
    async setChannel(customerId: string, channel: { channelId: string; channelName: string; teamId?: string }): Promise<void> {
      await db
        .updateTable('accounts')
        .set({
          channelId: channel.channelId,
          channelName: channel.channelName,
          ...(channel.teamId ? { teamId: channel.teamId } : {}),
          channelState: 'active',
          archivedAt: null,
          updatedAt: nowIso(clock),
        })
        .where('customerId', '=', customerId)
        .execute();
    },

    async archive(customerId: string, channelName?: string): Promise<void> {
      const now = nowIso(clock);
      await db
        .updateTable('accounts')
        .set({ channelState: 'archived', archivedAt: now, updatedAt: now, ...(channelName ? { channelName } : {}) })
        .where('customerId', '=', customerId)
        .execute();
    },

    async revive(customerId: string, channelName?: string): Promise<void> {
      await db
        .updateTable('accounts')
        .set({
          channelState: 'active',
          archivedAt: null,
          missingSince: null,
          updatedAt: nowIso(clock),
          ...(channelName ? { channelName } : {}),
        })
        .where('customerId', '=', customerId)
        .execute();
    },

    /** Channels recorded before accounts carried their team (migration 0013) are in the one team configured then. */
    async assignTeamWhereMissing(teamId: string): Promise<void> {
      await db.updateTable('accounts').set({ teamId }).where('channelId', 'is not', null).where('teamId', 'is', null).execute();
    },

    /** Starts the grace period for accounts absent from an import; an existing start date is kept. */
    async markMissing(customerIds: readonly string[]): Promise<void> {
      if (customerIds.length === 0) return;
      const now = nowIso(clock);
      await db
        .updateTable('accounts')
        .set({ missingSince: now, updatedAt: now })
        .where('customerId', 'in', [...customerIds])
        .where('missingSince', 'is', null)
        .execute();
    },

    async clearMissing(customerIds: readonly string[]): Promise<void> {
      if (customerIds.length === 0) return;
      await db
        .updateTable('accounts')
        .set({ missingSince: null, updatedAt: nowIso(clock) })
        .where('customerId', 'in', [...customerIds])
        .where('missingSince', 'is not', null)
        .execute();
    },
  };
}
