import type { Selectable } from 'kysely';
import type { ChannelProvisioningTable } from '../database';
import { nowIso, type RepoDeps } from '../support';

export type ChannelProvisioning = Selectable<ChannelProvisioningTable>;

export interface ProvisioningParts {
  appEnabled: boolean;
  tabs: boolean;
  folders: boolean;
  problem: string | null;
}

/** What each account channel has of its provisioning (see migration 0007). */
export function createChannelProvisioningRepo({ db, clock }: RepoDeps) {
  return {
    async listAll(): Promise<ChannelProvisioning[]> {
      return db.selectFrom('channelProvisioning').selectAll().execute();
    },

    /** Records one attempt: a part done now keeps its first timestamp, a part not done is cleared. */
    async record(customerId: string, channelId: string, parts: ProvisioningParts): Promise<void> {
      const now = nowIso(clock);
      const prev = await db.selectFrom('channelProvisioning').selectAll().where('customerId', '=', customerId).executeTakeFirst();
      const same = prev?.channelId === channelId;
      const at = (done: boolean, before: string | null | undefined) => (done ? (same && before) || now : null);
      const row = {
        customerId,
        channelId,
        appEnabledAt: at(parts.appEnabled, prev?.appEnabledAt),
        tabsDoneAt: at(parts.tabs, prev?.tabsDoneAt),
        foldersDoneAt: at(parts.folders, prev?.foldersDoneAt),
        problem: parts.problem,
        updatedAt: now,
      };
      await db
        .insertInto('channelProvisioning')
        .values(row)
        .onConflict((oc) =>
          oc.column('customerId').doUpdateSet({
            channelId: row.channelId,
            appEnabledAt: row.appEnabledAt,
            tabsDoneAt: row.tabsDoneAt,
            foldersDoneAt: row.foldersDoneAt,
            problem: row.problem,
            updatedAt: now,
          }),
        )
        .execute();
    },
  };
}
