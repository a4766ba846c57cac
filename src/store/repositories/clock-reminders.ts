import { nowIso, type RepoDeps } from '../support';

/** Which annual-clock occurrences already had their owner reminder queued. */
export function createClockRemindersRepo({ db, clock }: RepoDeps) {
  return {
    /**
     * Keys `<eventId>@<YYYY-MM-DD>` of the markers of these events; a site share's marker (occurrence
     * `<date>#<siteId>`) as `<eventId>#<siteId>@<date>`, the key its reminder has.
     */
    async sentKeys(eventIds: readonly string[]): Promise<Set<string>> {
      if (eventIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('clockReminders')
        .select(['eventId', 'occurrence'])
        .where('eventId', 'in', [...eventIds])
        .execute();
      return new Set(
        rows.map((r) => {
          const i = r.occurrence.indexOf('#');
          return i < 0 ? `${r.eventId}@${r.occurrence}` : `${r.eventId}#${r.occurrence.slice(i + 1)}@${r.occurrence.slice(0, i)}`;
        }),
      );
    },

    /** False when another run (or instance) marked it first: then it must not be queued again. */
    async mark(eventId: string, occurrence: string, ownerEmail: string): Promise<boolean> {
      const inserted = await db
        .insertInto('clockReminders')
        .values({ eventId, occurrence, ownerEmail, queuedAt: nowIso(clock) })
        .onConflict((oc) => oc.columns(['eventId', 'occurrence']).doNothing())
        .returning('eventId')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}
