import type { Selectable } from 'kysely';
import type { ActualMembershipsTable, DesiredMembershipsTable } from '../database';
import { readAccessReasons, type AccessReason } from '../../domain/access-reason';
import type { MembershipRole } from '../../domain/roles';
import { chunks, fromJson, inTransaction, normaliseEmail, nowIso, toJson, type RepoDeps } from '../support';

export type DesiredMembership = Omit<Selectable<DesiredMembershipsTable>, 'reasonsJson'> & { reasons: AccessReason[] };

/** membershipId: the Graph conversationMember id, needed to remove the member. */
export type ActualMembership = Omit<Selectable<ActualMembershipsTable>, 'rolesJson'> & { roles: string[] };

export type ActualMembershipInput = Omit<ActualMembership, 'customerId' | 'channelId' | 'seenAt'>;

export function createDesiredMembershipsRepo({ db, clock }: RepoDeps) {
  const toDesired = (r: Selectable<DesiredMembershipsTable>): DesiredMembership => ({
    customerId: r.customerId,
    email: r.email,
    role: r.role,
    reasons: readAccessReasons(fromJson<unknown>(r.reasonsJson, [])),
    computedAt: r.computedAt,
  });
  return {
    async replaceForAccount(
      customerId: string,
      members: readonly { email: string; role: MembershipRole; reasons: readonly AccessReason[] }[],
    ): Promise<void> {
      const now = nowIso(clock);
      const rows = members.map((m) => ({
        customerId,
        email: normaliseEmail(m.email),
        role: m.role,
        reasonsJson: toJson(m.reasons),
        computedAt: now,
      }));
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('desiredMemberships').where('customerId', '=', customerId).execute();
        for (const slice of chunks(rows)) await trx.insertInto('desiredMemberships').values(slice).execute();
      });
    },

    async listForAccount(customerId: string): Promise<DesiredMembership[]> {
      const rows = await db.selectFrom('desiredMemberships').selectAll().where('customerId', '=', customerId).orderBy('email').execute();
      return rows.map(toDesired);
    },

    /** Every account a person should see, with the reasons ("why do I have access?", tab authorisation). */
    async listForEmail(email: string): Promise<DesiredMembership[]> {
      const rows = await db
        .selectFrom('desiredMemberships')
        .selectAll()
        .where('email', '=', normaliseEmail(email))
        .orderBy('customerId')
        .execute();
      return rows.map(toDesired);
    },

    /** One person's role on one account, or undefined when they have no desired membership there. */
    async roleOf(customerId: string, email: string): Promise<MembershipRole | undefined> {
      const row = await db
        .selectFrom('desiredMemberships')
        .select('role')
        .where('customerId', '=', customerId)
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      return row?.role;
    },

    /** Ids only of the accounts a person should see (tab authorisation needs no reasons). */
    async customerIdsFor(email: string): Promise<string[]> {
      const rows = await db.selectFrom('desiredMemberships').select('customerId').where('email', '=', normaliseEmail(email)).execute();
      return rows.map((r) => r.customerId);
    },

    async listAll(): Promise<DesiredMembership[]> {
      const rows = await db.selectFrom('desiredMemberships').selectAll().orderBy('customerId').orderBy('email').execute();
      return rows.map(toDesired);
    },
  };
}

export function createActualMembershipsRepo({ db, clock }: RepoDeps) {
  const toActual = (r: Selectable<ActualMembershipsTable>): ActualMembership => {
    const { rolesJson, ...rest } = r;
    return { ...rest, roles: fromJson<string[]>(rolesJson, []) };
  };
  const row = (customerId: string, channelId: string, m: ActualMembershipInput, seenAt: string) => ({
    customerId,
    channelId,
    userId: m.userId,
    email: m.email ? normaliseEmail(m.email) : null,
    membershipId: m.membershipId,
    rolesJson: toJson(m.roles),
    seenAt,
  });
  return {
    /** Snapshot of the channel's members as last read from Graph. */
    async replaceForAccount(customerId: string, channelId: string, members: readonly ActualMembershipInput[]): Promise<void> {
      const now = nowIso(clock);
      const rows = members.map((m) => row(customerId, channelId, m, now));
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('actualMemberships').where('customerId', '=', customerId).execute();
        for (const slice of chunks(rows)) await trx.insertInto('actualMemberships').values(slice).execute();
      });
    },

    /** Records one member added by this app (so a crash after the add is not forgotten). */
    async upsert(customerId: string, channelId: string, member: ActualMembershipInput): Promise<void> {
      const r = row(customerId, channelId, member, nowIso(clock));
      await db
        .insertInto('actualMemberships')
        .values(r)
        .onConflict((oc) =>
          oc.columns(['customerId', 'userId']).doUpdateSet({
            channelId: r.channelId,
            email: r.email,
            membershipId: r.membershipId,
            rolesJson: r.rolesJson,
            seenAt: r.seenAt,
          }),
        )
        .execute();
    },

    async remove(customerId: string, userId: string): Promise<boolean> {
      const res = await db
        .deleteFrom('actualMemberships')
        .where('customerId', '=', customerId)
        .where('userId', '=', userId)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async listForAccount(customerId: string): Promise<ActualMembership[]> {
      const rows = await db.selectFrom('actualMemberships').selectAll().where('customerId', '=', customerId).orderBy('userId').execute();
      return rows.map(toActual);
    },
  };
}
