import type { Selectable } from 'kysely';
import type { PeopleTable } from '../database';
import { chunks, inTransaction, normaliseEmail, nowIso, type RepoDeps } from '../support';

/** A person as cached from Graph; `objectId` (Entra) is null when Graph did not know the email. */
export type Person = Omit<Selectable<PeopleTable>, 'unknown'> & { unknown: boolean };

export interface Resolution {
  email: string;
  displayName?: string | null;
  objectId: string | null;
}

const toPerson = (r: PeopleTable): Person => ({ ...r, unknown: r.unknown === 1 });

export function createPeopleRepo({ db, clock }: RepoDeps) {
  return {
    /** Caches Graph look-ups; an email Graph did not find is stored as unknown (reported, not dropped). */
    async saveResolutions(resolutions: readonly Resolution[]): Promise<void> {
      const now = nowIso(clock);
      const byEmail = new Map(resolutions.map((r) => [normaliseEmail(r.email), r]));
      const rows = [...byEmail].map(([email, r]) => ({
        email,
        displayName: r.displayName ?? null,
        objectId: r.objectId,
        resolvedAt: now,
        unknown: r.objectId ? 0 : 1,
      }));
      await inTransaction(db, async (trx) => {
        for (const slice of chunks(rows)) {
          await trx
            .insertInto('people')
            .values(slice)
            .onConflict((oc) =>
              oc.column('email').doUpdateSet((eb) => ({
                displayName: eb.fn.coalesce(eb.ref('excluded.displayName'), eb.ref('people.displayName')),
                objectId: eb.ref('excluded.objectId'),
                resolvedAt: eb.ref('excluded.resolvedAt'),
                unknown: eb.ref('excluded.unknown'),
              })),
            )
            .execute();
        }
      });
    },

    async get(email: string): Promise<Person | undefined> {
      const r = await db.selectFrom('people').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
      return r && toPerson(r);
    },

    async getByObjectId(objectId: string): Promise<Person | undefined> {
      const r = await db.selectFrom('people').selectAll().where('objectId', '=', objectId).executeTakeFirst();
      return r && toPerson(r);
    },

    /** Known entries for these emails (keys normalised); missing keys have never been resolved. */
    async getMany(emails: readonly string[]): Promise<Map<string, Person>> {
      const keys = [...new Set(emails.map(normaliseEmail))];
      const out = new Map<string, Person>();
      for (const slice of chunks(keys, 500)) {
        const rows = await db.selectFrom('people').selectAll().where('email', 'in', slice).execute();
        for (const r of rows) out.set(r.email, toPerson(r));
      }
      return out;
    },

    async listUnknown(): Promise<Person[]> {
      const rows = await db.selectFrom('people').selectAll().where('unknown', '=', 1).orderBy('email').execute();
      return rows.map(toPerson);
    },
  };
}
